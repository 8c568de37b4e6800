"""Where something in a Markdown body is written, as the file's line:col.

A Markdown parser reads a block (paragraph, heading, table cell) as its
inline source: the block's lines with container markers (`> `, `- `,
indentation, a table's pipes) taken off. It can say at which offset of that
source a link opens, but not where that is in the file. This module works
that out from the body's text alone, so it does not care which parser asked.

Each line of a block is matched against its line in the body once, the first
time something in the block is asked for, and an offset is then found by
bisection: a body costs time in proportion to its length, however many links
it holds. Blocks without links, most of them, cost next to nothing.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..core.diagnostics import Position


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # index in the body line where the block's text, blanks skipped, begins
    lead: int  # blanks before it in the block's own line; not matched, as a parser may expand tabs
    pipes: tuple[int, ...]  # in a table cell, where a `|` stands that the file writes as `\|`


class Lines:
    """The lines of one body, and which part of each line blocks have claimed."""

    def __init__(self, text: str, first_line: int, path: str) -> None:
        # CommonMark reads NUL as U+FFFD before anything else; one character
        # for one, so matching against the parser's text still finds it.
        self.lines = text.replace("\0", "\ufffd").split("\n")
        self.first_line, self.path = first_line, path
        self._claimed: dict[int, int] = {}  # line -> end of the last block found on it
        self._latest: dict[int, Block] = {}  # line -> the last block registered as starting on it

    def block(self, first: int, source: str) -> Block:
        """A block whose inline `source` starts on body line `first` (0-based).

        Register blocks in the order they are written: cells of one table row
        are told apart only by coming one after another.
        """
        block = Block(self, first, source, self._latest.get(first))
        self._latest[first] = block
        return block

    def position(self, line: int, index: int) -> Position:
        return Position(self.path, self.first_line + line, index + 1)

    def _align(self, line: int, text: str) -> _Line:
        body_line = self.lines[line] if line < len(self.lines) else ""
        core = text.lstrip(" \t")
        lead = len(text) - len(core)
        after = self._claimed.get(line, 0)
        start, pipes = -1, ()
        if "|" in core:
            # A table cell's `\|` reaches the parser as `|`; try that spelling
            # first, or a cell could be found across two cells of its row.
            start = body_line.find(core.replace("|", "\\|"), after)
            if start >= 0:
                pipes = tuple(i for i, c in enumerate(core) if c == "|")
                self._claimed[line] = start + len(core) + len(pipes)
        if start < 0:
            start = body_line.find(core, after)
            if start >= 0:
                self._claimed[line] = start + len(core)
            else:
                start = len(body_line) - len(body_line.lstrip(" \t"))
        return _Line(start, lead, pipes)

    def definition(self, first: int, last: int) -> Position:
        """Where the URL of the reference definition on lines first..last-1 begins."""
        line, index = first, 0
        while line < last:
            opening = self.lines[line].find("[", index)
            if opening < 0:
                break
            footnote = self.lines[line].startswith("^", opening + 1)
            line, index = self._label_end(line, opening + 1, last)
            if line < last and not footnote:
                return self._destination(line, index + 2, last)
            index += 2  # `[^note]: [label]: url` defines a label inside a footnote
        return self.position(first, 0)

    def _label_end(self, line: int, index: int, last: int) -> tuple[int, int]:
        # A label holds no unescaped bracket, so its end is the first `]`
        # that is not escaped; it must be followed by `:`.
        while line < last:
            text = self.lines[line]
            while index < len(text):
                char = text[index]
                if char == "\\":
                    index += 2
                    continue
                if char == "]":
                    return (line, index) if text.startswith(":", index + 1) else (last, 0)
                index += 1
            line, index = line + 1, 0
        return last, 0

    def _destination(self, line: int, index: int, last: int) -> Position:
        text = self.lines[line]
        while index < len(text) and text[index] in " \t":
            index += 1
        if index >= len(text) and line + 1 < last:
            # The URL may start the next line, behind a quote's `>` markers.
            line, text = line + 1, self.lines[line + 1]
            index = len(text) - len(text.lstrip(" \t>"))
        if text.startswith("<", index):
            index += 1
        return self.position(line, index)


class Block:
    """One block's inline source, matched line by line against the body when first asked."""

    def __init__(self, body: Lines, first: int, source: str, before: Block | None) -> None:
        self.body, self.first, self.source = body, first, source
        self.before = before  # the cell left of this one in a table row
        self.starts: list[int] = []
        self.lines: list[_Line] | None = None

    def at(self, offset: int) -> Position:
        """The file position of character `offset` of the block's inline source."""
        if self.lines is None:
            self._align()
        assert self.lines is not None
        k = bisect.bisect_right(self.starts, offset) - 1
        line = self.lines[k]
        j = max(offset - self.starts[k] - line.lead, 0)
        index = line.start + j + bisect.bisect_left(line.pipes, j)
        return self.body.position(self.first + k, index)

    def _align(self) -> None:
        # A cell is looked for after the cells left of it, so those are found first.
        waiting = []
        block: Block | None = self
        while block is not None and block.lines is None:
            waiting.append(block)
            block = block.before
        for block in reversed(waiting):
            texts = block.source.split("\n")
            offset = 0
            for text in texts:
                block.starts.append(offset)
                offset += len(text) + 1
            block.lines = [block.body._align(block.first + k, text) for k, text in enumerate(texts)]
