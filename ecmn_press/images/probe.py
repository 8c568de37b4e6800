"""Read an editor's image with Pillow, or say why it cannot be published.

In two steps, because pages are rendered while images are encoded. `probe`
reads only the header: the format must be the one the file's extension
promises, a frame may hold at most 50 megapixels (a small file can claim a
huge picture: a decompression bomb), and the header says the size, the
EXIF orientation, transparency and the number of frames, which is all that
decides the published files' names, sizes and formats. `decode` later, in a
worker, reads every pixel (a truncated upload fails there, not in a
reader's browser), turns the picture upright by the orientation the probe
found and converts its colours to sRGB, after which nothing of the
original's metadata is kept: see `clean`.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageCms, ImageSequence

from .settings import MAX_ANIMATION_PIXELS, MAX_PIXELS

# Pillow's decoders raise many kinds of error on bad data (OSError, SyntaxError,
# struct.error, ValueError, IndexError, ...); on an editor's file every one of
# them means the same thing: the file is damaged.
DECODE_ERRORS = (Exception,)
_SAME = {"MPO": "JPEG"}  # a phone's multi-picture JPEG is a JPEG
_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}
_SRGB = ImageCms.createProfile("sRGB")
_DAMAGED = "it is truncated or damaged: its pixels cannot be read"
# EXIF orientation -> the turn that makes the stored pixels upright.
_TURNS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
          5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
          8: Image.Transpose.ROTATE_90}
_SIDEWAYS = {5, 6, 7, 8}


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


@dataclass(frozen=True, slots=True)
class Probed:
    """What the header says; `decode` is bound to it, so the files it makes are the ones planned."""

    format: str  # the file's real format: 'JPEG', 'PNG', 'GIF', 'WEBP'
    stored: tuple[int, int]  # width, height as stored
    orientation: int  # EXIF orientation, 1 (as stored) to 8
    has_alpha: bool
    frames: int  # more than 1: an animation

    @property
    def size(self) -> tuple[int, int]:
        """Upright."""
        w, h = self.stored
        return (h, w) if self.orientation in _SIDEWAYS else (w, h)


def probe(data: bytes, declared: str) -> Probed:
    """The image's header, checked; raises Refused when it cannot be published."""
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
        except DECODE_ERRORS:
            raise Refused(_DAMAGED) from None
        if frames > 1 and width * height * frames > MAX_ANIMATION_PIXELS:
            raise Refused(f"it is an animation of {frames} frames of {width}x{height} pixels, "
                          f"over {MAX_ANIMATION_PIXELS // 1_000_000} megapixels in all")
        orientation = 1 if frames > 1 else _orientation(image)
        return Probed(real, (width, height), orientation, _has_alpha(image), frames)


def decode(data: bytes, probed: Probed) -> Opened:
    """Every pixel, upright as probed; raises Refused when they cannot be read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            image = Image.open(io.BytesIO(data))
            if image.size != probed.stored:
                raise Refused(_DAMAGED)
            if probed.frames > 1:
                return _animation(image, probed.format)
            image.load()
            turn = _TURNS.get(probed.orientation)
            return Opened(_clean(image.transpose(turn) if turn is not None else image), probed.format)
        except Refused:
            raise
        except DECODE_ERRORS:
            raise Refused(_DAMAGED) from None


def open_image(data: bytes, declared: str) -> Opened:
    """Probed and decoded at once; raises Refused when the image cannot be published."""
    return decode(data, probe(data, declared))


def _orientation(image: Image.Image) -> int:
    # The base class's getexif reads what the header holds; PNG's own would
    # decode every pixel to look for an EXIF chunk after them, and the
    # orientation must be known before any pixel is.
    try:
        value = Image.Image.getexif(image).get(ExifTags.Base.Orientation, 1)
    except DECODE_ERRORS:
        return 1  # an unreadable EXIF block: the pixels as they are stored
    return value if value in _TURNS else 1


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (image.mode == "P" and "transparency" in image.info)


def _too_large(size: tuple[int, int] | None) -> str:
    limit = f"{MAX_PIXELS // 1_000_000} megapixels"
    if size is None:
        return f"it is larger than {limit} (refused: a small file can unpack to a huge picture)"
    w, h = size
    return (f"it is {w}x{h} pixels ({w * h / 1_000_000:.1f} megapixels); images over {limit} are refused "
            "(a small file can unpack to a huge picture): resize it first")


def _clean(image: Image.Image) -> Image.Image:
    """sRGB pixels in RGB or RGBA, with no metadata at all (EXIF, XMP, IPTC, comments, profile)."""
    icc = image.info.get("icc_profile")
    mode = "RGBA" if _has_alpha(image) else "RGB"
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
