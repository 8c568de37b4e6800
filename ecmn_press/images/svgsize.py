"""An SVG's size in pixels, from its root element's width, height and viewBox.

No imaging library reads SVG sizes (Pillow reads no SVG); this small reader
gives site pages a `width` and `height` for each SVG, so the page does not
move as it loads, and tells the rasteriser how large to draw for e-mail.
"""

from __future__ import annotations

import re

HEAD_BYTES = 64 * 1024

Size = tuple[int, int]
_SVG_ROOT = re.compile(rb"<svg\b([^>]*)>", re.IGNORECASE)
_SVG_ATTR = re.compile(rb"""\b(width|height|viewBox)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_SVG_LENGTH = re.compile(rb"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*")


def svg_size(data: bytes) -> Size | None:
    """The root element's width and height in pixels, else its viewBox; None when neither says."""
    root = _SVG_ROOT.search(data[:HEAD_BYTES])
    if root is None:
        return None
    attrs = {name.lower(): value for name, value in _SVG_ATTR.findall(root.group(1))}
    width, height = (_length(attrs.get(k, b"")) for k in (b"width", b"height"))
    if width and height:
        return _positive(round(width), round(height))
    box = attrs.get(b"viewbox", b"").replace(b",", b" ").split()
    try:
        w, h = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return None
    if not (w > 0 and h > 0):
        return None
    if width:  # one side given: the other follows the viewBox's proportions
        return _positive(round(width), round(width * h / w))
    return _positive(round(w), round(h))


def _positive(width: int, height: int) -> Size | None:
    return (width, height) if width > 0 and height > 0 else None


def _length(value: bytes) -> float | None:
    match = _SVG_LENGTH.fullmatch(value)  # '50%' or '10em' say nothing about pixels
    return float(match.group(1)) if match else None
