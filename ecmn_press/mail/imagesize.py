"""The pixel size of an image from the first bytes of its file.

Mail clients need a `width` on every image, and an image drawn wider than
it is looks blurred, so the e-mail edition asks here how wide each of the
site's media images really is. PNG, GIF, JPEG, WebP and SVG are read from
their headers (no imaging library needed); anything else is unknown.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Callable

HEAD_BYTES = 256 * 1024  # JPEG metadata can push the frame header this far down

Size = tuple[int, int]
_SVG_ROOT = re.compile(rb"<svg\b([^>]*)>", re.IGNORECASE)
_SVG_ATTR = re.compile(rb"""\b(width|height|viewBox)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_SVG_LENGTH = re.compile(rb"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*")
# JPEG start-of-frame markers: every SOFn except DHT (C4), JPG (C8) and DAC (CC).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_size(head: bytes) -> Size | None:
    """(width, height) in CSS pixels, or None when the format or size is unknown."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return _positive(*struct.unpack(">II", head[16:24]))
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return _positive(*struct.unpack("<HH", head[6:10]))
    if head.startswith(b"\xff\xd8"):
        return _jpeg(head)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp(head)
    return _svg(head)


def _positive(width: int, height: int) -> Size | None:
    return (width, height) if width > 0 and height > 0 else None


def _jpeg(data: bytes) -> Size | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return _positive(width, height)
        if 0xD0 <= marker <= 0xD9 or marker == 0x01:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
    return None


def _webp(data: bytes) -> Size | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return _positive(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return _positive((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(data) >= 30:
        return _positive(int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1)
    return None


def _svg(data: bytes) -> Size | None:
    """The root element's width and height in pixels, else its viewBox."""
    root = _SVG_ROOT.search(data[:HEAD_BYTES])
    if root is None:
        return None
    attrs = {name.lower(): value for name, value in _SVG_ATTR.findall(root.group(1))}
    width, height = (_svg_length(attrs.get(k, b"")) for k in (b"width", b"height"))
    if width and height:
        return _positive(round(width), round(height))
    box = attrs.get(b"viewbox", b"").replace(b",", b" ").split()
    try:
        w, h = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return None
    if width:  # one side given: the other follows the viewBox's proportions
        return _positive(round(width), round(width * h / w)) if w > 0 else None
    return _positive(round(w), round(h))


def _svg_length(value: bytes) -> float | None:
    match = _SVG_LENGTH.fullmatch(value)  # '50%' or '10em' say nothing about pixels
    return float(match.group(1)) if match else None


class ImageSizes:
    """Sizes of the site's media files by URL path ('media/x.png'), read on first ask."""

    def __init__(self, files: dict[str, Path], read_head: Callable[[Path, int], bytes]) -> None:
        self._files = files
        self._read_head = read_head
        self._known: dict[str, Size | None] = {}

    def __call__(self, url_path: str) -> Size | None:
        if url_path not in self._known:
            path = self._files.get(url_path)
            self._known[url_path] = image_size(self._read_head(path, HEAD_BYTES)) if path is not None else None
        return self._known[url_path]
