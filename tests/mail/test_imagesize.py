"""Image sizes read from file headers, for the widths the e-mail edition needs."""

from __future__ import annotations

import struct
import zlib

import pytest

from ecmn_press.mail.imagesize import ImageSizes, image_size


def png(width: int, height: int) -> bytes:
    """A real (grey, blank) PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def jpeg(width: int, height: int, exif: int = 40) -> bytes:
    app1 = b"\xff\xe1" + struct.pack(">H", exif + 2) + b"E" * exif
    sof = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app1 + b"\xff\xdb\x00\x04\x00\x00" + sof + b"\xff\xd9"


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (png(1200, 3), (1200, 3)),
        (b"GIF89a" + struct.pack("<HH", 320, 200) + b"\x00" * 10, (320, 200)),
        (jpeg(800, 600), (800, 600)),
        (jpeg(640, 480, exif=30_000), (640, 480)),
        (b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (799).to_bytes(3, "little") + (99).to_bytes(3, "little"), (800, 100)),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300px">', (400, 300)),
        (b'<svg viewBox="0 0 600 420" xmlns="http://www.w3.org/2000/svg">', (600, 420)),
        (b'<svg width="300" viewBox="0,0,600,420">', (300, 210)),
        (b'<svg width="100%" height="100%" viewBox="0 0 50 25">', (50, 25)),
    ],
)
def test_sizes_from_headers(data, size):
    assert image_size(data) == size


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image", b"\xff\xd8\xff\xe0", b'<svg width="10em">', png(0, 0)[:24], b"\x89PNG\r\n\x1a\n"],
)
def test_unknown_or_broken_headers_have_no_size(data):
    assert image_size(data) is None


def test_sizes_are_read_once_and_only_for_known_media():
    reads = []

    def read(path, limit):
        reads.append(path)
        return png(10, 20)

    sizes = ImageSizes({"media/a.png": "A"}, read)  # type: ignore[dict-item]
    assert sizes("media/a.png") == (10, 20)
    assert sizes("media/a.png") == (10, 20)
    assert sizes("media/missing.png") is None
    assert reads == ["A"]
