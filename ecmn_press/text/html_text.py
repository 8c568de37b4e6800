"""HTML fragments as readable plain text: the e-mail edition's text part.

Rendered Markdown in, text for a 72-column mail reader out: headings
underlined (level 1 and 2) or in capitals, paragraphs wrapped, lists with
"- " and "1. ", quotes with "> ", tables as aligned columns, images as
"[image: alt]" and links as numbered references "[3]" whose URLs the caller
lists once at the end of the mail (one `References` is shared by every
fragment of a mail, so the same URL keeps the same number throughout).

Written on the standard library's html.parser: the converters on PyPI are
either GPL (html2text) or far larger than what our own Markdown needs.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser

WIDTH = 72
_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
    "table", "tr", "dl", "dt", "dd", "hr", "aside", "nav", "main", "details", "summary",
}
_SKIP = {"script", "style", "head", "title", "template", "svg"}
_SPACE = re.compile(r"[ \t\r\n\f]+")


@dataclass(slots=True)
class References:
    """Link URLs of one mail, numbered in the order they are first met."""

    urls: list[str] = field(default_factory=list)

    def number(self, url: str) -> int:
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1


@dataclass(slots=True)
class _Frame:
    """A quote or list item: what goes before its first line and the rest."""

    first: str
    rest: str
    used: bool = False


@dataclass(slots=True)
class _Link:
    href: str
    start: int  # where the link's text begins in the inline buffer
    footnote: bool  # a footnote mark or back-reference, kept as text only


class _Converter(HTMLParser):
    def __init__(self, refs: References, width: int) -> None:
        super().__init__(convert_charrefs=True)
        self.refs, self.width = refs, width
        self.lines: list[str] = []
        self.inline: list[str] = []
        self.frames: list[_Frame] = []
        self.lists: list[list[int]] = []  # per open list: [next number or -1 for bullets, serial]
        self.serial = 0
        self.links: list[_Link] = []
        self.skip = 0
        self.pre = 0
        self.note_mark = 0  # inside <sup class="footnote-ref">: its link is a note number
        self.table: list[list[str]] | None = None
        self.last_lists: set[int] = set()  # the lists open when the last block was added

    # -- tags ------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _SKIP:
            self.skip += 1
        if self.skip:
            return
        if tag in _BLOCKS:
            self.flush()
        if tag == "blockquote":
            self.frames.append(_Frame("> ", "> "))
        elif tag in ("ul", "ol"):
            start = a.get("start", "1")
            self.serial += 1
            number = (int(start) if start.isdigit() else 1) if tag == "ol" else -1
            self.lists.append([number, self.serial])
        elif tag == "li":
            counter = self.lists[-1] if self.lists else [-1, 0]
            marker = "- " if counter[0] < 0 else f"{counter[0]}. "
            if counter[0] >= 0:
                counter[0] += 1
            self.frames.append(_Frame(marker, " " * len(marker)))
        elif tag == "dd":
            self.frames.append(_Frame("    ", "    "))
        elif tag == "pre":
            self.pre += 1
        elif tag == "br":
            self.inline.append("\n")
        elif tag == "hr":
            self.emit(["* * *"])
        elif tag == "img":
            alt = _SPACE.sub(" ", a.get("alt", "")).strip()
            if alt:
                self.inline.append(f"[image: {alt}]")
        elif tag == "sup" and "footnote-ref" in a.get("class", ""):
            self.note_mark += 1
        elif tag == "a":
            footnote = bool(self.note_mark) or "footnote-backref" in a.get("class", "")
            self.links.append(_Link(a.get("href", ""), len(self.inline), footnote))
        elif tag == "table":
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th"):
            self.inline = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "a" and self.links:
            self._close_link(self.links.pop())
        elif tag == "sup" and self.note_mark:
            self.note_mark -= 1
        elif tag in ("td", "th") and self.table is not None:
            text = _SPACE.sub(" ", "".join(self.inline)).strip()
            self.inline = []
            if self.table:
                self.table[-1].append(text)
        elif tag == "table" and self.table is not None:
            rows, self.table = self.table, None
            self.emit(_table(rows, self.width - len(self._prefix(False))))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading(int(tag[1]))
        elif tag == "pre":
            self._preformatted()
            self.pre = max(0, self.pre - 1)
        elif tag in _BLOCKS:
            self.flush()
            if tag in ("blockquote", "li", "dd") and self.frames:
                self.frames.pop()
            elif tag in ("ul", "ol") and self.lists:
                self.lists.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.inline.append(data if self.pre else _SPACE.sub(" ", data))

    # -- inline pieces -----------------------------------------------------------
    def _close_link(self, link: _Link) -> None:
        text = _SPACE.sub(" ", "".join(self.inline[link.start :])).strip()
        href = link.href
        if link.footnote and text.startswith("↩"):
            del self.inline[link.start :]  # the way back up the page means nothing in a mail
            return
        if link.footnote or not href or href.startswith("#"):
            return
        if href.startswith("mailto:"):
            address = href.removeprefix("mailto:")
            if text != address:
                self.inline.append(f" <{address}>")
            return
        if text in (href, href.rstrip("/")):
            return
        self.inline.append(f" [{self.refs.number(href)}]")

    # -- blocks ------------------------------------------------------------------
    def _prefix(self, first: bool) -> str:
        parts = []
        for frame in self.frames:
            parts.append(frame.first if first and not frame.used else frame.rest)
        return "".join(parts)

    def emit(self, block: list[str]) -> None:
        """Add a block's lines, each behind the open quotes' and list items' prefixes."""
        if not block:
            return
        # Items of a tight list follow each other without a blank line.
        starts_item = any(not f.used for f in self.frames if f.first != f.rest)
        tight = starts_item and any(serial in self.last_lists for _, serial in self.lists)
        if self.lines and not tight:
            self.lines.append("".join(f.rest for f in self.frames if f.used).rstrip())
        first, rest = self._prefix(True), self._prefix(False)
        for i, line in enumerate(block):
            self.lines.append(((first if i == 0 else rest) + line).rstrip())
        for frame in self.frames:
            frame.used = True
        self.last_lists = {serial for _, serial in self.lists}

    def flush(self) -> None:
        if self.table is not None:
            return  # cells collect their own text
        text = "".join(self.inline)
        self.inline = []
        pieces = [_SPACE.sub(" ", part).strip() for part in text.split("\n")]
        if not any(pieces):
            return
        # Quote and list prefixes are as wide on the first line as on the rest.
        width = max(self.width - len(self._prefix(False)), 20)
        out: list[str] = []
        for piece in pieces:
            if piece:
                out.extend(wrap(piece, width))
        self.emit(out)

    def _heading(self, level: int) -> None:
        text = _SPACE.sub(" ", "".join(self.inline)).strip()
        self.inline = []
        if not text:
            return
        if level <= 2:
            width = min(len(text), self.width - len(self._prefix(False)))
            self.emit([text, ("=" if level == 1 else "-") * width])
        else:
            self.emit([text.upper()])

    def _preformatted(self) -> None:
        text = "".join(self.inline).strip("\n")
        self.inline = []
        if text:
            self.emit(["    " + line.rstrip() for line in text.split("\n")])


