"""`ecmn-press new`: start a file that is valid and builds as it is.

Each function returns the path and text to write, or raises ScaffoldError
with a message for the editor; the command line writes and prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


from .content.config import SiteConfig, load_config
from .content.schema import WORDS, Documents, to_documents
from .content.sources import read_sources
from .core.diagnostics import Report, did_you_mean
from .core.model import Document
from .core.slugs import is_slug, slugify
from .i18n.codes import code_problem, normal, split_name, translation_name


class ScaffoldError(Exception):
    """Something the editor asked for that cannot be made."""


@dataclass(frozen=True, slots=True)
class NewFile:
    path: Path
    text: str


def _site(site_dir: Path) -> tuple[Documents, dt.date]:
    """What the site holds now (problems in it are for `check`, not for us)."""
    docs, config = _site_and_settings(site_dir)
    return docs, dt.datetime.now(config.timezone).date()


def _site_and_settings(site_dir: Path) -> tuple[Documents, SiteConfig]:
    report = Report()
    sources = read_sources(site_dir, report)
    config = load_config(sources.settings, report)
    if config is None:
        raise ScaffoldError("content/site.yaml is missing or broken: run `ecmn-press check` first, "
                            "or start a site with `ecmn-press new site DIR`")
    return to_documents(sources.files, config, report), config


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


def new_issue(site_dir: Path, number: int | None, date: dt.date | None, title: str | None,
              lang: str | None = None) -> NewFile:
    if lang:
        if number is None:
            raise ScaffoldError("a translation of an issue needs --number N: the issue to translate")
        return new_translation(site_dir, "issue", lang, issue_number=number)
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


def new_article(site_dir: Path, issue_number: int, slug: str, title: str | None, lang: str | None = None) -> NewFile:
    if lang:
        return new_translation(site_dir, "article", lang, slug, issue_number)
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


def new_story(site_dir: Path, slug: str, teams: list[str], title: str | None, date: dt.date | None,
              lang: str | None = None) -> NewFile:
    if lang:
        return new_translation(site_dir, "story", lang, slug)
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


def new_team(site_dir: Path, slug: str, name: str | None, region: str | None, country: str | None,
             lang: str | None = None) -> NewFile:
    if lang:
        return new_translation(site_dir, "team", lang, slug)
    _site(site_dir)
    meta = {
        "name": name or _title(_slug(slug)), "service_area": "", "organisation": "",
        "region": region or "", "country": country or "", "programme": "",
    }
    body = "Who the team are, whom they care for, and what they are working on.\n"
    return _file(site_dir / "content" / "teams" / f"{_slug(slug)}.md", meta, body)


def new_page(site_dir: Path, slug: str, title: str | None, menu: bool, lang: str | None = None) -> NewFile:
    if lang:
        return new_translation(site_dir, "page", lang, slug)
    _site(site_dir)
    meta = {"title": title or _title(_slug(slug)), "menu": menu}
    return _file(site_dir / "content" / "pages" / f"{_slug(slug)}.md", meta, "The page's text.\n")


def new_translation(site_dir: Path, kind: str, lang: str, slug: str | None = None,
                    issue_number: int | None = None) -> NewFile:
    """`stories/<slug>.<lang>.md` beside its original: the original's words (title,
    summary, ... and body) to translate, and nothing it shares with the original,
    which the translation takes from there. It starts as a draft, so the original
    stays shown in that language until the translation is done."""
    docs, config = _site_and_settings(site_dir)
    code = _declared(lang, config)
    original = _original(docs, kind, slug, issue_number)
    own = original.lang or config.language
    if own == code:
        raise ScaffoldError(f"{original.path} is itself written in '{code}': there is nothing to translate into it")
    source = site_dir / original.path
    stem, _ = split_name(source.name)
    import frontmatter  # see _file

    post = frontmatter.load(source)
    meta = {key: post.metadata[key] for key in WORDS[kind] if post.metadata.get(key) not in (None, "")}
    meta["draft"] = True
    return _file(source.with_name(translation_name(stem, code)), meta, post.content)


def _declared(lang: str, config: SiteConfig) -> str:
    problem = code_problem(lang)
    if problem is not None:
        raise ScaffoldError(f"{problem[0]} ({problem[1]})")
    code = normal(lang)
    if code not in config.codes:
        others = ", ".join(config.codes[1:]) or "none yet"
        raise ScaffoldError(f"language '{code}' is not one of the site's languages (declared: {others}); "
                            "add it under languages: in content/site.yaml first")
    return code


def _original(docs: Documents, kind: str, slug: str | None, issue_number: int | None) -> Document:
    """The original to translate: an issue by number, an article by issue and slug, others by slug."""
    if kind == "issue":
        found = next((i for i in docs.issues if i.number == issue_number), None)
        known = [str(i.number) for i in sorted(docs.issues, key=lambda i: i.number)]
        asked = f"issue {issue_number}"
    else:
        pool: list[Document] = {"article": [a for a in docs.articles
                                             if any(i.number == issue_number and a.issue_folder == i.folder
                                                    for i in docs.issues)],
                                "story": docs.stories, "team": docs.teams, "page": docs.pages}[kind]
        found = next((d for d in pool if d.slug == slug or split_name(Path(d.path).name)[0] == slug), None)
        known = sorted(d.slug for d in pool)
        asked = f"{kind} '{slug}'" + (f" in issue {issue_number}" if kind == "article" else "")
    if found is None:
        near = did_you_mean(str(slug if kind != "issue" else issue_number), known)
        listed = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "") or "none yet"
        raise ScaffoldError(f"there is no {asked} to translate" + (f" ({near})" if near else f" (there are: {listed})"))
    return found
