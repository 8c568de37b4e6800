"""Open an editor's image with Pillow, or say why it cannot be published.

Every check happens before the pixels are used: the format must be the one
the file's extension promises, a frame may hold at most 50 megapixels (a
small file can claim a huge picture: a decompression bomb), and the whole
image must decode (a truncated upload fails here, not in a reader's
browser). The picture is then turned upright by its EXIF orientation and
its colours converted to sRGB, after which nothing of the original's
metadata is kept: see `clean`.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, ImageSequence

from .settings import MAX_ANIMATION_PIXELS, MAX_PIXELS

# Pillow's decoders raise many kinds of error on bad data (OSError, SyntaxError,
# struct.error, ValueError, IndexError, ...); on an editor's file every one of
# them means the same thing: the file is damaged.
DECODE_ERRORS = (Exception,)
_SAME = {"MPO": "JPEG"}  # a phone's multi-picture JPEG is a JPEG
_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}
_SRGB = ImageCms.createProfile("sRGB")


class Refused(Exception):
    """The image cannot be published; the message says why, for the editor."""


@dataclass(slots=True)
class Opened:
    image: Image.Image  # upright, sRGB, RGB or RGBA, no metadata
    format: str  # the file's real format: 'JPEG', 'PNG', 'GIF', 'WEBP'
    frames: list[tuple[Image.Image, int]] | None = None  # an animation: (frame, duration ms)
    loop: int = 0

    @property
    def has_alpha(self) -> bool:
        return self.image.mode == "RGBA"


def open_image(data: bytes, declared: str) -> Opened:
    """The decoded image; raises Refused when it cannot be published."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's warnings on odd files are not for the editor's terminal
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            raise Refused(_too_large(None)) from None
        except DECODE_ERRORS:
            raise Refused(f"it is not a {_NAMES[declared]} image, or it is damaged beyond reading") from None
        real = _SAME.get(image.format or "", image.format or "")
        if real != declared:
            shown = _NAMES.get(real, real or "unknown")
            raise Refused(f"it is not a {_NAMES[declared]} image: the file holds a {shown} image "
                          f"(give it the extension of its format)")
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise Refused(_too_large((width, height)))
        try:
            frames = getattr(image, "n_frames", 1) if real in ("GIF", "WEBP") else 1
            if frames > 1:
                if width * height * frames > MAX_ANIMATION_PIXELS:
                    raise Refused(f"it is an animation of {frames} frames of {width}x{height} pixels, "
                                  f"over {MAX_ANIMATION_PIXELS // 1_000_000} megapixels in all")
                return _animation(image, real)
            image.load()
            return Opened(_clean(_upright(image)), real)
        except Refused:
            raise
        except DECODE_ERRORS:
            raise Refused("it is truncated or damaged: its pixels cannot be read") from None


def _too_large(size: tuple[int, int] | None) -> str:
    limit = f"{MAX_PIXELS // 1_000_000} megapixels"
    if size is None:
        return f"it is larger than {limit} (refused: a small file can unpack to a huge picture)"
    w, h = size
    return (f"it is {w}x{h} pixels ({w * h / 1_000_000:.1f} megapixels); images over {limit} are refused "
            "(a small file can unpack to a huge picture): resize it first")


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image) or image
    except DECODE_ERRORS:
        return image  # an unreadable EXIF block: the pixels as they are stored


def _clean(image: Image.Image) -> Image.Image:
    """sRGB pixels in RGB or RGBA, with no metadata at all (EXIF, XMP, IPTC, comments, profile)."""
    icc = image.info.get("icc_profile")
    alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if alpha else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
                image = image.convert(mode)
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode if image.mode != "L" else "L")
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, *DECODE_ERRORS):
            pass  # a broken profile: the numbers as they are, taken as sRGB
    clean = image.convert(mode) if image.mode != mode else image.copy()
    clean.info = {}
    if hasattr(clean, "_exif"):
        clean._exif = None  # type: ignore[attr-defined]
    return clean


def _animation(image: Image.Image, real: str) -> Opened:
    frames = []
    for frame in ImageSequence.Iterator(image):
        frame.load()
        duration = frame.info.get("duration", 100)
        frames.append((_clean(frame), int(duration) if isinstance(duration, (int, float)) else 100))
    loop = image.info.get("loop", 0)
    return Opened(frames[0][0], real, frames, int(loop) if isinstance(loop, int) else 0)
