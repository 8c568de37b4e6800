"""The article's body: numbered sections, sub-headings, lists and re-flowed
paragraphs, from the lines below the masthead.

Two passes: the first settles which numbered lines are section headings
(that depends on their neighbours and on the section count so far); the
second walks the lines once and builds blocks. A line that could be read two
ways gets a warning naming the reading that was kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Block, Finding, Heading, ListBlock, ListItem, Paragraph
from .text import SourceLine
from .titlecase import is_upper_text, title_case

_DASH_BULLET = re.compile(r"(?P<indent>\s*)(?P<marker>[-*+–—])\s+(?P<text>\S.*)")
_DOT_BULLET = re.compile(r"(?P<indent>\s*)(?P<marker>[•·▪‣◦●■○►➢\uf0b7\uf0a7\uf0d8])\s*(?P<text>\S.*)")
_O_BULLET = re.compile(r"(?P<indent>\s*)(?P<marker>o)\s+(?P<text>\S.*)")
_NUMBERED = re.compile(r"(?P<indent>\s*)(?P<num>\d{1,3}(?:\.\d{1,2})*)(?P<delim>[.)]?)\s+(?P<text>\S.*)")
_TERMINAL = re.compile(r"[.,;:]$")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)]*$")
_URLISH = re.compile(r"@|://|www\.", re.I)
_BARE_NUMBER = re.compile(r"\d{1,3}")

MAX_HEADING_WORDS = 10  # beyond this a line is a sentence, whatever its case
SURE_HEADING_WORDS = 6  # up to this a short standalone line is a heading


@dataclass(slots=True)
class _Line:
    src: SourceLine
    kind: str  # blank | bullet | numbered | text | heading
    marker: str = ""
    text: str = ""  # without the marker
    indent: int = 0
    number: str = ""  # "2" or "2.1" for numbered lines
    delim: str = ""


def _classify(lines: list[SourceLine]) -> list[_Line]:
    out: list[_Line] = []
    for src in lines:
        if src.blank:
            out.append(_Line(src, "blank"))
            continue
        m = _DASH_BULLET.fullmatch(src.text) or _DOT_BULLET.fullmatch(src.text)
        if m:
            out.append(_Line(src, "bullet", m["marker"], m["text"], len(m["indent"])))
            continue
        m = _NUMBERED.fullmatch(src.text)
        if m and (m["delim"] or "." in m["num"]):
            out.append(_Line(src, "numbered", m["num"] + m["delim"], m["text"], len(m["indent"]),
                             m["num"], m["delim"]))
            continue
        out.append(_Line(src, "text", text=src.text.strip(), indent=src.indent))
    # "o " is a bullet from word processors' symbol fonts, and also a word
    # (rarely at a line's start): only a run of two or more counts.
    for i, line in enumerate(out):
        m = _O_BULLET.fullmatch(line.src.text) if line.kind == "text" else None
        if m and (_o_neighbour(out, i, -1) or _o_neighbour(out, i, 1)):
            out[i] = _Line(line.src, "bullet", "o", m["text"], len(m["indent"]))
    return out


def _o_neighbour(lines: list[_Line], i: int, step: int) -> bool:
    j = _next_nonblank(lines, i, step)
    return j is not None and (
        _O_BULLET.fullmatch(lines[j].src.text) is not None or lines[j].kind == "bullet"
    )


def _next_nonblank(lines: list[_Line], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].kind != "blank":
            return j
        j += step
    return None


def title_like(text: str) -> bool:
    """Short, no closing punctuation, starts with a capital: could head a section."""
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(text) > 90:
        return False
    if _TERMINAL.search(text) or _URLISH.search(text) or re.search(r"[.!?]\s+\S", text):
        return False
    first = next((c for c in text if c.isalnum()), "")
    return first.isupper() or first.isdigit()


@dataclass(slots=True)
class _Builder:
    findings: list[Finding] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    section: int = 0  # number of the current numbered section, 0 before any
    sub: int = 0

    def note(self, line: int, severity: str, message: str, col: int = 1) -> None:
        self.findings.append(Finding(line, col, severity, message))  # type: ignore[arg-type]


def _settle_numbered(lines: list[_Line], b: _Builder) -> None:
    """Turn numbered lines that head sections into kind 'heading'."""
    section, sub = 0, 0
    for i, line in enumerate(lines):
        if line.kind != "numbered":
            continue
        parts = [int(p) for p in line.number.split(".")]
        prev = i - 1 if i > 0 else None
        prev_j = _next_nonblank(lines, i, -1)
        next_j = _next_nonblank(lines, i, 1)
        same_group_prev = prev is not None and lines[prev].kind != "blank"
        if line.delim == ")" or not title_like(line.text):
            if not line.delim:  # "1.5 million people ..." is prose, not a list
                line.kind = "text"
                line.text = line.src.text.strip()
            continue
        in_list = (
            (same_group_prev and lines[prev].kind in ("bullet", "numbered"))  # type: ignore[index]
            or (prev_j is not None and lines[prev_j].text.endswith(":"))
            or (prev_j is not None and _follows(lines[prev_j], parts, -1))
            or (next_j is not None and next_j == i + 1 and _follows(lines[next_j], parts, 1))
            or (next_j is not None and _follows(lines[next_j], parts, 1) and not title_like(lines[next_j].text))
        )
        if same_group_prev and not _SENTENCE_END.search(lines[prev].src.text):  # type: ignore[index]
            continue  # mid-sentence: a wrapped line that happens to start with a number
        fits = parts == [section + 1] or (len(parts) == 2 and parts[0] == section and parts[1] == sub + 1)
        if in_list:
            if fits and len(parts) == 1 and line.delim:
                b.note(line.src.no, "warning",
                       f"'{line.marker} {line.text}' could be section heading {parts[0]} or an item "
                       "of the list around it; kept as a list item")
            continue
        if len(parts) == 1 and (fits or parts[0] > section + 1):
            if not fits:
                b.note(line.src.no, "warning",
                       f"section numbers jump from {section} to {parts[0]}; "
                       f"'{line.marker} {line.text}' kept as a section heading")
            section, sub = parts[0], 0
            line.kind = "heading"
        elif len(parts) == 2 and (fits or parts[0] == section):
            sub = parts[1]
            line.kind = "heading"
        elif line.delim:
            b.note(line.src.no, "warning",
                   f"'{line.marker} {line.text}' could be a numbered heading or a list item; "
                   "kept as a list item (its number does not follow the sections before it)")
        else:
            line.kind = "text"
            line.text = line.src.text.strip()


def _follows(other: _Line, parts: list[int], step: int) -> bool:
    """Is `other` the numbered line just before (step -1) or after (+1) in a list?"""
    if other.kind not in ("numbered",) or not other.delim:
        return False
    other_parts = [int(p) for p in other.number.split(".")]
    return len(other_parts) == len(parts) and other_parts[-1] == parts[-1] + step


def reflow(texts: list[str]) -> str:
    """Join hard-wrapped lines into one. A break after a soft hyphen, or a
    lower-case word broken by '-' before a lower-case letter ("improve-" /
    "ment"), is joined without a space; the hyphen is kept, because it may be
    a real one ("follow-up") and dropping a letter would change the text."""
    out = ""
    for raw in texts:
        text = " ".join(raw.split())
        if not text:
            continue
        if not out:
            out = text
        elif out.endswith("\xad") or (
            len(out) >= 2 and out[-1] == "-" and out[-2].islower() and text[0].islower()
        ):
            out += text
        else:
            out += " " + text
    return out


@dataclass(slots=True)
class _OpenItem:
    texts: list[str]
    line: int
    depth: int
    indent: int
    ordinal: str | None
    marker: str


def parse_body(lines: list[SourceLine]) -> tuple[list[Block], list[Finding]]:
    b = _Builder()
    classified = _classify(lines)
    _settle_numbered(classified, b)
    para: list[_Line] = []
    para_after_blank = True
    items: list[_OpenItem] = []
    indents: list[int] = []  # indent of the open list's item at each depth
    in_section = False  # below a numbered section heading

    def flush_items() -> None:
        if items:
            done = tuple(ListItem(reflow(it.texts), it.line, it.depth, it.ordinal, it.marker) for it in items)
            b.blocks.append(ListBlock(done, done[0].line))
            kinds = " and ".join(sorted({"numbered" if it.ordinal else "bulleted" for it in items}))
            b.note(done[0].line, "info", f"{kinds} list of {len(done)} item{'s' * (len(done) > 1)}")
            items.clear()
            indents.clear()

    def flush_para(followed_by_blank: bool, index: int) -> None:
        if para:
            level = 3 if in_section else 2
            _paragraph(b, list(para), classified, index, para_after_blank, followed_by_blank, level)
            para.clear()

    previous_blank = True
    for i, line in enumerate(classified):
        if line.kind == "blank":
            flush_para(True, i)
            previous_blank = True
            continue
        if line.kind == "heading":
            flush_para(previous_blank, i)
            flush_items()
            _numbered_heading(b, line)
            in_section = in_section or "." not in line.number
        elif line.kind in ("bullet", "numbered"):
            flush_para(False, i)
            if items and previous_blank and not _same_list(items, line):
                flush_items()
            depth = _depth(indents, line.indent)
            ordinal = line.marker if line.kind == "numbered" else None
            items.append(_OpenItem([line.text], line.src.no, depth, line.indent, ordinal, line.marker))
        elif items and not previous_blank:
            last = items[-1]
            lazy = line.indent <= last.indent
            if lazy and _SENTENCE_END.search(last.texts[-1]) and line.text[:1].isupper():
                b.note(line.src.no, "warning",
                       f"'{_short(line.text)}' could continue the list item above or start a paragraph; "
                       "kept as a paragraph")
                flush_items()
                para.append(line)
                para_after_blank = False
            else:
                last.texts.append(line.text)
        else:
            flush_items()
            if not para:
                para_after_blank = previous_blank
            para.append(line)
        previous_blank = False
    flush_para(True, len(classified))
    flush_items()
    return b.blocks, b.findings


def _same_list(items: list[_OpenItem], line: _Line) -> bool:
    """After a blank line, does this item carry on the open list (a loose list)?"""
    first = items[0]
    return (first.ordinal is None) == (line.kind == "bullet")


def _depth(indents: list[int], indent: int) -> int:
    # Text extracted from PDFs jitters by a column or so; only a clear step
    # in indentation opens or closes a nested list.
    while indents and indent < indents[-1] - 1:
        indents.pop()
    if not indents or indent > indents[-1] + 1:
        indents.append(indent)
    return len(indents) - 1


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _numbered_heading(b: _Builder, line: _Line) -> None:
    text = title_case(line.text) if is_upper_text(line.text) else line.text
    level = 2 if "." not in line.number else 3
    b.blocks.append(Heading(level, text, line.src.no, line.number))
    what = "section heading" if level == 2 else "numbered sub-heading"
    b.note(line.src.no, "info", f"{what} '{text}' (numbered {line.number})")


def _paragraph(b: _Builder, para: list[_Line], lines: list[_Line], end: int,
               after_blank: bool, followed_by_blank: bool, level: int) -> None:
    """Emit a paragraph, or a heading when the paragraph is one short
    title-like line standing alone."""
    first = para[0]
    next_j = _next_nonblank(lines, end - 1, 1)
    nxt = lines[next_j] if next_j is not None else None
    label = "sub-heading" if level == 3 else "heading"
    if len(para) == 1 and after_blank and followed_by_blank:
        verdict = _heading_verdict(first.text, nxt, lines, next_j)
        if verdict == "heading":
            text = title_case(first.text) if is_upper_text(first.text) else first.text
            b.blocks.append(Heading(level, text, first.src.no))
            b.note(first.src.no, "info", f"{label} '{text}'")
            return
        if verdict == "ambiguous":
            b.note(first.src.no, "warning",
                   f"'{_short(first.text)}' could be a heading or a paragraph; kept as a paragraph")
        elif _BARE_NUMBER.fullmatch(first.text):
            b.note(first.src.no, "warning", f"'{first.text}' could be a page number; kept as text")
    elif len(para) > 1 and after_blank:
        head, second = para[0].text, para[1].text
        if (title_like(head) and len(head.split()) <= SURE_HEADING_WORDS and second[:1].isupper()
                and len(head) < 0.5 * len(second)):
            if is_upper_text(head):
                text = title_case(head)
                b.blocks.append(Heading(level, text, first.src.no))
                b.note(first.src.no, "info", f"{label} '{text}'")
                para = para[1:]
            else:
                b.note(first.src.no, "warning",
                       f"'{_short(head)}' could be a heading or the start of a paragraph; "
                       "kept in the paragraph")
    b.blocks.append(Paragraph(reflow([l.text for l in para]), para[0].src.no))


def _heading_verdict(text: str, nxt: _Line | None, lines: list[_Line], next_j: int | None) -> str:
    if not title_like(text):
        # Nearly a heading but for a closing '?' or '!': say so.
        if text[-1:] in "?!" and title_like(text[:-1]) and nxt is not None:
            return "ambiguous"
        return "paragraph"
    if is_upper_text(text) and nxt is not None:
        return "heading"
    words = len(text.split())
    if nxt is None or words > SURE_HEADING_WORDS:
        return "ambiguous"
    if _BARE_NUMBER.fullmatch(text) or not any(c.isalpha() for c in text):
        return "paragraph"
    # Two short standalone lines in a row read like an address or a
    # signature more than a heading over a heading.
    if nxt.kind == "text" and title_like(nxt.text) and _standalone(lines, next_j):
        return "ambiguous"
    return "heading"


def _standalone(lines: list[_Line], j: int | None) -> bool:
    if j is None:
        return False
    before = j == 0 or lines[j - 1].kind == "blank"
    after = j + 1 == len(lines) or lines[j + 1].kind == "blank"
    return before and after
