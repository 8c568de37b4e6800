"""Markdown bodies -> HTML, with links resolved at the line they are written.

markdown-it-py is CommonMark; its token line maps tell us which line of
the file each link sits on. The link resolver is passed in, so this module
knows nothing of URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Callable, Sequence
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..core.diagnostics import Position
from ..core.model import Body
from ..core.slugs import slugify
from .sanitize import clean_html

Resolve = Callable[[str, Position], "str | None"]

_MORE = "<!-- more -->"
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|hr|tr|td|th|table|blockquote|section|pre|dd|dt)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    summary_html: str  # the text before <!-- more -->, else the first paragraph
    headings: tuple[tuple[int, str, str], ...]  # (level, id, text)
    words: int


def new_engine() -> MarkdownIt:
    """One engine per build (or worker): the engine holds no site data."""
    md = MarkdownIt("commonmark", {"typographer": True, "html": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=lambda text: slugify(text) or "section")
    return md


def render(md: MarkdownIt, body: Body, path: str, resolve: Resolve, sanitize: bool) -> Rendered:
    env: dict = {}
    tokens = md.parse(body.text, env)
    lines = body.text.split("\n")
    has_raw_html = False
    more_at = None
    for index, token in enumerate(tokens):
        if token.type == "html_block":
            if token.content.strip() == _MORE and token.level == 0:
                more_at = more_at if more_at is not None else index
                token.content = ""
            else:
                has_raw_html = True
        if token.children:
            has_raw_html |= _resolve_inline(token, lines, body.first_line, path, resolve)
    html = md.renderer.render(tokens, md.options, env)
    summary = md.renderer.render(_summary_tokens(tokens, more_at), md.options, env)
    if sanitize and has_raw_html:
        # markdown-it escapes what editors type; only raw HTML needs cleaning.
        html, summary = clean_html(html), clean_html(summary)
    return Rendered(html, summary, _headings(tokens), len(body.text.split()))


def _resolve_inline(token: Token, lines: list[str], first_line: int, path: str, resolve: Resolve) -> bool:
    """Rewrite the links inside one inline token; True if it holds raw HTML."""
    line = (token.map[0] if token.map else 0)
    raw = False
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            raw = True
        elif child.type in ("link_open", "image"):
            attr = "href" if child.type == "link_open" else "src"
            href = str(child.attrGet(attr) or "")
            text = lines[line] if 0 <= line < len(lines) else ""
            col = _column(text, href)
            new = resolve(href, Position(path, first_line + line, col))
            if new is not None:
                child.attrSet(attr, new)
    return raw


def _column(text: str, href: str) -> int:
    # markdown-it percent-encodes hrefs, so look for the editor's spelling too.
    for needle in (href, unquote(href)):
        at = text.find(f"({needle}")
        if at >= 0:
            return at + 2
        at = text.find(needle)
        if at >= 0:
            return at + 1
    return 1


def _summary_tokens(tokens: Sequence[Token], more_at: int | None) -> Sequence[Token]:
    if more_at is not None:
        return tokens[:more_at]
    for start, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            for end in range(start, len(tokens)):
                if tokens[end].type == "paragraph_close" and tokens[end].level == 0:
                    return tokens[start : end + 1]
    return []


def _headings(tokens: Sequence[Token]) -> tuple[tuple[int, str, str], ...]:
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = tokens[index + 1].content if index + 1 < len(tokens) else ""
            found.append((int(token.tag[1]), str(token.attrGet("id") or ""), text))
    return tuple(found)


def plain_text(html: str) -> str:
    """Readable text of an HTML fragment, for descriptions and feed summaries."""
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", html))
    return _SPACE.sub(" ", unescape(text)).strip()
