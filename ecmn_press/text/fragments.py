"""Pieces of rendered bodies placed in other pages: summaries in lists, whole bodies in an issue, link previews."""

from __future__ import annotations

import re
from html import unescape

# A footnote reference inside a summary would point at a note the list does not show.
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>', re.S)
_ID_ATTR = re.compile(r"""(<[a-zA-Z][^<>]*?)(\s)id=(["'])(.*?)\3""", re.S)
_FRAGMENT_HREF = re.compile(r"""(<a\s[^<>]*?href=)(["'])#(.*?)\2""", re.S)
_IMG = re.compile(r"<img\s[^<>]*>", re.S)
_ATTR = re.compile(r"""\s(src|alt)=(["'])(.*?)\2""", re.S)


def without_ids(html: str) -> str:
    """A body's summary shown in a list beside others: ids would repeat, notes are elsewhere."""
    return _ID_ATTR.sub(r"\1", _FOOTNOTE_REF.sub("", html))


def prefix_ids(html: str, prefix: str) -> str:
    """A whole body placed in a page that holds others (an issue printed whole):
    its ids and the in-page links to them get a prefix, so none clashes."""
    html = _ID_ATTR.sub(lambda m: f"{m[1]}{m[2]}id={m[3]}{prefix}{m[4]}{m[3]}", html)
    return _FRAGMENT_HREF.sub(lambda m: f"{m[1]}{m[2]}#{prefix}{m[3]}{m[2]}", html)


def first_image(html: str) -> dict | None:
    """The first image of a body ({src, alt}): what a link preview shows."""
    tag = _IMG.search(html)
    if tag is None:
        return None
    attrs = {m[1]: m[3] for m in _ATTR.finditer(tag[0])}
    if not attrs.get("src"):
        return None
    return {"src": unescape(attrs["src"]), "alt": unescape(attrs.get("alt", ""))}
