"""SVG -> PNG for the e-mail edition, with resvg and the theme's own fonts.

Gmail and Outlook show no SVG, so each SVG an issue uses (covers, pictures
in its articles) is drawn as a PNG at twice its e-mail width. resvg draws
no text at all when a named font is missing, and system fonts differ from
machine to machine, so only the fonts shipped in the theme's `fonts/`
folder are used (DejaVu Sans for every family it does not hold, DejaVu Serif
for serif ones): the text looks the same
wherever the site is built.

An SVG is content, and an SVG can point at other files: `<image
href="/etc/passwd">` would be read by resvg. Every `href` other than a
reference inside the document (`#id`) is removed before drawing, with the
DOCTYPE (which can define entities), so the drawing reads nothing but the SVG.
"""

from __future__ import annotations

import html
import io
import re
import tempfile
from pathlib import Path

import resvg_py
from PIL import Image

from .settings import MAIL_SCALE, MAIL_WIDTH, MAX_PIXELS
from .variants import Variant

FONTS = Path(__file__).resolve().parent.parent / "theme" / "fonts"
FAMILY = "DejaVu Sans"
SERIF = "DejaVu Serif"
_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(rb"""\s[\w.\-]*:?href\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_STYLE_URL = re.compile(rb"""@import[^;]*;?""", re.IGNORECASE)


class DrawError(Exception):
    """The SVG could not be drawn; the message says why."""


def fonts() -> list[str]:
    return sorted(str(p) for p in FONTS.glob("*.ttf"))


def contained(svg: bytes) -> bytes:
    """The SVG with every reference to anything outside itself removed."""
    svg = _DOCTYPE.sub(b"", svg)

    def keep(match: re.Match) -> bytes:
        target = html.unescape(match.group(2).decode("utf-8", "replace")).strip()
        return match.group(0) if target.startswith("#") else b""

    return _STYLE_URL.sub(b"", _HREF.sub(keep, svg))


def draw_for_mail(svg: bytes, size: tuple[int, int] | None, folder: Path) -> Variant:
    """A PNG `MAIL_SCALE` times the SVG's e-mail width, on white (dark-mode mail would hide dark text)."""
    width = min(size[0], MAIL_WIDTH) * MAIL_SCALE if size else MAIL_WIDTH * MAIL_SCALE
    if size and width * (size[1] * width / size[0]) > MAX_PIXELS:
        raise DrawError("it would be over 50 megapixels when drawn")
    try:
        text = contained(svg).decode("utf-8")
    except UnicodeDecodeError:
        raise DrawError("it is not UTF-8 text") from None
    with tempfile.TemporaryDirectory() as empty:
        try:
            png = bytes(resvg_py.svg_to_bytes(
                svg_string=text, width=width, background="#ffffff", skip_system_fonts=True,
                font_files=fonts(), font_family=FAMILY, sans_serif_family=FAMILY, serif_family=SERIF,
                monospace_family=FAMILY, resources_dir=empty,
            ))
        except BaseException as exc:  # noqa: BLE001 - the binding raises plain Exceptions and panics
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise DrawError("it is not an SVG that can be drawn") from None
    try:
        with Image.open(io.BytesIO(png)) as image:
            w, h = image.size
    except Exception:  # noqa: BLE001 - Pillow's refusals (a bomb, a bad header) are not all OSError
        raise DrawError("it is not an SVG that can be drawn") from None
    (folder / "mail.png").write_bytes(png)
    return Variant("mail.png", w, h, "PNG", len(png))
