"""Markdown bodies -> HTML, with links resolved at the place they are written.

markdown-it-pyrs is markdown-it (CommonMark) in Rust, about ten times
quicker than its Python twin. It gives a tree whose nodes know their place in
the source, and it renders; it cannot render a tree changed from Python. So a
body is parsed once to find its links, each link's URL is resolved and, where
it changes, written into the source in place of the one the editor wrote;
then that source is rendered. The HTML thus comes from the engine alone. The
link resolver is passed in, so this module knows nothing of URLs.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Callable

from markdown_it_pyrs import MarkdownIt, Node

from ..core.diagnostics import Position
from ..core.model import Body
from ..core.slugs import slugify
from ..core.weburls import scheme_of
from .positions import Source
from .sanitize import clean_html

# (href, where it is written, is it a picture) -> the URL to publish; None keeps
# it as written, "" drops it (a URL that must not be published).
Resolve = Callable[[str, Position, bool], "str | None"]

_MORE = "<!-- more -->"
_PLUGINS = ["table", "strikethrough", "footnote", "heading_anchors", "replacements", "smartquotes"]
# The engine marks each heading with an anchor of its own; its id is replaced by ours.
_HEADING = re.compile(
    r'<h([1-6])><a aria-hidden="true" class="anchor" id="[^"]*" href="[^"]*"><svg [^>]*>.*?</svg></a>(.*?)</h\1>',
    re.S,
)
_DROPPED_URL = re.compile(r'(<a|<img)([^>]*?) (?:href|src)=""')
_FOOTNOTES = re.compile(r'\s*<hr class="footnotes-sep" />\s*<section class="footnotes">.*?</section>\s*', re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|hr|tr|td|th|table|blockquote|section|pre|dd|dt)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_LABEL_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    summary_html: str  # the text before <!-- more -->, else the first paragraph
    headings: tuple[tuple[int, str, str], ...]  # (level, id, text)
    words: int


def new_engine() -> MarkdownIt:
    """One engine per build (or worker): the engine holds no site data."""
    return MarkdownIt("commonmark").enable_many(_PLUGINS)


@dataclass(slots=True)
class _Found:
    """What the tree says about one body, in the order it is written."""

    links: list[Node] = field(default_factory=list)  # link, image and autolink nodes
    code: list[tuple[int, int]] = field(default_factory=list)  # where code is written: no links there
    definitions: dict[str, Node] = field(default_factory=dict)  # normalised label -> definition
    footnotes: list[Node] = field(default_factory=list)  # footnote definitions written as blocks
    raw_html: bool = False
    more: Node | None = None  # the top-level <!-- more --> marker
    first_paragraph: Node | None = None


def _walk(node: Node, found: _Found, top: bool) -> None:
    for child in node.children:
        name = child.name
        if name in ("link", "image", "autolink"):
            found.links.append(child)
        elif name in ("code_inline", "code_block", "fence") and child.srcmap is not None:
            found.code.append(child.srcmap)
        elif name == "definition":
            found.definitions.setdefault(_label(child.meta["label"]), child)
        elif name == "html_block" or name == "html_inline":
            if top and name == "html_block" and child.meta.get("content", "").strip() == _MORE:
                found.more = found.more or child
                continue
            found.raw_html = True
        elif name == "paragraph" and top and found.first_paragraph is None:
            found.first_paragraph = child
        elif name == "footnote_def" and child.srcmap is not None and not child.meta.get("inline"):
            found.footnotes.append(child)
        elif name == "heading_anchor":
            continue  # the engine's own markup, replaced after rendering
        _walk(child, found, top=top and name == "footnote_container")


def _label(text: str) -> str:
    return _LABEL_SPACE.sub(" ", text.strip()).casefold()


def render(md: MarkdownIt, body: Body, path: str, resolve: Resolve, sanitize: bool) -> Rendered:
    source = Source(body.text, body.first_line, path)
    found = _Found()
    _walk(md.tree(source.data.decode("utf-8") if source.inserted else body.text), found, top=True)
    edits = _Edits(source.data)
    for link in found.links:
        _resolve_link(link, found, source, edits, resolve)
    _report_refused(source, found, resolve)
    if found.more is not None:
        edits.replace(*found.more.srcmap, b"")
    text = edits.apply()
    html, headings = _with_heading_ids(md.render(text.decode("utf-8")))
    summary = _FOOTNOTES.sub("", _with_heading_ids(md.render(_summary_source(found, edits, text)))[0])
    html, summary = _DROPPED_URL.sub(r"\1\2", html), _DROPPED_URL.sub(r"\1\2", summary)
    if sanitize and found.raw_html:
        # The engine escapes what editors type; only raw HTML needs cleaning.
        html, summary = clean_html(html), clean_html(summary)
    return Rendered(html, summary.strip() + "\n" if summary.strip() else "", headings, len(body.text.split()))


def _resolve_link(link: Node, found: _Found, source: Source, edits: _Edits, resolve: Resolve) -> None:
    start, end = link.srcmap
    url = link.meta.get("url", "")
    if link.name == "autolink":
        new = resolve(url, source.position(start), False)
        if new is not None and new != url:
            edits.replace(start, start, b"\\")  # refused: shown as the text it was written as
        return
    image = link.name == "image"
    written = source.data[start:end]
    if written.endswith(b")"):
        children = [c.srcmap[1] for c in link.children if c.srcmap is not None]
        span = source.inline_destination(start + image, end, max(children, default=start + image + 1))
        where = source.position(start + image)
    else:
        label = _label(_reference_label(written, image))
        definition = found.definitions.get(label)
        # The engine also reads definitions it does not put in its tree (one inside a footnote).
        at = definition.srcmap if definition is not None else _definition_in(source.data, label)
        if at is None:  # not a definition this reading can find: reported at the link, kept
            resolve(url, source.position(start), image)
            return
        span = source.definition_destination(*at)
        where = source.position(span[0] + (source.data[span[0]:span[0] + 1] == b"<"))
    new = resolve(url, where, image)
    if new is not None:
        edits.replace(*span, b"<" + new.encode("utf-8") + b">")


_DEFINITION = re.compile(rb"\[((?:[^\]\\]|\\.)+)\]:", re.S)


def _definition_in(data: bytes, label: str) -> tuple[int, int] | None:
    for match in _DEFINITION.finditer(data):
        if _label(match.group(1).decode("utf-8", "replace")) == label:
            return match.start(), len(data)
    return None


# The engine itself refuses `javascript:`, `vbscript:`, `file:` and most `data:`
# URLs: what would have been a link is printed as text, safe but silent. The
# editor is told, at the URL, as for any other URL that cannot be published.
_ENGINE_REFUSES = re.compile(
    rb"(\])\(\s*<?\s*((?:[a-zA-Z][a-zA-Z0-9+.\-]*|&#?\w+;)[^\s)>]*)"  # [text](url
    rb"|^[ \t>]*\[[^\]\n]+\]:[ \t]*\n?[ \t>]*<?((?:[a-zA-Z][a-zA-Z0-9+.\-]*|&#?\w+;)\S*)"  # [label]: url
    rb"|<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^\s<>]*)>",  # <autolink>
    re.M,
)


def _report_refused(source: Source, found: _Found, resolve: Resolve) -> None:
    data = source.data
    if b"](" not in data and b"]:" not in data and b"<" not in data:
        return
    starts: list[int] = []
    reach: list[int] = []  # the furthest end of the spans starting at or before each start
    for match in _ENGINE_REFUSES.finditer(data):
        group = 2 if match.group(2) else (3 if match.group(3) else 4)
        at = match.start(group)
        url = match.group(group).decode("utf-8", "replace")
        if scheme_of(url) not in {"javascript", "vbscript", "file", "data"}:
            continue
        if not starts:
            spans = sorted([n.srcmap for n in found.links if n.srcmap] + found.code
                           + [d.srcmap for d in found.definitions.values() if d.srcmap]) or [(0, 0)]
            for start, end in spans:
                starts.append(start)
                reach.append(max(end, reach[-1] if reach else 0))
        index = bisect.bisect_right(starts, at) - 1
        if index >= 0 and reach[index] > at:
            continue  # inside a link the engine made (resolved above), or in code
        # As for links the engine made: an inline link at its `[`, an autolink at its `<`.
        where = _opening(data, match.start(0)) if group == 2 else (at - 1 if group == 4 else at)
        picture = group == 2 and where > 0 and data[where - 1:where] == b"!"
        resolve(url, source.position(where), picture)


def _opening(data: bytes, close: int) -> int:
    """The `[` that the `]` at `close` closes, or `close` itself when there is none."""
    depth, at = 0, close
    while at > 0:
        at -= 1
        char = data[at:at + 1]
        if at > 0 and data[at - 1:at] == b"\\":
            continue
        if char == b"]":
            depth += 1
        elif char == b"[":
            if depth == 0:
                return at
            depth -= 1
    return close


def _reference_label(written: bytes, image: bool) -> str:
    """The label of `[text][label]`, `[label][]` or `[label]` (with `!` before for a picture)."""
    text = written.decode("utf-8", "replace")[1 + image:]
    if text.endswith("[]"):
        return text[:-3]
    if text.endswith("]") and "][" in text:
        return text[text.rindex("][") + 2:-1]
    return text[:-1]


class _Edits:
    """Replacements in the source, applied at once; offsets are the original's."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.spans: dict[tuple[int, int], bytes] = {}
        self._ends: list[int] = []  # after apply: the end of each edit, in order
        self._shift: list[int] = []  # how far an offset after that end moves

    def replace(self, start: int, end: int, new: bytes) -> None:
        self.spans[(start, end)] = new  # a definition used twice is written once

    def moved(self, offset: int) -> int:
        """Where an original offset is after the edits before it."""
        index = bisect.bisect_right(self._ends, offset) - 1
        return offset + (self._shift[index] if index >= 0 else 0)

    def apply(self) -> bytes:
        parts, at, shift = [], 0, 0
        for (start, end), new in sorted(self.spans.items()):
            if start < at:
                continue  # overlapping edits cannot happen in CommonMark; keep the first
            parts += [self.data[at:start], new]
            at = end
            shift += len(new) - (end - start)
            self._ends.append(end)
            self._shift.append(shift)
        parts.append(self.data[at:])
        return b"".join(parts)


