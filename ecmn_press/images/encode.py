"""Pixels -> files: the resized variants of a photo, an animation saved again, the e-mail picture.

Every file is written from a clean image (see probe), with no `exif`,
`icc_profile`, `xmp` or `comment` passed to the encoder, so nothing of the
original's metadata reaches a reader.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from .probe import Opened
from .settings import MAIL_SCALE, MAIL_WIDTH, ImageSettings
from .variants import EXTENSION, Variant, fallback_format, mail_format, scaled_height, widths_for

_MODERN = {"avif": "AVIF", "webp": "WEBP"}


def encode_photo(opened: Opened, settings: ImageSettings, mail: bool, folder: Path) -> tuple[list[Variant], Variant | None]:
    """The site's variants (every width in every format) and, when asked, the e-mail picture."""
    image = opened.image
    width, height = image.size
    plain = fallback_format(opened.format, opened.has_alpha)
    formats = [_MODERN[f] for f in settings.formats if _MODERN[f] != plain] + [plain]
    variants: list[Variant] = []
    larger = image
    for w in sorted(widths_for(width, settings), reverse=True):
        size = (w, scaled_height(width, height, w))
        # Each width is made from the next larger: quicker, and as sharp.
        resized = larger if size == larger.size else larger.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt in formats:
            variants.append(_save(resized, fmt, f"{w}w.{EXTENSION[fmt]}", folder, settings.quality))
        larger = resized
    variants.reverse()  # narrowest first, as srcset lists them
    mail_variant = None
    if mail:
        w = min(width, MAIL_WIDTH * MAIL_SCALE)
        size = (w, scaled_height(width, height, w))
        resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        fmt = mail_format(opened.format, opened.has_alpha)
        mail_variant = _save(resized, fmt, f"mail.{EXTENSION[fmt]}", folder, settings.quality)
    return variants, mail_variant


def encode_animation(opened: Opened, mail: bool, folder: Path) -> tuple[list[Variant], Variant | None]:
    """Every frame again, at its size, in its format; for e-mail, its first frame."""
    assert opened.frames is not None
    first = opened.frames[0][0]
    fmt = opened.format
    name = f"animation.{EXTENSION[fmt]}"
    out = io.BytesIO()
    options: dict = {"save_all": True, "append_images": [f for f, _ in opened.frames[1:]],
                     "duration": [d for _, d in opened.frames], "loop": opened.loop}
    if fmt == "WEBP":
        options.update(quality=80, method=4)
    first.save(out, fmt, **options)
    data = out.getvalue()
    (folder / name).write_bytes(data)
    variants = [Variant(name, first.width, first.height, fmt, len(data))]
    mail_variant = None
    if mail:
        w = min(first.width, MAIL_WIDTH * MAIL_SCALE)
        still = first.resize((w, scaled_height(first.width, first.height, w)), Image.Resampling.LANCZOS)
        mail_variant = _save(still, "PNG", "mail.png", folder, 80)
    return variants, mail_variant


def _save(image: Image.Image, fmt: str, name: str, folder: Path, quality: int) -> Variant:
    if fmt == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    image.info = {}
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, fmt, quality=min(95, quality + 2), optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, fmt, quality=quality, method=4)
    elif fmt == "AVIF":
        image.save(out, fmt, quality=max(1, quality - 20), speed=8)
    else:
        image.save(out, fmt, optimize=False, compress_level=7)
    data = out.getvalue()
    (folder / name).write_bytes(data)
    return Variant(name, image.width, image.height, fmt, len(data))
