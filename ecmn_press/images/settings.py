"""What a site asks of its images (`images:` in site.yaml), and the fixed limits.

Widths are the candidates offered to browsers in `srcset`: each image gets
those below its own width, plus its own width when that is below the
largest. Formats are offered before the original's format, in order; the
original format (PNG for a still GIF) is always made, for browsers that
know neither. Originals are not published unless `publish_originals` is
set, because an original carries what the camera wrote into it: where and
when a photo was taken, the phone's owner, a thumbnail of the uncropped
picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.cache import digest

WIDTHS = (480, 800, 1200, 1600)
# Besides the original format. AVIF may be added (`formats: [avif, webp]`): on the
# example's photos it came out no smaller than WebP at the same quality setting,
# and doubled the encoding time, so it is not made by default.
FORMATS = ("webp",)
KNOWN_FORMATS = ("avif", "webp")
RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
SVG = ".svg"
MAX_PIXELS = 50_000_000  # one frame; larger is refused as a decompression bomb
MAX_ANIMATION_PIXELS = 200_000_000  # all frames of an animation together
MAX_FILE_BYTES = 64 * 2**20
MAIL_WIDTH = 560  # the e-mail column's content width, in CSS pixels
MAIL_SCALE = 2  # e-mail pictures are made at twice that, for sharp screens


@dataclass(frozen=True, slots=True)
class ImageSettings:
    widths: tuple[int, ...] = WIDTHS
    formats: tuple[str, ...] = FORMATS
    quality: int = 80
    publish_originals: bool = False

    def fingerprint(self) -> str:
        """What variants depend on (publishing originals changes none of them)."""
        return digest(",".join(map(str, self.widths)), ",".join(self.formats), str(self.quality))


def kind_of(path: str) -> str | None:
    """'raster', 'svg' or None (a file published as it is) by the file's extension."""
    dot = path.rfind(".")
    ext = path[dot:].lower() if dot >= 0 else ""
    if ext in RASTER:
        return "raster"
    if ext == SVG:
        return "svg"
    return None


def declared_format(path: str) -> str:
    """The Pillow format name the extension promises ('JPEG' for .jpg)."""
    return RASTER[path[path.rfind("."):].lower()]
