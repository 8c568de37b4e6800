"""`LegacyIssue` -> the text of an issue folder, and the few file operations
an import needs (finding existing issues, writing atomically)."""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import suppress
from pathlib import Path

import frontmatter
import yaml

from ..core.slugs import slugify
from .markdown import render
from .model import LegacyIssue

EDITORIAL = "This issue was imported from the plain-text edition of the newsletter."
IMPORT_KEY = "imported_from"  # marks the article an import wrote, so --force can replace it
MAX_SLUG = 60


def folder_name(issue: LegacyIssue) -> str:
    return f"{issue.date.year:04d}-{issue.date.month:02d}-issue-{issue.number:02d}"


def article_slug(issue: LegacyIssue) -> str:
    slug = slugify(issue.article_title)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG] else slug[:MAX_SLUG]
    slug = slug.strip("-")
    if not slug:
        return f"micronewsletter-{issue.number}"
    return "issue-article" if slug == "issue" else slug  # issue.md is the issue itself


def _dump(meta: dict[str, object], body: str) -> str:
    # Safe dumper: plain YAML types only (no python/ tags); dates stay YAML dates.
    text = frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False, width=4096)
    return text if text.endswith("\n") else text + "\n"


def issue_files(issue: LegacyIssue, source_name: str, lang: str = "") -> dict[str, str]:
    """File name inside the issue folder -> its text; `lang` (when not the site's
    default language) says the issue is written first in that language."""
    issue_meta: dict[str, object] = {"number": issue.number, "date": issue.date, "title": issue.title}
    if issue.subtitle:
        issue_meta["subtitle"] = issue.subtitle
    article_meta: dict[str, object] = {"title": issue.article_title}
    if issue.authors:
        article_meta["authors"] = list(issue.authors)
    article_meta["order"] = 1
    article_meta[IMPORT_KEY] = source_name
    if lang:
        issue_meta["lang"] = article_meta["lang"] = lang
    return {
        "issue.md": _dump(issue_meta, EDITORIAL),
        f"{article_slug(issue)}.md": _dump(article_meta, render(issue.blocks)),
    }


def translation_files(issue: LegacyIssue, lang: str, article_stem: str) -> dict[str, str]:
    """The same issue in another language, as translations beside an issue already in the
    site: only the words (title, subtitle, bodies); number, date and authors are the original's."""
    issue_meta: dict[str, object] = {"title": issue.title}
    if issue.subtitle:
        issue_meta["subtitle"] = issue.subtitle
    return {
        f"issue.{lang}.md": _dump(issue_meta, EDITORIAL),
        f"{article_stem}.{lang}.md": _dump({"title": issue.article_title}, render(issue.blocks)),
    }


def read_front_matter(path: Path) -> dict | None:
    """The YAML mapping at the top of a Markdown file, or None for anything
    unreadable: a broken neighbour must not stop an import."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    m = re.match(r"---[ \t]*\r?\n(.*?)(?:^|\n)---[ \t]*(?:\r?\n|$)", text, re.S)
    if not m:
        return None
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def existing_issues(site_dir: Path) -> dict[int, Path]:
    """Issue number -> the issue.md that declares it."""
    found: dict[int, Path] = {}
    issues = site_dir / "content" / "issues"
    with suppress(OSError):
        for path in sorted(issues.glob("*/issue.md")):
            meta = read_front_matter(path)
            number = meta.get("number") if meta else None
            if isinstance(number, int) and not isinstance(number, bool):
                found.setdefault(number, path)
    return found


def imported_articles(folder: Path) -> list[Path]:
    """Articles an earlier import wrote into this folder."""
    with suppress(OSError):
        return [p for p in sorted(folder.glob("*.md"))
                if p.name != "issue.md" and IMPORT_KEY in (read_front_matter(p) or {})]
    return []


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, so a reader (or a
    running `serve`) sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
