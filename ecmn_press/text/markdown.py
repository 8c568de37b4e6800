"""Markdown bodies -> HTML, with links resolved at the place they are written.

markdown-it-pyrs is markdown-it (CommonMark) in Rust, about ten times
quicker than its Python twin. Rendered with its `sourcepos` rule, every
element the Markdown made carries `data-sourcepos="line:col-line:col"`: that
tells each link where it is written, and tells a link the editor wrote
(which has it) from one in raw HTML (which has not). So a body is rendered
once; each link's URL is resolved and replaced in the HTML, and the
positions are then taken out. The link resolver is passed in, so this
module knows nothing of URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from typing import Callable

from markdown_it_pyrs import MarkdownIt

from ..core.diagnostics import Position, compact_pickle
from ..core.model import Body
from ..core.slugs import slugify
from ..core.weburls import scheme_of
from .positions import Source
from .sanitize import clean_html

# (href, where it is written, is it a picture) -> the URL to publish; None keeps
# it as written, "" drops it (a URL that must not be published).
Resolve = Callable[[str, Position, bool], "str | None"]

# No "heading_anchors": its ids are not ours (see _with_heading_ids), and its icon
# made every heading's HTML 1.3 KB longer for each later pass to read through.
_PLUGINS = ["table", "strikethrough", "footnote", "replacements", "smartquotes", "sourcepos"]
_POS = r'data-sourcepos="(\d+):(\d+)-(\d+):(\d+)"'
_LINK = re.compile(rf'<(a|img) {_POS} (href|src)="([^"]*)"')
_ALT = re.compile(r' alt="([^"]*)"')
_CODE = re.compile(rf"<code {_POS}")
_PARAGRAPH = re.compile(rf"<p {_POS}>")
_POSITIONS = re.compile(r' data-sourcepos="[^"]*"')
# A picture written as raw HTML: the engine passes it through as typed, without a source position.
_RAW_IMG = re.compile(r"<img\b(?![^>]*\sdata-sourcepos=)[^>]*>", re.I)
_HAS_ALT = re.compile(r"\salt\s*=", re.I)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# A heading written in Markdown: it has a source position (one typed as HTML has none).
_HEADING = re.compile(rf'<h([1-6]) {_POS}>(.*?)</h\1>', re.S)
_MORE_LINE = re.compile(rb"^<!-- more -->[ \t]*$", re.M)
_MORE = "<!-- more -->\n"
_RAW_HTML = re.compile(rb"<(?:[A-Za-z][A-Za-z0-9-]*[\s/>]|/[A-Za-z]|!|\?)")
_DEFINITION = re.compile(rb"\[((?:[^\]\\\n]|\\.)+)\]:")
# What may stand before a definition on its line: blanks, quote and list
# markers, a footnote's label.
_BEFORE_DEFINITION = re.compile(rb"[ \t>*+\-]*(?:[0-9]+[.)][ \t]*)?(?:\[\^[^\]\n]*\]:[ \t]*)?")
_LABEL_SPACE = re.compile(r"\s+")
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|hr|tr|td|th|table|blockquote|section|pre|dd|dt)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@compact_pickle
@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    summary_html: str  # the text before <!-- more -->, else the first paragraph
    headings: tuple[tuple[int, str, str], ...]  # (level, id, text)
    words: int
    # Every picture written in Markdown: (its URL as published, where, its alt text).
    images: tuple[tuple[str, Position, str], ...] = ()


def new_engine() -> MarkdownIt:
    """One engine per build (or worker): the engine holds no site data."""
    return MarkdownIt("commonmark").enable_many(_PLUGINS)


class EngineFault(Exception):
    """The Markdown engine broke down on a text: its own fault, not the text's."""


