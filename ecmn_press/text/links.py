"""Links an editor writes in Markdown -> URLs readers follow.

A link to a content file (`../stories/x.md`, `/teams/y.md#history`) becomes
that page's URL; a link to a media file is checked and kept; a link to a
file that does not exist is an error at the line where it is written. A link
to another site must be one a reader may follow (`https:`, `mailto:`, ...),
a picture one a browser may load (`https:`): anything else is an error, and
the URL is dropped.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..core.cache import digest
from ..core.diagnostics import Position, Report, did_you_mean, did_you_mean_path
from ..core.weburls import LINK, WEB, scheme_of, url_problem

REFUSED = ""  # what the resolver returns for a URL that must not be published
_FILE_LIKE = re.compile(r"\.[A-Za-z0-9]{1,5}$")


@dataclass(frozen=True, slots=True)
class LinkTable:
    """What a link may point at, as plain data (picklable for worker processes)."""

    base_path: str  # '/' or '/ecmn/'
    pages: dict[str, str]  # content path -> site-relative URL of a published page
    held: dict[str, str]  # content path -> why it is not published in this build
    media: frozenset[str]  # content paths of media files
    files: frozenset[str]  # every file under content/
    routes: frozenset[str]  # every site-relative URL the build writes
    prefix: str = ""  # the language folder pages are linked in ('sv/'); media stay at the root

    def digest(self) -> str:
        """Equal for tables that resolve every link alike (asked once a build, so kept cheap)."""
        # Paths and URLs hold no newline (names with control characters are refused); the reasons are repr'd.
        return digest(self.base_path, self.prefix, "\n".join(f"{k}\0{v}" for k, v in sorted(self.pages.items())),
                      repr(sorted(self.held.items())), "\n".join(sorted(self.media)), "\n".join(sorted(self.files)),
                      "\n".join(sorted(self.routes)))


@dataclass(slots=True)
class LinkResolver:
    """Resolves the links of one source file, reporting into its own report."""

    table: LinkTable
    source: str  # the file the links are written in
    report: Report = field(default_factory=Report)
    targets: list[tuple[str, str, Position]] = field(default_factory=list)  # (path, anchor, where)

    def __call__(self, href: str, position: Position, image: bool = False) -> str | None:
        """The href to publish, None to keep the link as written, or REFUSED to drop it."""
        if not href or href.startswith("#"):
            return None
        if scheme_of(href) or href.lstrip().startswith(("//", "\\", "/\\")):
            problem = url_problem(href, WEB if image else LINK)
            if problem:
                what = "picture" if image else "link"
                self.report.error(position, f"{what} '{href}' cannot be published: {problem}")
                return REFUSED
            return None
        path, hash_, anchor = href.partition("#")
        path = unquote(path.partition("?")[0])
        if not path:
            return None
        target = posixpath.normpath(
            "content" + path if path.startswith("/") else posixpath.join(posixpath.dirname(self.source), path)
        )
        if not target.startswith("content/"):
            self.report.error(position, f"link '{href}' points outside the content folder")
            return None
        suffix = hash_ + anchor
        if target.endswith(".md"):
            return self._content(href, target, anchor, suffix, position)
        if target.startswith("content/media/"):
            if target in self.table.media:
                return self.table.base_path + target.removeprefix("content/") + suffix
            hint = did_you_mean_path(target, self.table.media)
            self.report.error(position, f"broken link: media file {target} does not exist", hint)
            return None
        if path.startswith("/"):
            return self._site_url(href, path, suffix, position)
        if target in self.table.files:
            self.report.error(
                position, f"link '{href}' points at {target}, which is not published",
                "images and files belong under content/media/",
            )
        elif _FILE_LIKE.search(target):
            self.report.error(position, f"broken link: {target} does not exist")
        return None

    def _content(self, href: str, target: str, anchor: str, suffix: str, position: Position) -> str | None:
        url = self.table.pages.get(target)
        if url is not None:
            if anchor:
                self.targets.append((target, anchor, position))
            return self.table.base_path + self.table.prefix + url + suffix
        if target in self.table.held:
            self.report.warning(
                position, f"link '{href}' points at {target}, which this build holds back ({self.table.held[target]})",
            )
            return None
        if target in self.table.files:
            return None  # a content file with errors of its own, reported there
        hint = did_you_mean_path(target, self.table.pages)
        self.report.error(position, f"broken link: {target} does not exist", hint)
        return None

    def _site_url(self, href: str, path: str, suffix: str, position: Position) -> str | None:
        url = path.lstrip("/")
        for candidate in (url, url + "/" if url and not url.endswith("/") else None):
            if candidate is not None and candidate in self.table.routes:
                return self.table.base_path + self.table.prefix + candidate + suffix
        hint = did_you_mean(url, self.table.routes)
        self.report.error(position, f"broken link: no page or file at '{href}'", hint)
        return None
