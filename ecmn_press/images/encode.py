"""Pixels -> files: the planned variants of a photo, an animation saved again, the e-mail picture.

Every file is written from a clean image (see probe), with no `exif`,
`icc_profile`, `xmp` or `comment` passed to the encoder, so nothing of the
original's metadata reaches a reader.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from PIL import Image

from .probe import Opened
from .variants import Processed, Variant


def encode_photo(opened: Opened, planned: Processed, quality: int, folder: Path) -> Processed:
    """The planned variants (every width in every format) and e-mail picture, with their byte sizes."""
    image = opened.image
    made: dict[Variant, Variant] = {}
    larger = image
    # Each width is made from the next larger: quicker, and as sharp.
    for size in sorted({(v.width, v.height) for v in planned.variants}, reverse=True):
        resized = larger if size == larger.size else larger.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        for v in planned.variants:
            if (v.width, v.height) == size:
                made[v] = _save(resized, v.format, v.name, folder, quality)
        larger = resized
    mail = planned.mail
    if mail is not None:
        size = (mail.width, mail.height)
        resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        mail = _save(resized, mail.format, mail.name, folder, quality)
    return dataclasses.replace(planned, variants=tuple(made[v] for v in planned.variants), mail=mail)


def encode_animation(opened: Opened, planned: Processed, folder: Path) -> Processed:
    """Every frame again, at its size, in its format; for e-mail, its first frame."""
    assert opened.frames is not None
    [animation] = planned.variants
    first = opened.frames[0][0]
    out = io.BytesIO()
    options: dict = {"save_all": True, "append_images": [f for f, _ in opened.frames[1:]],
                     "duration": [d for _, d in opened.frames], "loop": opened.loop}
    if animation.format == "WEBP":
        options.update(quality=80, method=4)
    first.save(out, animation.format, **options)
    data = out.getvalue()
    (folder / animation.name).write_bytes(data)
    mail = planned.mail
    if mail is not None:
        still = first.resize((mail.width, mail.height), Image.Resampling.LANCZOS)
        mail = _save(still, mail.format, mail.name, folder, 80)
    return dataclasses.replace(planned, variants=(dataclasses.replace(animation, size=len(data)),), mail=mail)


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
