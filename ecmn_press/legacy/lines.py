"""Body lines, classified: bullets, numbered lines, plain text; and which
numbered lines head sections.

Whether "2. Aims" is section 2 or the second item of a list depends on its
neighbours and on the sections seen so far, so it is settled here, before
blocks are built, and every close call is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Finding
from .text import SourceLine

DASH_BULLET = re.compile(r"(?P<indent>\s*)(?P<marker>[-*+–—])\s+(?P<text>\S.*)")
DOT_BULLET = re.compile(r"(?P<indent>\s*)(?P<marker>[•·▪‣◦●■○►➢\uf0b7\uf0a7\uf0d8])\s*(?P<text>\S.*)")
_O_BULLET = re.compile(r"(?P<indent>\s*)(?P<marker>o)\s+(?P<text>\S.*)")
NUMBERED = re.compile(r"(?P<indent>\s*)(?P<num>\d{1,3}(?:\.\d{1,2})*)(?P<delim>[.)]?)\s+(?P<text>\S.*)")
TERMINAL = re.compile(r"[.,;:]$")
SENTENCE_END = re.compile(r"[.!?:][\"'”’)]*$")
URLISH = re.compile(r"@|://|www\.", re.I)
BARE_NUMBER = re.compile(r"\d{1,3}")

MAX_HEADING_WORDS = 10  # beyond this a line is a sentence, whatever its case
SURE_HEADING_WORDS = 6  # up to this a short standalone line is a heading


@dataclass(slots=True)
class Line:
    src: SourceLine
    kind: str  # blank | bullet | numbered | text | heading
    marker: str = ""
    text: str = ""  # without the marker
    indent: int = 0
    number: str = ""  # "2" or "2.1" for numbered lines
    delim: str = ""


def classify(lines: list[SourceLine]) -> list[Line]:
    out: list[Line] = []
    for src in lines:
        if src.blank:
            out.append(Line(src, "blank"))
            continue
        m = DASH_BULLET.fullmatch(src.text) or DOT_BULLET.fullmatch(src.text)
        if m:
            out.append(Line(src, "bullet", m["marker"], m["text"], len(m["indent"])))
            continue
        m = NUMBERED.fullmatch(src.text)
        if m:  # "1 Background", without "." or ")", can only be a heading; settled below
            out.append(Line(src, "numbered", m["num"] + m["delim"], m["text"], len(m["indent"]),
                             m["num"], m["delim"]))
            continue
        out.append(Line(src, "text", text=src.text.strip(), indent=src.indent))
    # "o " is a bullet from word processors' symbol fonts, and also a word
    # (rarely at a line's start): only a run of two or more counts.
    for i, line in enumerate(out):
        m = _O_BULLET.fullmatch(line.src.text) if line.kind == "text" else None
        if m and (_o_neighbour(out, i, -1) or _o_neighbour(out, i, 1)):
            out[i] = Line(line.src, "bullet", "o", m["text"], len(m["indent"]))
    return out


def _o_neighbour(lines: list[Line], i: int, step: int) -> bool:
    j = next_nonblank(lines, i, step)
    return j is not None and (
        _O_BULLET.fullmatch(lines[j].src.text) is not None or lines[j].kind == "bullet"
    )


def next_nonblank(lines: list[Line], i: int, step: int) -> int | None:
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
    if TERMINAL.search(text) or URLISH.search(text) or re.search(r"[.!?]\s+\S", text):
        return False
    first = next((c for c in text if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def settle_numbered(lines: list[Line], findings: list[Finding]) -> None:
    """Turn numbered lines that head sections into kind 'heading'."""
    def warn(line: Line, message: str) -> None:
        findings.append(Finding(line.src.no, 1, "warning", message))

    section, sub = 0, 0
    for i, line in enumerate(lines):
        if line.kind != "numbered":
            continue
        parts = [int(p) for p in line.number.split(".")]
        prev = i - 1 if i > 0 else None
        prev_j = next_nonblank(lines, i, -1)
        next_j = next_nonblank(lines, i, 1)
        same_group_prev = prev is not None and lines[prev].kind != "blank"
        if line.delim == ")" or not title_like(line.text):
            continue  # a list item; or, without "." or ")", prose such as "1.5 million people"
        in_list = (
            (same_group_prev and lines[prev].kind == "numbered")  # type: ignore[index]
            or (prev_j is not None and lines[prev_j].text.endswith(":"))
            or (prev_j is not None and _follows(lines[prev_j], parts, -1))
            or (next_j is not None and next_j == i + 1 and _follows(lines[next_j], parts, 1))
            or (next_j is not None and _follows(lines[next_j], parts, 1) and not title_like(lines[next_j].text))
        )
        if (same_group_prev and lines[prev].kind == "text"  # type: ignore[index]
                and not SENTENCE_END.search(lines[prev].src.text)):  # type: ignore[index]
            continue  # straight under an unfinished line of text: a list, not a section
        fits = parts == [section + 1] or (len(parts) == 2 and parts[0] == section and parts[1] == sub + 1)
        if in_list:
            if fits and len(parts) == 1 and line.delim:
                warn(line, f"'{line.marker} {line.text}' could be section heading {parts[0]} or an item "
                       "of the list around it; kept as a list item")
            continue
        if not line.delim and not fits:
            continue  # "40 Teams applied": a number starting a sentence
        if len(parts) == 1 and (fits or parts[0] > section + 1):
            if not fits:
                warn(line, f"section numbers jump from {section} to {parts[0]}; "
                       f"'{line.marker} {line.text}' kept as a section heading")
            section, sub = parts[0], 0
            line.kind = "heading"
        elif len(parts) == 2 and (fits or parts[0] == section):
            sub = parts[1]
            line.kind = "heading"
        elif line.delim:
            warn(line, f"'{line.marker} {line.text}' could be a numbered heading or a list item; "
                   "kept as a list item (its number does not follow the sections before it)")
    for line in lines:
        if line.kind == "numbered" and not line.delim:
            # "1.1 Something" that heads nothing is text: Markdown has no list item without "." or ")".
            line.kind = "text"
            line.text = line.src.text.strip()


def _follows(other: Line, parts: list[int], step: int) -> bool:
    """Is `other` the numbered line just before (step -1) or after (+1) in a list?"""
    if other.kind not in ("numbered",) or not other.delim:
        return False
    other_parts = [int(p) for p in other.number.split(".")]
    return len(other_parts) == len(parts) and other_parts[-1] == parts[-1] + step
