"""Tables in a page's text, each in a box of its own that can scroll sideways.

A table with more columns than a phone has room for would otherwise either
widen the page or squeeze its cells until words break inside themselves.
In its own box it keeps its words whole and scrolls on its own; the box is
a named region with tabindex="0", so a keyboard can reach it and scroll it
(in a mail, where nothing takes focus, a plain box). Only the outermost
table of a nest gets a box.
"""

from __future__ import annotations

import re
from html import escape, unescape

_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_ANY_TABLE = re.compile(r"<table", re.IGNORECASE)  # ten times quicker than lower-casing every page
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
LABEL_CHARS = 80


def scrolling_tables(html: str, *, keyboard: bool = True) -> str:
    """The HTML with each outermost table wrapped in `<div class="table-scroll" ...>`."""
    if _ANY_TABLE.search(html) is None:
        return html
    out: list[str] = []
    depth, start, done = 0, 0, 0
    for tag in _TABLE_TAG.finditer(html):
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                table = html[start : tag.end()]
                out.append(html[done:start])
                region = f' role="region" tabindex="0" aria-label="{_label(table)}"' if keyboard else ""
                out.append(f'<div class="table-scroll"{region}>{table}</div>')
                done = tag.end()
    out.append(html[done:])
    return "".join(out)


def _label(table: str) -> str:
    """What the box is called: the table's caption, else its column headings."""
    caption = _CAPTION.search(table)
    if caption:
        words = _text(caption.group(1))
    else:
        words = ", ".join(h for h in (_text(m) for m in _HEADER.findall(table)[:6]) if h)
    words = words if len(words) <= LABEL_CHARS else words[: LABEL_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return escape(f"Table: {words}" if words else "Table", quote=True)


def _text(fragment: str) -> str:
    return _SPACE.sub(" ", unescape(_TAG.sub("", fragment))).strip()
