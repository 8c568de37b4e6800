"""The masthead of an old newsletter: the issue line ("MicroNewsletter # 3 -
Date: 3rd October 2005"), the upper-case headline, and the subtitle with its
byline ("... (written by A and B)"). What is read here becomes front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator

from .dates import FoundDate, find_date
from .lines import DASH_BULLET, DOT_BULLET, NUMBERED, title_like
from .model import Finding, Paragraph, Severity
from .text import SourceLine
from .titlecase import is_upper_text, title_case

ISSUE = re.compile(
    r"""^[^\w#]*(?:the\s+)?(?:ecmn\s+)?
    (?: (?P<mn>micro[\s-]?news[\s-]?letter)\b[\s,:–—-]*
          (?:(?:issue|no|nr|number)\b\.?\s*|\#\s*)*
      | (?:issue|number)\b\.?\s*(?:no\b\.?\s*|\#\s*)?
    )
    (?P<num>\d{1,4})\b""",
    re.I | re.X,
)
DATE_WORDS = re.compile(r"\b(?:date|dated|published|issued|on|the|of)\b", re.I)
_BYLINE_PAREN = re.compile(
    r"^(?P<sub>.*?)\s*[(\[]\s*(?:written\s+|text\s+|words\s+)?by\s*:?\s+(?P<names>[^()\[\]]+?)\s*[)\]]\s*\.?$",
    re.I | re.S,
)
# "Subtitle, written by A and B" and "Subtitle - by A": no parentheses.
_BYLINE_WRITTEN = re.compile(r"^(?P<sub>.+?)[\s,;:–—-]+written\s+by\s*:?\s+(?P<names>.+?)\.?$", re.I | re.S)
_BYLINE_DASH = re.compile(r"^(?P<sub>.+?)\s*[,;–—-]\s*by\s+(?P<names>.+?)\.?$", re.I | re.S)
_BYLINE_PLAIN = re.compile(r"^(?:written\s+by|text\s+by|by|authors?\s*:)\s*:?\s*(?P<names>.+?)\.?$", re.I)
# Words that name an organisation or a place rather than a person.
_NOT_PERSON = re.compile(
    r"\b(?:council|hospital|university|trust|clinic|department|centre|center|county|health|authority|"
    r"team|network|practice|service|services|nhs|ecmn)\b", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,|;|\s+and\s+|\s*&\s*)\s*", re.I)
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "af", "la", "le", "el", "al", "bin"}


@dataclass(slots=True)
class Header:
    number: int | None = None
    number_line: SourceLine | None = None
    date: dt.date | None = None
    headline: str | None = None
    subtitle: str | None = None
    authors: list[str] | None = None
    leftover: Paragraph | None = None  # words on the number line that are not number or date
    consumed: dict[int, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def note(self, line: int, col: int, severity: Severity, message: str) -> None:
        self.findings.append(Finding(line, col, severity, message))


def _groups(lines: list[SourceLine], gone: set[int]) -> list[tuple[int, list[SourceLine]]]:
    """Runs of consecutive non-blank lines, with the index of their first line."""
    groups: list[tuple[int, list[SourceLine]]] = []
    current: list[SourceLine] = []
    start = 0
    for i, line in enumerate(lines):
        if line.no in gone:
            continue
        if line.blank:
            if current:
                groups.append((start, current))
            current = []
            continue
        if not current:
            start = i
        current.append(line)
    if current:
        groups.append((start, current))
    return groups


def _joined(group: list[SourceLine]) -> str:
    return " ".join(" ".join(line.text.split()) for line in group)


def read_masthead(lines: list[SourceLine], gone: set[int], tentative: dict[int, str], h: Header) -> int:
    """Consume the masthead at the top; return the index where the body starts."""
    pending: tuple[int, list[SourceLine]] | None = None
    for start, group in _masthead_units(lines, gone):
        text = _joined(group)
        first = group[0]
        if _starts_body(first.text):
            return pending[0] if pending else start
        if h.number is None and len(group) <= 2 and take_number(group, text, h):
            continue
        if h.date is None and take_date_line(group, text, h):
            continue
        if (h.headline is None and h.authors is None and is_upper_text(text)
                and len(text.split()) <= 20 and not ISSUE.match(text)):
            h.headline = text
            _consume(h, group, "headline")
            h.note(first.no, first.indent + 1, "info", f"title: '{title_case(text)}' (from the upper-case headline)")
            continue
        if h.authors is None and take_byline(group, text, h, pending):
            if pending and pending[1][0].no in h.consumed:
                pending = None
            continue
        if all(line.no in tentative for line in group):
            continue  # a running header's first copy that is not masthead: dropped later
        if (h.headline is None and h.authors is None and h.number is not None and len(group) <= 2
                and title_like(text) and _looks_like_title(text)):
            h.headline = text
            _consume(h, group, "headline")
            h.note(first.no, first.indent + 1, "warning",
                   f"no upper-case headline; took '{text}' as the title")
            continue
        if (h.headline is not None and h.authors is None and pending is None and len(group) <= 3
                and len(text.split()) <= 30 and not re.search(r"[.!:;]$", text)):
            pending = (start, group)  # perhaps a subtitle whose byline follows (a sentence is not)
            continue
        return pending[0] if pending else start
    return pending[0] if pending else len(lines)


def _masthead_units(lines: list[SourceLine], gone: set[int]) -> Iterator[tuple[int, list[SourceLine]]]:
    """The masthead's pieces: blank-line-separated groups, except that a group
    with a recognisable line inside (text from PDFs often has no blank lines
    at all) is cut into its lines, keeping a wrapped headline or byline whole."""
    for start, group in _groups(lines, gone):
        if len(group) == 1 or not any(_recognised(line.text) for line in group):
            yield start, group
            continue
        i = 0
        while i < len(group):
            j = i + 1
            if is_upper_text(group[i].text) and not ISSUE.match(group[i].text):
                while j < len(group) and is_upper_text(group[j].text) and not ISSUE.match(group[j].text):
                    j += 1
            else:
                ends = [k for k in range(i, min(i + 4, len(group)))
                        if match_byline(_joined(group[i:k + 1])) is not None]
                j = ends[0] + 1 if ends and not _recognised(group[i].text) else i + 1
            yield group[i].no - 1, group[i:j]
            i = j


def _recognised(text: str) -> bool:
    """Is this line, on its own, a masthead line or the body's first line?"""
    text = " ".join(text.split())
    return bool(ISSUE.match(text) or date_only(text) or is_upper_text(text) or _starts_body(text))


def date_only(text: str) -> FoundDate | None:
    found = find_date(text)
    if found is None:
        return None
    rest = text[: found.start] + " " + text[found.end:]
    return None if any(c.isalnum() for c in DATE_WORDS.sub(" ", rest)) else found


def _looks_like_title(text: str) -> bool:
    """Title Case: most words of four letters or more start with a capital."""
    long_words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 4]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) * 2 > len(long_words)


def _starts_body(text: str) -> bool:
    m = NUMBERED.fullmatch(text)
    if m and m["delim"] and title_like(m["text"]):
        return True
    return bool(DASH_BULLET.fullmatch(text) or DOT_BULLET.fullmatch(text))


def _consume(h: Header, group: list[SourceLine], why: str) -> None:
    for line in group:
        h.consumed[line.no] = why


def take_number(group: list[SourceLine], text: str, h: Header, strict: bool = False) -> bool:
    """Read the issue line. `strict` (for lines below the masthead): only a
    line naming the MicroNewsletter, with nothing beside number and date."""
    m = ISSUE.match(text)
    if not m or (strict and not m["mn"]) or int(m["num"]) < 1:
        return False
    rest = text[m.end():]
    found = find_date(rest)
    if found is not None:
        rest = rest[: found.start] + " " + rest[found.end:]
    leftover = " ".join(DATE_WORDS.sub(" ", rest).split()).strip(" -–—:,;.()")
    has_leftover = any(c.isalnum() for c in leftover)
    if strict and has_leftover:
        return False
    first = group[0]
    h.number, h.number_line = int(m["num"]), first
    col = (first.text.find(m["num"]) + 1) if len(group) == 1 else 1
    h.note(first.no, max(col, 1), "info", f"issue number: {h.number}")
    _consume(h, group, "issue number")
    if found is not None and h.date is None:
        _use_date(h, found, first, col=max(first.text.find(found.text) + 1, 1))
    if has_leftover:
        h.leftover = Paragraph(leftover, first.no)
        h.note(first.no, 1, "warning",
               f"text on the issue line that is neither number nor date kept as a paragraph: '{leftover}'")
    return True


def take_date_line(group: list[SourceLine], text: str, h: Header) -> bool:
    found = date_only(text) if len(group) == 1 else None
    if found is None:
        return False
    _use_date(h, found, group[0], col=max(group[0].text.find(found.text) + 1, 1))
    _consume(h, group, "date")
    return True


def _use_date(h: Header, found: FoundDate, line: SourceLine, col: int) -> None:
    h.date = found.date
    iso = found.date.isoformat()
    if found.precision == "month":
        h.note(line.no, col, "warning", f"date '{found.text}' has no day; used {iso}")
    elif found.precision == "season":
        h.note(line.no, col, "warning", f"date '{found.text}' names a season, not a day; used {iso}")
    elif found.note:
        h.note(line.no, col, "warning", f"date '{found.text}' {found.note}: {iso}")
    else:
        h.note(line.no, col, "info", f"date: {iso} (from '{found.text}')")


def _names(text: str, strict: bool) -> list[str] | None:
    names = [" ".join(n.split()).strip(" .") for n in _NAME_SPLIT.split(text)]
    names = [n for n in names if n]
    if not names:
        return None
    if strict:  # "By January the team had ..." is a sentence, not a byline
        for name in names:
            words = name.split()
            if len(words) > 5 or any(not (w[:1].isupper() or w.lower() in _PARTICLES) for w in words):
                return None
    return names


def match_byline(text: str) -> tuple[str, list[str]] | None:
    """(subtitle, authors) when the text is a byline, with or without a subtitle before it."""
    m = _BYLINE_PAREN.match(text)
    if m and (names := _names(m["names"], strict=False)):
        return m["sub"].strip(" -–—:,;"), names
    for pattern, strict in ((_BYLINE_WRITTEN, False), (_BYLINE_DASH, True)):
        m = pattern.match(text)
        if m and (names := _names(m["names"], strict=strict)):
            return m["sub"].strip(" -–—:,;"), names
    m = _BYLINE_PLAIN.match(text)
    if m and (names := _names(m["names"], strict=True)):
        return "", names
    return None


def take_byline(group: list[SourceLine], text: str, h: Header,
                 pending: tuple[int, list[SourceLine]] | None) -> bool:
    found = match_byline(text)
    if found is None:
        return False
    subtitle, names = found
    first = group[0]
    h.authors = names
    _consume(h, group, "subtitle and authors")
    by = re.compile(r"[(\[]\s*(?:written|by)|\bwritten\s+by|\bby\b", re.I)
    where = next((ln for ln in group if by.search(ln.text)), first)
    at = by.search(where.text)
    col = at.start() + 1 if at else where.indent + 1
    h.note(where.no, col, "info", f"author{'s' * (len(names) > 1)}: {', '.join(names)}")
    for name in names:
        if len(name.split()) == 1 or _NOT_PERSON.search(name):
            h.note(where.no, col, "warning", f"'{name}' may not be a person's name; kept as an author")
    if subtitle and h.headline is None and is_upper_text(subtitle):
        h.headline = subtitle
        h.note(first.no, 1, "info", f"title: '{title_case(subtitle)}' (from the upper-case headline)")
        subtitle = ""
    if not subtitle and pending is not None:
        subtitle = _joined(pending[1])
        _consume(h, pending[1], "subtitle")
        first = pending[1][0]
    if subtitle:
        h.subtitle = subtitle
        h.note(first.no, first.indent + 1, "info", f"subtitle: '{subtitle}'")
    return True
