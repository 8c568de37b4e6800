"""Page furniture: what the old newsletters' layout put on every page rather
than into the text (the network's name, page numbers, running headers).

It is recognised and dropped, and every dropped line is reported, because a
reader of the report must be able to check that no text went with it.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Finding
from .text import SourceLine

_PAGE = re.compile(r"(?:page|pg\.?|p\.)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?", re.I)
_DASHED = re.compile(r"[-–—]\s*\d{1,3}\s*[-–—]")
_BARE = re.compile(r"\d{1,3}(?:\s*/\s*\d{1,3})?")
_NETWORK = re.compile(
    r"(?:the )?(?:(?P<a>ecmn) )?european clinical micro ?systems? network(?: (?P<b>ecmn))?|(?P<c>ecmn)"
)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def network_line(text: str) -> tuple[bool, bool]:
    """(is the whole line the network's name, does it carry the acronym)."""
    m = _NETWORK.fullmatch(_norm(text))
    if not m:
        return False, False
    # "ECMN" alone could end a wrapped line of prose, so it only counts as
    # the name with the acronym when it sits next to the full name.
    return True, bool(m["a"] or m["b"])


def strong_page_number(text: str) -> bool:
    stripped = text.strip()
    return bool(_PAGE.fullmatch(stripped) or _DASHED.fullmatch(stripped))


@dataclass(slots=True)
class Furniture:
    dropped: dict[int, str] = field(default_factory=dict)  # line -> what it was
    # First copies of running headers: dropped unless the header parser uses
    # them (page 1's copy of a running header is often the real masthead).
    tentative: dict[int, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def drop(self, line: SourceLine, what: str) -> None:
        self.dropped[line.no] = what
        self.findings.append(Finding(line.no, line.indent + 1, "info", f"dropped {what}"))


def find_furniture(lines: list[SourceLine]) -> Furniture:
    result = Furniture()
    for line in lines:
        if not line.blank and strong_page_number(line.text):
            result.drop(line, f"page number '{line.text.strip()}'")
    # Dropping a line can put a new line at a page's edge (a running header
    # under a page number), so look again until nothing changes.
    for _ in range(4):
        edges = _page_edges(lines, result)
        before = len(result.dropped) + len(result.tentative)
        _drop_at_edges(lines, edges, result)
        if len(result.dropped) + len(result.tentative) == before:
            break
    _drop_network_lines(lines, _page_edges(lines, result), result)
    result.findings.sort()
    return result


def _kept(lines: list[SourceLine], result: Furniture) -> list[int]:
    """Indexes of the non-blank lines still in the text."""
    return [i for i, ln in enumerate(lines)
            if not ln.blank and ln.no not in result.dropped and ln.no not in result.tentative]


def _page_edges(lines: list[SourceLine], result: Furniture) -> set[int]:
    """Indexes of kept lines that open or close a page: next to a form feed
    or to a page number that was dropped."""
    kept = _kept(lines, result)
    edges: set[int] = set()
    for m, line in enumerate(lines):
        if not (line.page_break or "page number" in result.dropped.get(line.no, "")):
            continue
        at = bisect.bisect_left(kept, m)
        if at < len(kept) and kept[at] == m:
            edges.add(m)
        if at > 0:
            edges.add(kept[at - 1])
        after = bisect.bisect_right(kept, m)
        if after < len(kept):
            edges.add(kept[after])
    return edges


def _drop_at_edges(lines: list[SourceLine], edges: set[int], result: Furniture) -> None:
    by_text: dict[str, list[int]] = defaultdict(list)
    for i in sorted(edges):
        text = lines[i].text.strip()
        if _BARE.fullmatch(text):
            result.drop(lines[i], f"page number '{text}'")
        else:
            by_text[" ".join(text.split())].append(i)
    masthead = set(_kept(lines, result)[:12])
    for text, places in by_text.items():
        if len(places) < 2 or len(text.split()) > 15:
            continue
        first = next(i for i, ln in enumerate(lines) if " ".join(ln.text.split()) == text)
        what = f"running header '{text}'"
        for i in places:
            if i != first:
                result.drop(lines[i], what)
        if first in masthead or first in places:
            result.tentative[lines[first].no] = what


def _drop_network_lines(lines: list[SourceLine], edges: set[int], result: Furniture) -> None:
    for i, line in enumerate(lines):
        if line.blank or line.no in result.dropped or line.no in result.tentative:
            continue
        whole, acronym = network_line(line.text)
        if not whole:
            continue
        prev_blank = i == 0 or lines[i - 1].blank or lines[i - 1].no in result.dropped
        next_blank = i + 1 == len(lines) or lines[i + 1].blank or lines[i + 1].no in result.dropped
        # The bare name inside a paragraph is prose ("... members of the
        # European Clinical Microsystem Network met ..."): keep it there.
        if acronym or i in edges or (prev_blank and next_blank):
            result.drop(line, f"the network name line '{line.text.strip()}'")
