"""The article's body: numbered sections, sub-headings, lists and re-flowed
paragraphs, from the lines below the masthead.

`lines` classifies the lines and settles the numbered headings; this module
walks them once and builds blocks. A line that could be read two ways gets a
warning naming the reading that was kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import (
    BARE_NUMBER,
    MAX_HEADING_WORDS,
    SENTENCE_END,
    SURE_HEADING_WORDS,
    TERMINAL,
    URLISH,
    Line,
    classify,
    next_nonblank,
    settle_numbered,
    title_like,
)
from .model import Block, Finding, Heading, ListBlock, ListItem, Paragraph, Severity
from .text import SourceLine
from .titlecase import is_upper_text, title_case

# Text that ends here is complete; anything else may run on past a blank line.
_CLOSED = re.compile(r"[.!?:;…][\"'”’)\]]*$")
SHORT_HEADING_WORDS = 3  # a line this short, over a paragraph, is a heading even without a blank line


@dataclass(slots=True)
class _Builder:
    findings: list[Finding] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def note(self, line: int, severity: Severity, message: str) -> None:
        self.findings.append(Finding(line, 1, severity, message))


@dataclass(slots=True)
class _OpenItem:
    texts: list[str]
    line: int
    depth: int
    indent: int
    ordinal: str | None
    marker: str


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


def parse_body(lines: list[SourceLine]) -> tuple[list[Block], list[Finding]]:
    b = _Builder()
    classified = classify(lines)
    settle_numbered(classified, b.findings)
    width = _wrap_width(classified)
    para: list[Line] = []
    para_fresh = True  # the paragraph began after a blank line, a heading or a finished paragraph
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
            _paragraph(b, list(para), classified, index, para_fresh, followed_by_blank, 3 if in_section else 2)
            para.clear()

    previous_blank = True
    fresh = True  # what comes next starts afresh (after a heading or a finished paragraph)
    for i, line in enumerate(classified):
        if line.kind == "blank":
            flush_para(True, i)
            previous_blank = fresh = True
            continue
        if line.kind == "heading":
            flush_para(previous_blank, i)
            flush_items()
            _numbered_heading(b, line)
            in_section = in_section or "." not in line.number
            fresh = True
        elif line.kind in ("bullet", "numbered"):
            flush_para(False, i)
            if items and previous_blank and not _same_list(items, line):
                flush_items()
            depth = _depth(indents, line.indent)
            ordinal = line.marker if line.kind == "numbered" else None
            items.append(_OpenItem([line.text], line.src.no, depth, line.indent, ordinal, line.marker))
        elif items and not previous_blank:
            last = items[-1]
            if line.indent <= last.indent and SENTENCE_END.search(last.texts[-1]) and line.text[:1].isupper():
                b.note(line.src.no, "warning",
                       f"'{_short(line.text)}' could continue the list item above or start a paragraph; "
                       "kept as a paragraph")
                flush_items()
                para.append(line)
                para_fresh = False
            else:
                last.texts.append(line.text)  # indented, or a lazy continuation as in Markdown
        else:
            flush_items()
            if para and not previous_blank and _ends_paragraph(para[-1], line, width):
                flush_para(False, i)
                fresh = True
            if not para:
                para_fresh = fresh
            para.append(line)
            fresh = False
        previous_blank = False
    flush_para(True, len(classified))
    flush_items()
    return _join_split_sentences(b), b.findings


def _wrap_width(lines: list[Line]) -> int | None:
    """The width the text was hard-wrapped at, or None when each line is a
    whole paragraph (lines longer than any page column)."""
    lengths = sorted(len(line.text) for line in lines if line.kind == "text")
    if not lengths:
        return None
    typical = lengths[int(0.9 * (len(lengths) - 1))]
    return typical if typical <= 100 else None


def _ends_paragraph(prev: Line, line: Line, width: int | None) -> bool:
    """Without a blank line between them, does `prev` end a paragraph? Yes when
    it ends a sentence, the next line starts like a sentence, and `prev` is
    short of the wrap width (or lines are not wrapped at all)."""
    if not SENTENCE_END.search(prev.text) or not (line.text[:1].isupper() or line.text[:1] in "\"'“‘("):
        return False
    return width is None or len(prev.text) < 0.6 * width


def _join_split_sentences(b: _Builder) -> list[Block]:
    """A stray blank line inside a sentence (common in text from PDFs) would
    split it in two; text starting in lower case after unfinished text joins it."""
    merged: list[Block] = []
    for block in b.blocks:
        prev = merged[-1] if merged else None
        if isinstance(block, Paragraph) and block.text[:1].islower():
            if isinstance(prev, Paragraph) and not _CLOSED.search(prev.text):
                merged[-1] = Paragraph(reflow([prev.text, block.text]), prev.line)
                b.note(block.line, "info", "continues the sentence above across a blank line; joined")
                continue
            if isinstance(prev, ListBlock) and not _CLOSED.search(prev.items[-1].text):
                last = prev.items[-1]
                joined = ListItem(reflow([last.text, block.text]), last.line, last.depth, last.ordinal, last.marker)
                merged[-1] = ListBlock(prev.items[:-1] + (joined,), prev.line)
                b.note(block.line, "info", "continues the list item above across a blank line; joined")
                continue
        merged.append(block)
    return merged


def _same_list(items: list[_OpenItem], line: Line) -> bool:
    """After a blank line, does this item carry on the open list (a loose list)?"""
    return (items[0].ordinal is None) == (line.kind == "bullet")


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


def _readable(text: str) -> str:
    return title_case(text) if is_upper_text(text) else text


def _numbered_heading(b: _Builder, line: Line) -> None:
    text = _readable(line.text)
    level = 2 if "." not in line.number else 3
    b.blocks.append(Heading(level, text, line.src.no, line.number))
    what = "section heading" if level == 2 else "numbered sub-heading"
    b.note(line.src.no, "info", f"{what} '{text}' (numbered {line.number})")


def _paragraph(b: _Builder, para: list[Line], lines: list[Line], end: int,
               fresh: bool, followed_by_blank: bool, level: int) -> None:
    """Emit a paragraph, or a heading when it is one short title-like line
    standing alone, or a heading and a paragraph when such a line sits
    directly on top of the text."""
    first = para[0]
    next_j = next_nonblank(lines, end - 1, 1)
    label = "sub-heading" if level == 3 else "heading"
    if len(para) == 1 and fresh and followed_by_blank:
        verdict = _heading_verdict(first.text, lines[next_j] if next_j is not None else None, lines, next_j)
        if verdict == "heading":
            b.blocks.append(Heading(level, _readable(first.text), first.src.no))
            b.note(first.src.no, "info", f"{label} '{_readable(first.text)}'")
            return
        if verdict == "ambiguous":
            b.note(first.src.no, "warning",
                   f"'{_short(first.text)}' could be a heading or a paragraph; kept as a paragraph")
        elif BARE_NUMBER.fullmatch(first.text):
            b.note(first.src.no, "warning", f"'{first.text}' could be a page number; kept as text")
    elif len(para) > 1 and fresh:
        head, second = para[0].text, para[1].text
        words = len(head.split())
        if (title_like(head) and words <= SURE_HEADING_WORDS and second[:1].isupper()
                and len(head) < 0.5 * len(second)):
            if is_upper_text(head) or words <= SHORT_HEADING_WORDS:
                b.blocks.append(Heading(level, _readable(head), first.src.no))
                b.note(first.src.no, "info", f"{label} '{_readable(head)}' (no blank line below it)")
                para = para[1:]
            else:
                b.note(first.src.no, "warning",
                       f"'{_short(head)}' could be a heading or the start of a paragraph; "
                       "kept in the paragraph")
    b.blocks.append(Paragraph(reflow([line.text for line in para]), para[0].src.no))


def _heading_verdict(text: str, nxt: Line | None, lines: list[Line], next_j: int | None) -> str:
    """'heading', 'paragraph', or 'ambiguous' (kept as a paragraph, with a warning)."""
    words = len(text.split())
    first = next((c for c in text if c.isalnum()), "")
    if (TERMINAL.search(text) or URLISH.search(text) or re.search(r"[.!?]\s+\S", text)
            or not (first.isupper() or first.isdigit()) or words > 15):
        return "paragraph"
    if BARE_NUMBER.fullmatch(text) or not any(c.isalpha() for c in text):
        return "paragraph"
    if nxt is None or text[-1] in "?!" or words > MAX_HEADING_WORDS:
        return "ambiguous"
    if is_upper_text(text):
        return "heading"
    if words > SURE_HEADING_WORDS:
        return "ambiguous"
    # Two short standalone lines in a row read like an address or a
    # signature more than a heading over a heading.
    if nxt.kind == "text" and title_like(nxt.text) and _standalone(lines, next_j):
        return "ambiguous"
    return "heading"


def _standalone(lines: list[Line], j: int | None) -> bool:
    if j is None:
        return False
    before = j == 0 or lines[j - 1].kind == "blank"
    after = j + 1 == len(lines) or lines[j + 1].kind == "blank"
    return before and after
