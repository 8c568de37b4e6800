"""What a raster image will become, from its header alone: the files to make, by name, size and format.

Pages are rendered while the files are still being encoded, so everything
their `<picture>` markup and the e-mail edition say of an image (the
published names, widths, heights and formats) is decided here, from the
probe, the settings and the cache key (which holds the content's digest).
The encoder then makes exactly these files; only their byte sizes, known
once they are made, are left at 0 in the plan.
"""

from __future__ import annotations

from .probe import Probed
from .settings import MAIL_SCALE, MAIL_WIDTH, ImageSettings
from .variants import EXTENSION, Processed, Variant, fallback_format, mail_format, scaled_height, widths_for

_MODERN = {"avif": "AVIF", "webp": "WEBP"}


def plan(probed: Probed, settings: ImageSettings, mail: bool, key: str) -> Processed:
    """The files of a photo (every width in every format) or an animation (one file), and its e-mail picture."""
    width, height = probed.size
    if probed.frames > 1:
        # An animation is saved again whole, at its size and in its format; e-mail gets its first frame.
        fmt = probed.format
        variants = (Variant(f"animation.{EXTENSION[fmt]}", width, height, fmt),)
        return Processed("animation", key, width, height, variants, _mail(width, height, "PNG") if mail else None)
    plain = fallback_format(probed.format, probed.has_alpha)
    formats = [_MODERN[f] for f in settings.formats if _MODERN[f] != plain] + [plain]
    variants = tuple(Variant(f"{w}w.{EXTENSION[fmt]}", w, scaled_height(width, height, w), fmt)
                     for w in widths_for(width, settings) for fmt in formats)
    fmt = mail_format(probed.format, probed.has_alpha)
    return Processed("photo", key, width, height, variants, _mail(width, height, fmt) if mail else None)


def _mail(width: int, height: int, fmt: str) -> Variant:
    """At twice the e-mail column's width at most."""
    w = min(width, MAIL_WIDTH * MAIL_SCALE)
    return Variant(f"mail.{EXTENSION[fmt]}", w, scaled_height(width, height, w), fmt)


def same_files(planned: Processed, made: Processed) -> bool:
    """Whether the encoder made the files the plan promised (their byte sizes aside)."""

    def shape(done: Processed) -> list[tuple]:
        return [(v.name, v.width, v.height, v.format) for v in done.files()]

    return (planned.kind, planned.width, planned.height) == (made.kind, made.width, made.height) and \
        sorted(shape(planned)) == sorted(shape(made))