def _table(rows: list[list[str]], width: int) -> list[str]:
    """Aligned columns when they fit the width, else one 'header: value' line per cell."""
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    columns = max(len(r) for r in rows)
    rows = [r + [""] * (columns - len(r)) for r in rows]
    widths = [max(len(r[c]) for r in rows) for c in range(columns)]
    if sum(widths) + 2 * (columns - 1) <= width:
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return lines
    header, out = rows[0], []
    for row in rows[1:]:
        if out:
            out.append("")
        for name, cell in zip(header, row):
            out.extend(textwrap.wrap(f"{name}: {cell}" if name else cell, width=width, subsequent_indent="  ",
                                     break_long_words=False, break_on_hyphens=False) or [""])
    return out


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, broken at spaces only (a longer word stands
    on a line of its own): what `textwrap.wrap` gives with `break_long_words` and
    `break_on_hyphens` off for text whose only whitespace is single spaces, as every
    paragraph here is. A line at a time, not a word at a time: an issue's e-mail
    text wraps thousands of paragraphs."""
    lines: list[str] = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)  # the last break that leaves the line short enough
        if cut <= 0:
            cut = text.find(" ", 1)  # a word longer than the line
            if cut < 0:
                break
        lines.append(text[:cut])
        text = text[cut + 1:]
    if text:
        lines.append(text)
    return lines


def html_to_text(html: str, refs: References | None = None, width: int = WIDTH) -> str:
    """The text of an HTML fragment; link URLs go to `refs` (a new list when None)."""
    converter = _Converter(refs if refs is not None else References(), width)
    converter.feed(html)
    converter.close()
    converter.flush()
    return "\n".join(converter.lines).strip("\n")

