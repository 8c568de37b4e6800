"""What one image becomes: its variants as data, their file names, and which widths to make.

A `Processed` is what the build keeps of an image in its cache: the
picture's upright size and the files made from it (or why none could be).
Files are named after the original, its width and the digest of the
original's bytes and the settings (`ward-round-800w.3f9a1c2b7d.webp`), so a
changed photo gets new URLs and browsers may keep each file for ever.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .settings import ImageSettings

MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp", "AVIF": "image/avif"}
EXTENSION = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}


@dataclass(frozen=True, slots=True)
class Variant:
    name: str  # inside the image's cache entry: '800w.webp', 'mail.jpg', 'animation.gif'
    width: int
    height: int
    format: str  # Pillow's name: 'JPEG', 'PNG', 'WEBP', 'AVIF', 'GIF'
    size: int = 0  # bytes

    @property
    def mime(self) -> str:
        return MIME[self.format]


@dataclass(frozen=True, slots=True)
class Processed:
    kind: str  # 'photo' (resized variants), 'animation' (one file, every frame), 'svg' (published as it is)
    key: str  # the cache entry: digest of the bytes, the settings and what was asked
    width: int | None = None  # upright, in pixels (an SVG's from its root element, when it says)
    height: int | None = None
    variants: tuple[Variant, ...] = ()  # for the site
    mail: Variant | None = None  # PNG or JPEG for the e-mail edition
    problem: str | None = None  # why the image cannot be published

    def files(self) -> tuple[Variant, ...]:
        return self.variants + ((self.mail,) if self.mail else ())

    def fallback(self) -> Variant | None:
        """The largest variant in a format every browser shows: the `<img src>`
        (an animation's one file, whatever its format)."""
        if self.kind == "animation":
            return self.variants[0] if self.variants else None
        plain = [v for v in self.variants if v.format in ("JPEG", "PNG", "GIF")]
        return max(plain, key=lambda v: v.width) if plain else None


def output_path(url_path: str, key: str, variant: Variant) -> str:
    """'media/photos/ward.jpg' + '800w.webp' -> 'media/photos/ward-800w.<key>.webp'."""
    folder, name = posixpath.split(url_path)
    stem = name.rsplit(".", 1)[0]
    label, ext = variant.name.rsplit(".", 1)
    tail = f".{key[:10]}.{ext}" if label == "animation" else f"-{label}.{key[:10]}.{ext}"
    return posixpath.join(folder, stem + tail)


def widths_for(width: int, settings: ImageSettings) -> list[int]:
    """The candidate widths below the image's own, and its own (at most the largest candidate)."""
    top = max(settings.widths)
    return sorted({w for w in settings.widths if w < width} | {min(width, top)})


def scaled_height(width: int, height: int, to_width: int) -> int:
    return max(1, round(height * to_width / width))


def fallback_format(source_format: str, has_alpha: bool) -> str:
    """The format every browser shows: a JPEG stays JPEG; PNG, GIF and WebP with
    transparency become PNG; a WebP photo becomes JPEG."""
    if source_format == "JPEG" or (source_format == "WEBP" and not has_alpha):
        return "JPEG"
    return "PNG"


def mail_format(source_format: str, has_alpha: bool) -> str:
    """E-mail shows PNG and JPEG only: photos as JPEG, drawings and transparency as PNG."""
    return "JPEG" if fallback_format(source_format, has_alpha) == "JPEG" else "PNG"