def _engine_render(md: MarkdownIt, text: str) -> str:
    try:
        return md.render(text)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a Rust panic arrives as a BaseException, not an Exception
        raise EngineFault(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


def render(md: MarkdownIt, body: Body, path: str, resolve: Resolve, sanitize: bool) -> Rendered:
    """The body as HTML; EngineFault if the engine breaks down on it."""
    source = Source(body.text, body.first_line, path)
    html = _engine_render(md, source.data.decode("utf-8") if source.inserted else body.text)
    links = _Links(source, resolve)
    html = _LINK.sub(links.rewrite, html)
    raw = _raw_pictures_without_alt(source, html) if "<img" in html else []
    _report_refused(source, links.spans, html, resolve)
    more = b"<!-- more -->" in source.data and _MORE_LINE.search(source.data) is not None
    html, headings = _with_heading_ids(html)
    summary = _summary(source, html, more)
    html, summary = _POSITIONS.sub("", html.replace(_MORE, "", 1) if more else html), _POSITIONS.sub("", summary)
    if sanitize and _RAW_HTML.search(_MORE_LINE.sub(b"", source.data) if more else source.data):
        # The engine escapes what editors type; only raw HTML needs cleaning.
        html, summary = clean_html(html), clean_html(summary)
    return Rendered(html, summary, headings, len(body.text.split()), tuple(links.images + raw))


def _raw_pictures_without_alt(source: Source, html: str) -> list[tuple[str, Position, str]]:
    """Pictures written as HTML with no alt attribute at all (alt="" says "decoration"), where written."""
    found, cursor = [], 0
    for match in _RAW_IMG.finditer(html):
        tag = match.group()
        at = source.data.find(tag.encode("utf-8"), cursor)
        if at < 0:
            continue  # not as typed (the engine changed it): it came from Markdown, which has alt
        cursor = at + len(tag)
        if not _HAS_ALT.search(tag):
            src = _SRC.search(tag)
            written = next((g for g in src.groups() if g is not None), "") if src else ""
            found.append((unescape(written), source.position(at), ""))
    return found


class _Links:
    """Resolves each link of one body as its element is met in the HTML."""

    def __init__(self, source: Source, resolve: Resolve) -> None:
        self.source, self.resolve = source, resolve
        self.spans: list[tuple[int, int]] = []
        self.images: list[tuple[str, Position, str]] = []
        self._definitions: dict[str, int] | None = None  # label -> where its definition starts

    def rewrite(self, match: re.Match) -> str:
        tag, attr, written = match.group(1), match.group(6), match.group(7)
        start, end = self.source.span(*map(int, match.group(2, 3, 4, 5)))
        self.spans.append((start, end))
        image = tag == "img"
        data = self.source.data
        if data[start:start + 1] == b"<":
            where = start  # an autolink, at its `<`
        elif data[start:end].endswith(b")"):
            where = start + image  # an inline link at its `[` (a picture's follows the `!`)
        else:
            where = self._definition(_reference_label(data[start:end], image), start)
        position = self.source.position(where)
        new = self.resolve(unescape(written), position, image)
        if image:
            alt = _ALT.match(match.string, match.end())
            self.images.append((unescape(written) if new is None else new, position, unescape(alt.group(1)) if alt else ""))
        if new is None:
            return match.group(0)
        head = match.group(0)[: match.start(6) - match.start(0)]
        return head.rstrip() if new == "" else f'{head}{attr}="{escape(new)}"'

    def _definition(self, label: str, fallback: int) -> int:
        """Where the URL of the definition a reference link uses begins; that is what to fix."""
        if self._definitions is None:
            self._definitions = {}
            data = self.source.data
            for match in _DEFINITION.finditer(data):
                line_start = data.rfind(b"\n", 0, match.start()) + 1
                if _BEFORE_DEFINITION.fullmatch(data, line_start, match.start()):
                    self._definitions.setdefault(_label(match.group(1).decode("utf-8", "replace")), match.start())
        at = self._definitions.get(label)
        if at is None:
            return fallback
        first, _ = self.source.definition_destination(at, len(self.source.data))
        return first + (self.source.data[first:first + 1] == b"<")


def _label(text: str) -> str:
    return _LABEL_SPACE.sub(" ", text.strip()).casefold()


def _reference_label(written: bytes, image: bool) -> str:
    """The label of `[text][label]`, `[label][]` or `[label]` (with `!` before for a picture)."""
    text = written.decode("utf-8", "replace")[1 + image:]
    if text.endswith("[]"):
        return _label(text[:-3])
    if text.endswith("]") and "][" in text:
        return _label(text[text.rindex("][") + 2:-1])
    return _label(text[:-1])


def _summary(source: Source, html: str, more: bool) -> str:
    """The text before a `<!-- more -->` line, else the first paragraph not inside another block."""
    if more:
        at = html.find("\n" + _MORE)
        if at >= 0 or html.startswith(_MORE):
            return html[: max(at + 1, 0)]
    for match in _PARAGRAPH.finditer(html):
        line, col = int(match.group(1)), int(match.group(2))
        start, before = source.span(line, 1, line, col - 1)
        if not source.data[start:before].strip():  # no list marker or `>` before it
            return html[match.start(): html.index("</p>", match.end()) + 4] + "\n"
    return ""


# The engine itself refuses `javascript:`, `vbscript:`, `file:` and most `data:`
# URLs: what would have been a link is printed as text, safe but silent. The
# editor is told, at the URL, as for any other URL that cannot be published.
_ENGINE_REFUSES = re.compile(
    rb"(\])\(\s*<?\s*((?:[a-zA-Z][a-zA-Z0-9+.\-]*|&#?\w+;)[^\s)>]*)"  # [text](url
    rb"|^[ \t>]*\[[^\]\n]+\]:[ \t]*\n?[ \t>]*<?((?:[a-zA-Z][a-zA-Z0-9+.\-]*|&#?\w+;)\S*)"  # [label]: url
    rb"|<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^\s<>]*)>",  # <autolink>
    re.M,
)
# What every URL the engine refuses must hold, looked for before the costlier search.
_MAYBE_REFUSED = (b"script:", b"file:", b"data:", b"&#", b"&colon")


def _report_refused(source: Source, taken: list[tuple[int, int]], html: str, resolve: Resolve) -> None:
    data = source.data
    lower = data.lower()
    if not any(word in lower for word in _MAYBE_REFUSED):
        return
    taken = taken + [source.span(*map(int, m.groups())) for m in _CODE.finditer(html)]
    for match in _ENGINE_REFUSES.finditer(data):
        group = 2 if match.group(2) else (3 if match.group(3) else 4)
        at = match.start(group)
        url = match.group(group).decode("utf-8", "replace")
        if scheme_of(url) not in {"javascript", "vbscript", "file", "data"}:
            continue
        if any(start <= at < end for start, end in taken):
            continue  # inside a link the engine made (resolved already), or in code
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


def _with_heading_ids(html: str) -> tuple[str, tuple[tuple[int, str, str], ...]]:
    headings: list[tuple[int, str, str]] = []
    taken: set[str] = set()

    def heading(match: re.Match) -> str:
        level, inner = match.group(1), match.group(6)
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
