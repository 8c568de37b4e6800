"""`ecmn-press new`: start a file that is valid and builds as it is.

Each function returns the path and text to write, or raises ScaffoldError
with a message for the editor; the command line writes and prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


from .content.config import load_config
from .content.schema import Documents, to_documents
from .content.sources import read_sources
from .core.diagnostics import Report
from .core.slugs import is_slug, slugify


class ScaffoldError(Exception):
    """Something the editor asked for that cannot be made."""


@dataclass(frozen=True, slots=True)
class NewFile:
    path: Path
    text: str


def _site(site_dir: Path) -> tuple[Documents, dt.date]:
    """What the site holds now (problems in it are for `check`, not for us)."""
    report = Report()
    sources = read_sources(site_dir, report)
    config = load_config(sources.settings, report)
    if config is None:
        raise ScaffoldError("content/site.yaml is missing or broken: run `ecmn-press check` first, "
                            "or start a site with `ecmn-press new site DIR`")
    today = dt.datetime.now(config.timezone).date()
    return to_documents(sources.files, config, report), today


def _file(path: Path, meta: dict, body: str) -> NewFile:
    import frontmatter  # 70 ms to load: only `new` writes front matter, and every build loads this module

    if path.exists():
        raise ScaffoldError(f"{path} already exists; nothing was written")
    return NewFile(path, frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False) + "\n")


def _slug(slug: str) -> str:
    if not is_slug(slug):
        suggestion = slugify(slug)
        hint = f" (try '{suggestion}')" if suggestion else ""
        raise ScaffoldError(f"'{slug}' is not a slug: use lower-case letters, digits and '-'{hint}")
    return slug


def _title(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def new_issue(site_dir: Path, number: int | None, date: dt.date | None, title: str | None) -> NewFile:
    docs, today = _site(site_dir)
    taken = {i.number for i in docs.issues}
    number = number or max(taken, default=0) + 1
    if number in taken:
        raise ScaffoldError(f"issue {number} already exists")
    date = date or today
    meta: dict = {"number": number, "date": date}
    if title:
        meta["title"] = title
    meta.update({"editors": [], "summary": "", "draft": True})
    folder = site_dir / "content" / "issues" / f"{date:%Y-%m}-issue-{number:02d}"
    body = "The editorial: what this issue is about and why it matters now.\n"
    return _file(folder / "issue.md", meta, body)


def new_article(site_dir: Path, issue_number: int, slug: str, title: str | None) -> NewFile:
    docs, _ = _site(site_dir)
    issue = next((i for i in docs.issues if i.number == issue_number), None)
    if issue is None:
        known = ", ".join(str(n) for n in sorted(i.number for i in docs.issues)) or "none yet"
        raise ScaffoldError(f"there is no issue {issue_number} (issues: {known})")
    order = 1 + sum(1 for a in docs.articles if a.issue_folder == issue.folder)
    meta = {"title": title or _title(_slug(slug)), "authors": [], "order": order, "themes": [], "tags": []}
    path = site_dir / issue.folder / f"{_slug(slug)}.md"
    body = "Write the article here.\n\n<!-- Link to a story like this: [its title](../../stories/its-slug.md) -->\n"
    return _file(path, meta, body)


def new_story(site_dir: Path, slug: str, teams: list[str], title: str | None, date: dt.date | None) -> NewFile:
    docs, today = _site(site_dir)
    known = sorted(t.slug for t in docs.teams)
    if not teams:
        raise ScaffoldError("a story needs --team SLUG (teams: " + (", ".join(known) or "none yet") + ")")
    unknown = [t for t in teams if t not in known]
    if unknown:
        raise ScaffoldError(f"unknown team '{unknown[0]}' (teams: {', '.join(known) or 'none yet'})")
    meta = {
        "title": title or _title(_slug(slug)), "date": date or today, "teams": teams,
        "themes": [], "tags": [], "authors": [], "summary": "", "status": "testing", "draft": True,
    }
    body = (
        "What the team set out to do, what they changed, and what they measured.\n\n"
        "## Why we started\n\n## What we changed\n\n## What the data showed\n"
    )
    return _file(site_dir / "content" / "stories" / f"{_slug(slug)}.md", meta, body)


def new_team(site_dir: Path, slug: str, name: str | None, region: str | None, country: str | None) -> NewFile:
    _site(site_dir)
    meta = {
        "name": name or _title(_slug(slug)), "service_area": "", "organisation": "",
        "region": region or "", "country": country or "", "programme": "",
    }
    body = "Who the team are, whom they care for, and what they are working on.\n"
    return _file(site_dir / "content" / "teams" / f"{_slug(slug)}.md", meta, body)


def new_page(site_dir: Path, slug: str, title: str | None, menu: bool) -> NewFile:
    _site(site_dir)
    meta = {"title": title or _title(_slug(slug)), "menu": menu}
    return _file(site_dir / "content" / "pages" / f"{_slug(slug)}.md", meta, "The page's text.\n")
