"""Where something in a Markdown body is written, and where its URL stands.

The parser gives each node its place as byte offsets into the body. This
module turns an offset into the file's line:col (columns count characters,
as editors do), and finds, inside a link or a reference definition, the span
of its destination, so that the URL can be reported where it is written and
replaced in place. It reads the source by CommonMark's rules for link
destinations only; it never decides what is a link.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from ..core.diagnostics import Position

# A run of reference definitions, one complete definition per line, not
# indented (so not in a list item), after a blank line (so not a paragraph's
# continuation), outside fenced code.
_DEFINITION_LINE = re.compile(rb"^\[(?:[^\]\\\n]|\\.)+\]:[ \t]*\S+(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$")
_LONG_RUN = 32


class Source:
    """One body's bytes, as the engine is to read them, with line starts for positions.

    The engine takes time in the square of the length of a run of reference
    definitions written on consecutive lines (10,000 take seconds). A long
    run is read with a blank line between its definitions, which changes
    nothing they mean; `inserted` remembers where, so every position still
    points into the file as the editor wrote it.
    """

    def __init__(self, text: str, first_line: int, path: str) -> None:
        self.original = text.encode("utf-8")
        self.data, self.inserted = _spread_definitions(self.original)
        self.first_line, self.path = first_line, path
        self.starts = _line_starts(self.original)
        self._data_starts = self.starts if not self.inserted else _line_starts(self.data)

    def span(self, line: int, col: int, end_line: int, end_col: int) -> tuple[int, int]:
        """Byte offsets in `data` of the engine's `line:col-line:col` (1-based, characters, end included)."""
        return self._offset(line, col), self._offset(end_line, end_col + 1)

    def _offset(self, line: int, col: int) -> int:
        starts = self._data_starts
        index = min(max(line, 1), len(starts)) - 1
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(self.data)
        text = self.data[start:end]
        if text.isascii():
            return start + min(max(col - 1, 0), len(text))
        return start + len(text.decode("utf-8", "replace")[: max(col - 1, 0)].encode("utf-8"))

    def position(self, offset: int) -> Position:
        """The file's line:col of `offset` in `data`."""
        offset -= bisect.bisect_left(self.inserted, offset)
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        column = len(self.original[start:offset].decode("utf-8", "replace")) + 1
        return Position(self.path, self.first_line + line, column)

    def definition_destination(self, start: int, end: int) -> tuple[int, int]:
        """The destination's span in the reference definition `[label]: dest` written at start..end."""
        at = self._unescaped(b"]", start + 1, end)
        # The URL may start the next line, behind a quote's `>` markers.
        return self._destination(at + 2, end, b" \t\n>")  # past "]:"

    def _unescaped(self, char: bytes, at: int, end: int) -> int:
        data = self.data
        while at < end:
            found = data[at:at + 1]
            if found == b"\\":
                at += 2
                continue
            if found == char:
                return at
            at += 1
        return end

    def _destination(self, at: int, end: int, before: bytes) -> tuple[int, int]:
        data = self.data
        while at < end and data[at] in before:
            at += 1
        if data[at:at + 1] == b"<":
            close = self._unescaped(b">", at + 1, end)
            return at, min(close + 1, end)
        first, depth = at, 0
        while at < end:
            char = data[at:at + 1]
            if char == b"\\":
                at += 2
                continue
            if char in (b" ", b"\t", b"\n") or char < b" ":
                break
            if char == b"(":
                depth += 1
            elif char == b")":
                if depth == 0:
                    break
                depth -= 1
            at += 1
        return first, min(at, end)


def _line_starts(data: bytes) -> list[int]:
    return [0, *accumulate(len(line) + 1 for line in data.split(b"\n")[:-1])]


def _spread_definitions(data: bytes) -> tuple[bytes, list[int]]:
    if data.count(b"]:") < _LONG_RUN:
        return data, []
    lines = data.split(b"\n")
    out: list[bytes] = []
    inserted: list[int] = []
    size, run, fence, blank_before = 0, 0, b"", True
    for line in lines:
        stripped = line.lstrip(b" ")
        if fence:
            if stripped.startswith(fence):
                fence = b""
            run = 0
        elif stripped.startswith((b"```", b"~~~")) and len(line) - len(stripped) < 4:
            fence, run = stripped[:3], 0
        elif _DEFINITION_LINE.match(line) and (run or blank_before):
            run += 1
            if run > 1:
                inserted.append(size)
                out.append(b"")
                size += 1
        else:
            run = 0
        blank_before = not line.strip()
        out.append(line)
        size += len(line) + 1
    if not inserted:
        return data, []
    return b"\n".join(out), inserted