def _summary_source(found: _Found, edits: _Edits, text: bytes) -> str:
    """The summary's Markdown: before the marker, else the first paragraph, with the
    body's definitions after it so its reference links and notes still resolve."""
    if found.more is not None:
        part = text[: edits.moved(found.more.srcmap[0])]
    elif found.first_paragraph is not None and found.first_paragraph.srcmap is not None:
        first, last = found.first_paragraph.srcmap
        part = text[edits.moved(first): edits.moved(last)]
    else:
        return ""
    extra = [text[edits.moved(d.srcmap[0]): edits.moved(d.srcmap[1])]
             for d in [*found.definitions.values(), *found.footnotes] if d.srcmap is not None]
    return b"\n\n".join([part, *extra]).decode("utf-8")


def _with_heading_ids(html: str) -> tuple[str, tuple[tuple[int, str, str], ...]]:
    headings: list[tuple[int, str, str]] = []
    taken: set[str] = set()

    def heading(match: re.Match) -> str:
        level, inner = match.group(1), match.group(2)
        text = plain_text(inner)
        base = slugify(text) or "section"
        unique, n = base, 1
        while unique in taken:
            unique, n = f"{base}-{n}", n + 1
        taken.add(unique)
        headings.append((int(level), unique, text))
        return f'<h{level} id="{unique}">{inner}</h{level}>'

    return _HEADING.sub(heading, html), tuple(headings)


def plain_text(html: str) -> str:
    """Readable text of an HTML fragment, for descriptions and feed summaries."""
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", html))
    return _SPACE.sub(" ", unescape(text)).strip()
