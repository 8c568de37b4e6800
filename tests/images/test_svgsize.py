"""SVG sizes from the root element: what pages give SVG images as width and height."""

from __future__ import annotations

import pytest

from ecmn_press.images.svgsize import svg_size


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300px">', (400, 300)),
        (b'<svg viewBox="0 0 600 420" xmlns="http://www.w3.org/2000/svg">', (600, 420)),
        (b'<svg width="300" viewBox="0,0,600,420">', (300, 210)),
        (b'<svg width="100%" height="100%" viewBox="0 0 50 25">', (50, 25)),
    ],
)
def test_sizes_from_the_root_element(data, size):
    assert svg_size(data) == size


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image", b'<svg width="10em">'],
)
def test_unknown_sizes_are_none(data):
    assert svg_size(data) is None
