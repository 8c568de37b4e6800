"""Typed content: what an editor's files mean, with no I/O and no rendering.

`schema` builds these from front matter; `relate` links them into a `Site`.
Fields that name other content (`team_refs`, `tags`, ...) keep the position
where the editor wrote them, so later stages can point at the exact spot.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from .diagnostics import Position, compact_pickle

# Characters no content may hold: C0 controls but tab and newline, and the
# two non-characters XML refuses. None can be written into a feed or sitemap.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

THEMES: tuple[str, ...] = ("purpose", "patients", "professionals", "processes", "patterns")


@compact_pickle
@dataclass(frozen=True, slots=True)
class When:
    """A content date: the calendar day readers see and the instant it starts.

    A date without a time is that calendar day in the site's timezone, so its
    instant is midnight there; a date-time keeps its own offset.
    """

    day: dt.date
    instant: dt.datetime
    has_time: bool = False


@compact_pickle
@dataclass(frozen=True, slots=True)
class Ref:
    """A name written in front matter (team slug, tag, author) and where."""

    value: str
    position: Position


@compact_pickle
@dataclass(frozen=True, slots=True)
class Body:
    """Markdown text and the file line (1-based) its first line sits on."""

    text: str
    first_line: int


@compact_pickle
@dataclass(frozen=True, slots=True)
class Point:
    day: dt.date
    value: float
    position: Position


@compact_pickle
@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    unit: str
    better: Literal["lower", "higher"] | None
    points: tuple[Point, ...]  # in time order
    baseline: int | None
    position: Position


@compact_pickle
@dataclass(slots=True, eq=False)
class Document:
    """What every content file has: its path, slug, title and the rest.

    Not its body: that stays with its file (`SourceFile.body`), so the cache
    keeps no second copy and a build that finds the body's HTML cached never
    reads it.
    """

    path: str  # relative to the site folder, e.g. content/stories/x.md
    slug: str
    title: str
    draft: bool
    extra: dict[str, Any]
    fields: dict[str, Position]  # where each front-matter key's value sits
    lang: str = ""  # the language it is written in; '' is the site's default language

    def at(self, key: str) -> Position:
        return self.fields.get(key) or Position(self.path, 1, 1)


@compact_pickle
@dataclass(slots=True, eq=False)
class Issue(Document):
    number: int = 0
    when: When | None = None
    subtitle: str | None = None
    editors: list[Ref] = field(default_factory=list)
    summary: str | None = None
    cover: Ref | None = None
    folder: str = ""  # content/issues/<folder>


@compact_pickle
@dataclass(slots=True, eq=False)
class Article(Document):
    issue_folder: str = ""
    order: int | None = None
    authors: list[Ref] = field(default_factory=list)
    summary: str | None = None
    team_refs: list[Ref] = field(default_factory=list)
    themes: list[Ref] = field(default_factory=list)
    tags: list[Ref] = field(default_factory=list)
    when: When | None = None  # None: the issue's date, filled in by relate


@compact_pickle
@dataclass(slots=True, eq=False)
class Story(Document):
    when: When | None = None
    team_refs: list[Ref] = field(default_factory=list)
    themes: list[Ref] = field(default_factory=list)
    tags: list[Ref] = field(default_factory=list)
    authors: list[Ref] = field(default_factory=list)
    summary: str | None = None
    status: str | None = None
    measures: list[Measure] = field(default_factory=list)


@compact_pickle
@dataclass(slots=True, eq=False)
class Team(Document):
    service_area: str | None = None
    organisation: str | None = None
    region: str | None = None
    country: str | None = None
    programme: str | None = None
    joined: When | None = None
    website: str | None = None

    @property
    def name(self) -> str:
        return self.title


@compact_pickle
@dataclass(slots=True, eq=False)
class Page(Document):
    order: int | None = None
    menu: bool = False


Item = Article | Story


@dataclass(slots=True, eq=False)
class Translation:
    """A file beside an original that gives its words in another language.

    It holds only words; what it repeats of the original's other fields is
    kept as written (`shared`), to be compared with the original's.
    """

    path: str  # content/stories/x.sv.md
    lang: str
    original: str  # content/stories/x.md
    words: dict[str, str]  # title, summary, ... as the translation gives them
    draft: bool
    extra: dict[str, Any]
    fields: dict[str, Position]
    shared: dict[str, Any]  # key -> value as written, for keys that belong to the original


@dataclass(slots=True, eq=False)
class Term:
    """A tag, an author or one of the 5 Ps, with what is filed under it."""

    kind: Literal["tag", "author", "theme"]
    slug: str
    name: str
    items: list[Item] = field(default_factory=list)  # newest first
    issues_edited: list[Issue] = field(default_factory=list)  # authors only


@compact_pickle
@dataclass(frozen=True, slots=True)
class HeldBack:
    path: str
    reason: Literal["draft", "scheduled"]
    detail: str  # e.g. "dated 2031-01-01" or "its issue is a draft"


@compact_pickle
@dataclass(frozen=True, slots=True)
class NavLink:
    title: str
    url: str
