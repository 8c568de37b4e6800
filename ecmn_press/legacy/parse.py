"""Plain text of an old MicroNewsletter -> `LegacyIssue` plus findings.

`furniture` drops what the page layout added, `masthead` reads the front
matter, this module looks further down for what the masthead did not state,
and `body` turns the rest into blocks. Pure: no files, no clock (pass `today`).
"""

from __future__ import annotations

import datetime as dt
import re

from .body import parse_body
from .dates import FoundDate, find_date, find_dates
from .furniture import find_furniture
from .masthead import (
    DATE_WORDS,
    ISSUE,
    Header,
    match_byline,
    read_masthead,
    take_byline,
    take_date_line,
    take_number,
)
from .model import Finding, LegacyIssue
from .text import SourceLine, split_lines
from .titlecase import is_upper_text, title_case

_FILE_NUMBER = re.compile(r"(?:micro[-_ ]?)?(?:newsletter|issue)[-_ #]*(?:no[-_ .]*)?(\d{1,3})(?!\d)", re.I)
PLACEHOLDER_DATE = dt.date(2000, 1, 1)


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
    h = Header()
    body_start = read_masthead(lines, gone, furniture.tentative, h)
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
        title=_readable(h.headline) if h.headline else f"MicroNewsletter #{h.number}",
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


def _readable(headline: str) -> str:
    return title_case(headline) if is_upper_text(headline) else headline


def _no_number_message(h: Header) -> str:
    if h.date is None and h.headline is None and h.authors is None:
        return ("this does not look like a MicroNewsletter: found no issue number "
                "('MicroNewsletter # 3'), date, upper-case headline or '(written by ...)' line")
    return ("no issue number found; add a line like 'MicroNewsletter # 3 - Date: 3rd October 2005' "
            "at the top and import again")


def _fallbacks(lines: list[SourceLine], gone: set[int], h: Header, source_name: str,
               today: dt.date | None) -> None:
    """Look further than the masthead for what it did not state."""
    free = [ln for ln in lines if not ln.blank and ln.no not in gone and ln.no not in h.consumed]
    if h.number is None:
        for line in free:
            if len(line.text.split()) <= 12 and take_number([line], " ".join(line.text.split()), h, strict=True):
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
            found = match_byline(text)
            if line.no not in h.consumed and found is not None and not found[0]:
                take_byline([line], text, h, None)
                break
    if h.authors is None:
        h.note(1, 1, "warning", "no author found (expected '(written by NAME)' or '(written by NAME and NAME)')")
    if h.headline is None:
        h.note(1, 1, "warning", f"no upper-case headline found; the issue is titled 'MicroNewsletter #{h.number}'")


def _drop_repeated_number_lines(lines: list[SourceLine], gone: set[int], h: Header) -> None:
    """Later copies of the issue line are running headers ("MicroNewsletter #3
    - October 2005" atop each page); a sentence that mentions the issue is not."""
    assert h.number_line is not None
    model = " ".join(h.number_line.text.split())
    for line in lines:
        if line.no in gone or line.no in h.consumed or line.blank:
            continue
        text = " ".join(line.text.split())
        m = ISSUE.match(text)
        if text != model and not (m and m["mn"] and int(m["num"]) == h.number):
            continue
        rest = text[m.end():] if m else ""
        found = find_date(rest)
        if found is not None:
            rest = rest[: found.start] + " " + rest[found.end:]
        if text == model or not any(c.isalnum() for c in DATE_WORDS.sub(" ", rest)):
            h.consumed[line.no] = "running header"
            h.note(line.no, 1, "info", f"dropped running header '{text}'")


def _date_fallback(lines: list[SourceLine], gone: set[int], h: Header, today: dt.date | None) -> None:
    for line in lines:
        text = " ".join(line.text.split())
        if (line.no not in gone and line.no not in h.consumed and re.match(r"(?:date|dated|published)\b", text, re.I)
                and take_date_line([line], text, h)):
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
