"""What a legacy newsletter turns into, as plain data (no I/O, no Markdown).

The parser fills these; `markdown` renders the blocks and `write` lays the
result out as an issue folder. Every block keeps the source line it came
from, so tests and reports can point back at the plain text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """Something the importer inferred (info), could not infer (warning), or
    a reason it refuses the file (error). Lines and columns start at 1."""

    line: int
    col: int
    severity: Severity
    message: str


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 2 for sections, 3 for sub-headings
    text: str
    line: int
    number: str | None = None  # "2" or "2.1" when the source numbered it


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class ListItem:
    text: str
    line: int
    depth: int  # 0 for a top-level item
    ordinal: str | None  # "3." or "3)" for numbered items, None for bullets
    marker: str  # the bullet or ordinal exactly as the source wrote it


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[ListItem, ...]
    line: int


Block = Union[Heading, Paragraph, ListBlock]


@dataclass(slots=True)
class LegacyIssue:
    number: int
    date: dt.date
    title: str  # the issue's title: the headline in title case, or "MicroNewsletter #N"
    subtitle: str | None
    authors: list[str]
    blocks: list[Block]
    headline: str | None = None  # the headline as the source spelled it
    number_line: int = 1  # where the issue number was read, for messages about it
    # Source lines whose words went into front matter or were dropped as page
    # furniture, with the reason; every other line's words are in `blocks`.
    consumed: dict[int, str] = field(default_factory=dict)

    @property
    def article_title(self) -> str:
        return self.subtitle or self.title
