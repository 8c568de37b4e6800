"""Image files for tests, made with Pillow: photos as phones write them, PNGs, animations."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

GPS = {1: "N", 2: (56.0, 30.0, 0.0), 3: "E", 4: (3.0, 15.0, 0.0)}
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="56,30.0N"/></rdf:RDF></x:xmpmeta>')


def marked(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """A picture whose top-left corner is red and the rest blue: orientation shows."""
    image = Image.new(mode, (width, height), (20, 40, 200, 128)[: len(mode)])  # half transparent with alpha
    ImageDraw.Draw(image).rectangle((0, 0, width // 4, height // 4), fill=(220, 20, 20, 255)[: len(mode)])
    return image


def photo(width: int, height: int, orientation: int | None = None, gps: bool = True) -> bytes:
    """A JPEG as a phone writes it: EXIF (make, orientation, GPS), XMP and a comment.

    With orientation 6 the stored pixels are the upright picture turned a
    quarter anticlockwise, so that the upright picture is `width` x `height`."""
    upright = marked(width, height)
    stored = upright.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else upright
    exif = Image.Exif()
    exif[0x010F] = "ExamplePhone"
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif.get_ifd(0x8825).update(GPS)
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=90, exif=exif.tobytes(), xmp=XMP, comment=b"Taken on Ward 7")
    return out.getvalue()


def png(width: int, height: int, alpha: bool = False) -> bytes:
    out = io.BytesIO()
    marked(width, height, "RGBA" if alpha else "RGB").save(out, "PNG")
    return out.getvalue()


def gif(width: int, height: int, frames: int = 1) -> bytes:
    images = [marked(width, height).rotate(90 * i, expand=False) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=frames > 1, append_images=images[1:], duration=120, loop=0,
                   comment=b"made by a camera")
    return out.getvalue()


def webp(width: int, height: int) -> bytes:
    out = io.BytesIO()
    marked(width, height).save(out, "WEBP", quality=90)
    return out.getvalue()
