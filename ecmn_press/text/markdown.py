"""Markdown bodies -> HTML, with links resolved at the place they are written.

markdown-it-py is CommonMark. Its tokens tell which lines a block spans but
not where in them a link opens, so the engine's link rules are wrapped to
note the offset they start at; `positions` turns that into line:col. The
link resolver is passed in, so this module knows nothing of URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline import autolink, image, link
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_inline

from ..core.diagnostics import Position
from ..core.model import Body
from ..core.slugs import slugify
from .positions import Block, Lines
from .sanitize import clean_html

# (href, where it is written, is it a picture) -> the URL to publish; None keeps
# it as written, "" drops it (a URL that must not be published).
Resolve = Callable[[str, Position, bool], "str | None"]
InlineRule = Callable[[StateInline, bool], bool]

_AT = "ecmn_at"  # a link token's meta: (the block token it is written in, offset in that block's source)
_BLOCK = "ecmn_block"  # env while inlines are parsed: (the block token, offset of the text being parsed in it)

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
    # store_labels marks a reference link with its label, so its place can be the definition's.
    md = MarkdownIt("commonmark", {"typographer": True, "html": True, "store_labels": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    # markdown-it would quietly print a `javascript:` link as text; every URL goes
    # to the resolver instead, which reports it where it is written.
    md.validateLink = lambda url: True
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=lambda text: slugify(text) or "section")
    md.core.ruler.at("inline", _inline_by_block)
    for name, rule, opener in (("link", link, "["), ("image", image, "!"), ("autolink", autolink, "<")):
        md.inline.ruler.at(name, _noting_offset(rule, opener))
    md.inline.ruler.at("footnote_inline", _footnote_inside)
    return md


def _inline_by_block(state: StateCore) -> None:
    # The core rule, told which block each inline source belongs to, so the
    # link rules below can say where in the body they were.
    for token in state.tokens:
        if token.type == "inline":
            state.env[_BLOCK] = (token, 0)
            token.children = token.children or []
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    state.env.pop(_BLOCK, None)


def _noting_offset(rule: InlineRule, opener: str) -> InlineRule:
    def noting(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != opener:
            return False  # as the rule would say; it is asked at most characters that are not text
        start, count = state.pos, len(state.tokens)
        found = rule(state, silent)
        if found and not silent and _BLOCK in state.env:
            block, base = state.env[_BLOCK]
            for index in range(count, len(state.tokens)):  # past any pending text pushed first
                if state.tokens[index].type in ("link_open", "image"):
                    state.tokens[index].meta[_AT] = (block, base + start)
                    break
        return found
    return noting


def _footnote_inside(state: StateInline, silent: bool) -> bool:
    # `^[note]` parses the note as a text of its own, whose offsets start at the note.
    if state.src[state.pos] != "^":
        return False
    outer = state.env.get(_BLOCK)
    if outer is None or silent:
        return footnote_inline(state, silent)
    state.env[_BLOCK] = (outer[0], outer[1] + state.pos + 2)
    found = footnote_inline(state, silent)
    state.env[_BLOCK] = outer
    return found


def render(md: MarkdownIt, body: Body, path: str, resolve: Resolve, sanitize: bool) -> Rendered:
    env: dict = {}
    tokens = md.parse(body.text, env)
    places = _Places(Lines(body.text, body.first_line, path), env)
    has_raw_html = False
    more_at = None
    for index, token in enumerate(tokens):
        if token.type == "html_block":
            if token.content.strip() == _MORE and token.level == 0:
                more_at = more_at if more_at is not None else index
                token.content = ""
            else:
                has_raw_html = True
        if token.type == "inline" and index and tokens[index - 1].type in ("th_open", "td_open"):
            places.enter(token)
        if token.children:
            has_raw_html |= _resolve_inline(token, places, resolve)
    html = md.renderer.render(tokens, md.options, env)
    summary = md.renderer.render(_summary_tokens(tokens, more_at), md.options, env)
    if sanitize and has_raw_html:
        # markdown-it escapes what editors type; only raw HTML needs cleaning.
        html, summary = clean_html(html), clean_html(summary)
    return Rendered(html, summary, _headings(tokens), len(body.text.split()))


class _Places:
    """Where each link token of one body is written."""

    def __init__(self, lines: Lines, env: dict) -> None:
        self.lines, self.env = lines, env
        self.blocks: dict[int, Block] = {}
        self.definitions: dict[str, Position] = {}

    def enter(self, token: Token) -> None:
        # Cells of a table row share a line and are found one after another,
        # so each is registered as it comes; other blocks when a link asks.
        assert token.map is not None
        self.blocks[id(token)] = self.lines.block(token.map[0], token.content)

    def of(self, link: Token) -> Position:
        label = link.meta.get("label")
        if label is not None:
            # A reference link goes where its definition says; that is where to fix it.
            if label not in self.definitions:
                first, last = self.env["references"][label]["map"]
                self.definitions[label] = self.lines.definition(first, last)
            return self.definitions[label]
        block, offset = link.meta[_AT]
        if id(block) not in self.blocks:
            self.enter(block)
        opening = offset + 1 if link.type == "image" else offset  # the `[` of `![`
        return self.blocks[id(block)].at(opening)


def _resolve_inline(token: Token, places: _Places, resolve: Resolve) -> bool:
    """Rewrite the links inside one inline token; True if it holds raw HTML."""
    raw = False
    for child in token.children or ():
        if child.type == "html_inline":
            raw = True
        elif child.type in ("link_open", "image"):
            attr = "href" if child.type == "link_open" else "src"
            href = str(child.attrGet(attr) or "")
            new = resolve(href, places.of(child), child.type == "image")
            if new == "":
                del child.attrs[attr]
            elif new is not None:
                child.attrSet(attr, new)
    return raw


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
