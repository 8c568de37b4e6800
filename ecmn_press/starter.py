"""`ecmn-press new site`: a whole site folder that checks, builds and says how to publish.

The files are templates in `starter_files/` (package data), filled in with
`string.Template` ($name); the publishing workflows are copied as they are,
since their own `${{ }}` and `$CI_...` belong to GitHub and GitLab.
`settings_problems` judges the answers by the rules site.yaml is loaded
with; `new_site` returns the files to write. The command line asks, prints
and writes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

import yaml

from . import __version__
from .content.config import base_url_problem, check_base_url, is_language_tag, timezone_named
from .core.model import CONTROL_CHARACTERS
from .scaffold import NewFile

FILES = Path(__file__).resolve().parent / "starter_files"
CI = ("github", "gitlab")
TEAM = "outpatient-clinic"
DEFAULT_BASE_URL = "https://example.org/"

# (template in starter_files/, path in the new site); {issue} is the issue's folder.
_SITE = (
    ("site.yaml", "content/site.yaml"),
    ("team.md", f"content/teams/{TEAM}.md"),
    ("about.md", "content/pages/about.md"),
    ("issue.md", "content/issues/{issue}/issue.md"),
    ("article.md", "content/issues/{issue}/why-a-network.md"),
    ("story.md", "content/stories/counting-missed-appointments.md"),
    ("gitignore", ".gitignore"),
    ("requirements.txt", "requirements.txt"),
    ("README.md", "README.md"),
)
_WORKFLOWS = {"github": ("github-pages.yml", ".github/workflows/publish.yml"),
              "gitlab": ("gitlab-pages.yml", ".gitlab-ci.yml")}
# The story's example measure: a weekly count that falls after a change in week 7.
_MISSED = (9, 11, 8, 10, 12, 9, 7, 6, 5, 6, 4, 5)


@dataclass(frozen=True, slots=True)
class SiteSettings:
    title: str
    base_url: str
    timezone: str
    language: str
    ci: str | None = None


def title_problem(title: str) -> str | None:
    if not title.strip():
        return "the title must not be empty"
    if "\n" in title or CONTROL_CHARACTERS.search(title):
        return "the title must be one line of text"
    return None


def timezone_problem(name: str) -> str | None:
    if timezone_named(name) is None:
        return f"'{name}' is not an IANA timezone name such as Europe/London or UTC"
    return None


def language_problem(tag: str) -> str | None:
    if not is_language_tag(tag):
        return f"'{tag}' is not a BCP 47 language tag such as en, en-GB or sv"
    return None


def ci_problem(ci: str | None) -> str | None:
    return None if ci in (None, *CI) else f"'{ci}' is not one of {', '.join(CI)}"


# What a terminal asks for when the option is not given: setting -> (question, check).
QUESTIONS = {
    "title": ("Site title", title_problem),
    "base_url": ("Address the site will be published at", base_url_problem),
    "timezone": ("Timezone of the dates you write", timezone_problem),
    "language": ("Language of the site (BCP 47)", language_problem),
}


def defaults(folder: Path) -> dict[str, str]:
    """The answer to each question when nobody is asked."""
    return {"title": default_title(folder), "base_url": DEFAULT_BASE_URL,
            "timezone": local_timezone(), "language": "en"}


def settings_problems(settings: SiteSettings) -> dict[str, str]:
    """What is wrong with each answer, by option name (`base-url`); empty when the site can be made."""
    found = {name.replace("_", "-"): check(getattr(settings, name)) for name, (_, check) in QUESTIONS.items()}
    found["ci"] = ci_problem(settings.ci)
    return {name: problem for name, problem in found.items() if problem}


def folder_problem(folder: Path) -> str | None:
    """Why a new site may not be made in `folder`, or None.

    A folder holding only `.git` (a fresh clone of an empty repository) counts as empty.
    """
    if not os.path.lexists(folder):
        return None
    if not folder.is_dir():
        return f"{folder} exists and is not a folder; nothing was written"
    try:
        entries = [p.name for p in folder.iterdir()]
    except OSError as exc:
        return f"cannot look into {folder}: {exc.strerror or exc}; nothing was written"
    if set(entries) - {".git"}:
        return (f"{folder} exists and is not empty; nothing was written "
                "(start the site in a new folder, or in an empty one)")
    return None


def default_title(folder: Path) -> str:
    name = re.sub(r"[-_]+", " ", folder.resolve().name).strip()
    return name[:1].upper() + name[1:] if name else "Our network"


def local_timezone(environ: dict[str, str] | None = None, localtime: Path = Path("/etc/localtime")) -> str:
    """This machine's IANA timezone when it can be told ($TZ, /etc/localtime), else UTC."""
    name = (os.environ if environ is None else environ).get("TZ", "").lstrip(":")
    if name and timezone_named(name):
        return name
    try:
        target = os.readlink(localtime)
    except OSError:
        return "UTC"
    found = target.split("zoneinfo/", 1)[-1] if "zoneinfo/" in target else ""
    return found if found and timezone_named(found) else "UTC"


def new_site(folder: Path, settings: SiteSettings, today: dt.date) -> list[NewFile]:
    """The files of a new site in `folder`: settings, one of each kind of content, README, workflow."""
    url = check_base_url(settings.base_url) or settings.base_url
    title = settings.title.strip()
    values = {
        "name": title,  # in Markdown
        "url": url,
        "title": _scalar(title),  # in YAML
        "base_url": _scalar(url),
        "description": _scalar(f"News, team stories and run charts from the teams of {title}."),
        "language": _scalar(settings.language),
        "timezone": _scalar(settings.timezone),
        "today": today.isoformat(),
        "team": TEAM,
        "version": __version__,
        "points": _points(today),
        "publish": _read(f"publish-{settings.ci or 'elsewhere'}.md").strip(),
    }
    issue = f"{today:%Y-%m}-issue-01"
    made = []
    for template, path in _SITE:
        text = Template(_read(template)).substitute(values)
        made.append(NewFile(folder / path.format(issue=issue), text))
    if settings.ci:
        template, path = _WORKFLOWS[settings.ci]
        made.append(NewFile(folder / path, _read(template)))
    return made


def next_steps(folder: Path, settings: SiteSettings, cwd: Path) -> tuple[list[str], list[str]]:
    """What to tell the editor once the site is written: the next commands, and notes."""
    steps = [f"A new site is in {folder}. Next:"]
    if folder.resolve() != cwd.resolve():
        steps.append(f"  cd {folder}")
    steps += ["  ecmn-press serve           preview it, drafts included",
              "  ecmn-press build --strict  build it into output/ to publish (README.md says how)"]
    notes = []
    if settings.base_url == DEFAULT_BASE_URL:
        notes.append(f"base_url is {DEFAULT_BASE_URL}: set the site's real address in content/site.yaml "
                     "before you publish")
    return steps, notes


def _read(name: str) -> str:
    return (FILES / name).read_text(encoding="utf-8")


def _scalar(value: str) -> str:
    """`value` as one YAML scalar, plain when YAML reads it back as the same text."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style=None)
    line = dumped.split("\n", 1)[0]
    return line if yaml.safe_load(line) == value else yaml.safe_dump(value, default_style='"', width=1_000_000).strip()


def _points(today: dt.date) -> str:
    """The example measure's points: one a week, the last in the week before `today`."""
    first = today - dt.timedelta(weeks=len(_MISSED))
    return "\n".join(
        f"      - {{date: {first + dt.timedelta(weeks=i)}, value: {value}}}" for i, value in enumerate(_MISSED)
    )
