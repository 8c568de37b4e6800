"""Blocks to CommonMark, escaping whatever would otherwise stop being text.

Old newsletters contain '*', '_', '<', '&', '#' and lines such as "1. ..."
that Markdown would read as markup; every such character is escaped so the
words reach the page exactly as they were written.
"""

from __future__ import annotations

import re

from .model import Block, Heading, ListBlock, Paragraph

# Characters with inline meaning: emphasis, code, links, raw HTML, entities,
# strikethrough and the escape itself.
_INLINE = re.compile(r"([\\`*_\[\]<&~])")
# Line starts that open a block: ATX heading, quote, list or thematic break,
# setext underline, ordered-list marker.
_BLOCK_START = re.compile(r"^([#>+=\-|])")
_ORDERED_START = re.compile(r"^(\d+)([.)])(?=\s|$)")


def escape_inline(text: str) -> str:
    return _INLINE.sub(r"\\\1", text)


def escape(text: str) -> str:
    """Escape text that starts a paragraph or a list item's content."""
    text = escape_inline(text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED_START.sub(r"\1\\\2", text)


def render(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            # Heading text is inline only; any '#' is escaped because a final
            # one would be read as a closing sequence and dropped.
            parts.append("#" * block.level + " " + escape_inline(block.text).replace("#", "\\#"))
        elif isinstance(block, Paragraph):
            parts.append(escape(block.text))
        elif isinstance(block, ListBlock):
            parts.append(_render_list(block))
    return "\n\n".join(parts) + "\n" if parts else ""


def _render_list(block: ListBlock) -> str:
    out: list[str] = []
    widths: list[int] = []  # content column of the open item at each depth
    for item in block.items:
        del widths[item.depth:]
        pad = sum(widths)
        marker = item.ordinal or "-"
        out.append(" " * pad + marker + " " + escape(item.text))
        widths.append(len(marker) + 1)
    return "\n".join(out)
