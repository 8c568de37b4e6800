"""Plain text of an old MicroNewsletter -> `LegacyIssue` plus findings.

The masthead (network name, "MicroNewsletter # 3 - Date: ...", the
upper-case headline, "subtitle (written by A and B)") becomes front matter;
`body` turns the rest into blocks. Pure: no files, no clock (pass `today`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .body import parse_body
from .lines import DASH_BULLET, DOT_BULLET, NUMBERED, title_like
from .dates import FoundDate, find_date, find_dates
from .furniture import find_furniture
from .model import Finding, LegacyIssue, Paragraph
from .text import SourceLine, split_lines
from .titlecase import is_upper_text, title_case

_ISSUE = re.compile(
    r"""^[^\w#]*(?:the\s+)?(?:ecmn\s+)?
    (?: (?P<mn>micro[\s-]?news[\s-]?letter)\b[\s,:–—-]*
          (?:(?:issue|no|nr|number)\b\.?\s*|\#\s*)*
      | (?:issue|number)\b\.?\s*(?:no\b\.?\s*|\#\s*)?
    )
    (?P<num>\d{1,4})\b""",
    re.I | re.X,
)
_FILE_NUMBER = re.compile(r"(?:micro[-_ ]?)?(?:newsletter|issue)[-_ #]*(?:no[-_ .]*)?(\d{1,3})(?!\d)", re.I)
_DATE_WORDS = re.compile(r"\b(?:date|dated|published|issued|on|the|of)\b", re.I)
_BYLINE_PAREN = re.compile(
    r"^(?P<sub>.*?)\s*[(\[]\s*(?:written\s+|text\s+|words\s+)?by\s*:?\s+(?P<names>[^()\[\]]+?)\s*[)\]]\s*\.?$",
    re.I | re.S,
)
_BYLINE_PLAIN = re.compile(r"^(?:written\s+by|text\s+by|by|authors?\s*:)\s*:?\s*(?P<names>.+?)\.?$", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,|;|\s+and\s+|\s*&\s*)\s*", re.I)
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "af", "la", "le", "el", "al", "bin"}
PLACEHOLDER_DATE = dt.date(2000, 1, 1)


@dataclass(slots=True)
class _Header:
    number: int | None = None
    number_line: SourceLine | None = None
    date: dt.date | None = None
    headline: str | None = None
    subtitle: str | None = None
    authors: list[str] | None = None
    leftover: Paragraph | None = None  # words on the number line that are not number or date
    consumed: dict[int, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def note(self, line: int, col: int, severity: str, message: str) -> None:
        self.findings.append(Finding(line, col, severity, message))  # type: ignore[arg-type]


def parse(text: str, *, source_name: str = "", today: dt.date | None = None
          ) -> tuple[LegacyIssue | None, list[Finding]]:
    """Read one newsletter. Returns None (with an error finding) when the text
    is not a newsletter; otherwise the issue and what was inferred."""
    lines, findings = split_lines(text)
    if all(line.blank for line in lines):
        return None, findings + [Finding(1, 1, "error", "the file is empty")]
    furniture = find_furniture(lines)
    findings += furniture.findings
    gone = set(furniture.dropped)
    h = _Header()
    body_start = _read_masthead(lines, gone, furniture.tentative, h)
    _fallbacks(lines, gone, h, source_name, today)
    findings += h.findings
    for no, what in sorted(furniture.tentative.items()):
        if no not in h.consumed:
            gone.add(no)
            findings.append(Finding(no, 1, "info", f"dropped {what}"))
    if h.number is None:
        findings.append(Finding(1, 1, "error", _no_number_message(h)))
        return None, sorted(findings)
    body_lines = _body_lines(lines[body_start:], gone | set(h.consumed))
    blocks, body_findings = parse_body(body_lines)
    findings += body_findings
    if h.leftover is not None:
        blocks.insert(0, h.leftover)
    consumed = {no: furniture.dropped.get(no) or furniture.tentative.get(no, "") for no in gone}
    consumed.update(h.consumed)
    issue = LegacyIssue(
        number=h.number,
        date=h.date or PLACEHOLDER_DATE,
        title=title_case(h.headline) if h.headline else f"MicroNewsletter #{h.number}",
        subtitle=h.subtitle,
        authors=h.authors or [],
        blocks=blocks,
        headline=h.headline,
        number_line=h.number_line.no if h.number_line else 1,
        consumed=consumed,
    )
    if not blocks:
        findings.append(Finding(1, 1, "warning", "no article text found below the masthead"))
    return issue, sorted(findings)


def _no_number_message(h: _Header) -> str:
    if h.date is None and h.headline is None and h.authors is None:
        return ("this does not look like a MicroNewsletter: found no issue number "
                "('MicroNewsletter # 3'), date, upper-case headline or '(written by ...)' line")
    return ("no issue number found; add a line like 'MicroNewsletter # 3 - Date: 3rd October 2005' "
            "at the top and import again")


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


def _read_masthead(lines: list[SourceLine], gone: set[int], tentative: dict[int, str], h: _Header) -> int:
    """Consume the masthead at the top; return the index where the body starts."""
    pending: tuple[int, list[SourceLine]] | None = None
    for start, group in _masthead_units(lines, gone):
        text = _joined(group)
        first = group[0]
        if _starts_body(first.text):
            return pending[0] if pending else start
        if h.number is None and len(group) <= 2 and _take_number(group, text, h):
            continue
        if h.date is None and _take_date_line(group, text, h):
            continue
        if (h.headline is None and h.authors is None and is_upper_text(text)
                and len(text.split()) <= 20 and not _ISSUE.match(text)):
            h.headline = text
            _consume(h, group, "headline")
            h.note(first.no, first.indent + 1, "info", f"title: '{title_case(text)}' (from the upper-case headline)")
            continue
        if h.authors is None and _take_byline(group, text, h, pending):
            if pending and pending[1][0].no in h.consumed:
                pending = None
            continue
        if all(line.no in tentative for line in group):
            continue  # a running header's first copy that is not masthead: dropped later
        if h.headline is not None and h.authors is None and pending is None and len(group) <= 3:
            pending = (start, group)  # perhaps a subtitle whose byline follows
            continue
        return pending[0] if pending else start
    return pending[0] if pending else len(lines)


def _masthead_units(lines: list[SourceLine], gone: set[int]):
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
            if is_upper_text(group[i].text) and not _ISSUE.match(group[i].text):
                while j < len(group) and is_upper_text(group[j].text) and not _ISSUE.match(group[j].text):
                    j += 1
            else:
                ends = [k for k in range(i, min(i + 4, len(group))) if _BYLINE_PAREN.match(_joined(group[i:k + 1]))]
                j = ends[0] + 1 if ends and not _recognised(group[i].text) else i + 1
            yield group[i].no - 1, group[i:j]
            i = j


def _recognised(text: str) -> bool:
    """Is this line, on its own, a masthead line or the body's first line?"""
    text = " ".join(text.split())
    return bool(_ISSUE.match(text) or _date_only(text) or is_upper_text(text) or _starts_body(text))


def _date_only(text: str) -> FoundDate | None:
    found = find_date(text)
    if found is None:
        return None
    rest = text[: found.start] + " " + text[found.end:]
    return None if any(c.isalnum() for c in _DATE_WORDS.sub(" ", rest)) else found


def _starts_body(text: str) -> bool:
    m = NUMBERED.fullmatch(text)
    if m and m["delim"] and title_like(m["text"]):
        return True
    return bool(DASH_BULLET.fullmatch(text) or DOT_BULLET.fullmatch(text))


def _consume(h: _Header, group: list[SourceLine], why: str) -> None:
    for line in group:
        h.consumed[line.no] = why


def _take_number(group: list[SourceLine], text: str, h: _Header, strict: bool = False) -> bool:
    m = _ISSUE.match(text)
    if not m or (strict and not m["mn"]) or int(m["num"]) < 1:
        return False
    first = group[0]
    h.number, h.number_line = int(m["num"]), first
    col = (first.text.find(m["num"]) + 1) if len(group) == 1 else 1
    h.note(first.no, max(col, 1), "info", f"issue number: {h.number}")
    _consume(h, group, "issue number")
    rest = text[m.end():]
    found = find_date(rest) if h.date is None else None
    if found is not None:
        _use_date(h, found, first, col=max(first.text.find(found.text) + 1, 1))
        rest = rest[: found.start] + " " + rest[found.end:]
    leftover = " ".join(_DATE_WORDS.sub(" ", rest).split()).strip(" -–—:,;.()")
    if any(c.isalnum() for c in leftover):
        h.leftover = Paragraph(leftover, first.no)
        h.note(first.no, 1, "warning",
               f"text on the issue line that is neither number nor date kept as a paragraph: '{leftover}'")
    return True


def _take_date_line(group: list[SourceLine], text: str, h: _Header) -> bool:
    found = _date_only(text) if len(group) == 1 else None
    if found is None:
        return False
    _use_date(h, found, group[0], col=max(group[0].text.find(found.text) + 1, 1))
    _consume(h, group, "date")
    return True


def _use_date(h: _Header, found: FoundDate, line: SourceLine, col: int) -> None:
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


def _take_byline(group: list[SourceLine], text: str, h: _Header,
                 pending: tuple[int, list[SourceLine]] | None) -> bool:
    m = _BYLINE_PAREN.match(text)
    plain = None if m else _BYLINE_PLAIN.match(text)
    names = _names(m["names"], strict=False) if m else (_names(plain["names"], strict=True) if plain else None)
    if names is None:
        return False
    first = group[0]
    h.authors = names
    _consume(h, group, "subtitle and authors")
    where = next((ln for ln in group if re.search(r"[(\[]\s*(?:written|by)", ln.text, re.I)), first)
    paren = re.search(r"[(\[]\s*(?:written|by)", where.text, re.I)
    col = paren.start() + 1 if paren else where.indent + 1
    h.note(where.no, col, "info", f"author{'s' * (len(names) > 1)}: {', '.join(names)}")
    subtitle = m["sub"].strip(" -–—:,;") if m else ""
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


def _fallbacks(lines: list[SourceLine], gone: set[int], h: _Header, source_name: str,
               today: dt.date | None) -> None:
    """Look further than the masthead for what it did not state."""
    free = [ln for ln in lines if not ln.blank and ln.no not in gone and ln.no not in h.consumed]
    if h.number is None:
        for line in free:
            if len(line.text.split()) <= 12 and _take_number([line], " ".join(line.text.split()), h, strict=True):
                break
    if h.number is None and source_name:
        m = _FILE_NUMBER.search(source_name)
        if m and int(m[1]) > 0 and (h.date or h.headline or h.authors is not None):
            h.number = int(m[1])
            h.note(1, 1, "warning", f"no issue number in the text; took {h.number} from the file name '{source_name}'")
    if h.number is None:
        return  # the file is refused; warnings about the rest would be noise
    if h.number_line is not None:
        _drop_repeated_number_lines(lines, gone, h)
    if h.date is None:
        _date_fallback(lines, gone, h, today)
    elif today is not None and h.date > today:
        h.note(1, 1, "warning", f"date {h.date.isoformat()} is after today; the build will hold the issue back until then")
    if h.authors is None:
        # A byline standing alone further down, "(written by ...)" or "Written by ...".
        for line in free:
            text = " ".join(line.text.split())
            m = _BYLINE_PAREN.match(text)
            if line.no not in h.consumed and (m and not m["sub"] or _BYLINE_PLAIN.match(text)):
                if _take_byline([line], text, h, None):
                    break
    if h.authors is None:
        h.note(1, 1, "warning", "no author found (expected '(written by NAME)' or '(written by NAME and NAME)')")
    if h.headline is None:
        h.note(1, 1, "warning", f"no upper-case headline found; the issue is titled 'MicroNewsletter #{h.number}'")


def _drop_repeated_number_lines(lines: list[SourceLine], gone: set[int], h: _Header) -> None:
    """Later copies of the issue line are running headers ("MicroNewsletter #3
    - October 2005" atop each page); a sentence that mentions the issue is not."""
    assert h.number_line is not None
    model = " ".join(h.number_line.text.split())
    for line in lines:
        if line.no in gone or line.no in h.consumed or line.blank:
            continue
        text = " ".join(line.text.split())
        m = _ISSUE.match(text)
        if text != model and not (m and m["mn"] and int(m["num"]) == h.number):
            continue
        rest = text[m.end():] if m else ""
        found = find_date(rest)
        if found is not None:
            rest = rest[: found.start] + " " + rest[found.end:]
        if text == model or not any(c.isalnum() for c in _DATE_WORDS.sub(" ", rest)):
            h.consumed[line.no] = "running header"
            h.note(line.no, 1, "info", f"dropped running header '{text}'")


def _date_fallback(lines: list[SourceLine], gone: set[int], h: _Header, today: dt.date | None) -> None:
    for line in lines:
        text = " ".join(line.text.split())
        if (line.no not in gone and line.no not in h.consumed and re.match(r"(?:date|dated|published)\b", text, re.I)
                and _take_date_line([line], text, h)):
            return
    candidates: list[tuple[dt.date, SourceLine, FoundDate]] = []
    for line in lines:
        if line.no in gone or line.no in h.consumed:
            continue
        for found in find_dates(line.text):
            if today is None or found.date <= today:
                candidates.append((found.date, line, found))
    if candidates:
        day, line, found = max(candidates, key=lambda c: c[0])
        h.date = day
        h.note(line.no, max(line.text.find(found.text) + 1, 1), "warning",
               f"no date found; used {day.isoformat()}, the latest date the text mentions ('{found.text}'); "
               "check it and set `date:` in issue.md")
    else:
        h.date = PLACEHOLDER_DATE
        h.note(1, 1, "warning", f"no date found; used {PLACEHOLDER_DATE.isoformat()} as a placeholder so the issue "
                                "builds; set `date:` in issue.md")


def _body_lines(lines: list[SourceLine], gone: set[int]) -> list[SourceLine]:
    """Lines below the masthead without furniture. Where furniture was cut
    out between two lines of text, the text continues across the page unless
    the line before it ended a sentence."""
    out: list[SourceLine] = []
    gap: SourceLine | None = None
    for line in lines:
        if line.no in gone:
            gap = gap or line
            continue
        if gap is not None and out and not out[-1].blank and not line.blank:
            if re.search(r"[.!?:][\"'”’)]*$", out[-1].text):
                out.append(SourceLine(gap.no, "", False))
        gap = None
        out.append(line)
    return out
