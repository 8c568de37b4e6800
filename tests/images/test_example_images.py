"""The example site's pictures as readers get them: every image sized, every file there, nothing located."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

SITE = "https://ecmn.example.org/network/"


def test_every_image_on_every_page_has_a_width_and_height_and_exists(example_site: Path):
    seen = 0
    for page in example_site.rglob("*.html"):
        html = page.read_text()
        for tag in re.findall(r"<img\b[^>]*>", html):
            seen += 1
            assert re.search(r'\swidth="\d+"', tag) and re.search(r'\sheight="\d+"', tag), (page, tag)
            assert re.search(r'\salt="', tag), (page, tag)
        for value in re.findall(r'\s(?:src|srcset)="([^"]*)"', html):
            for url in re.findall(r"(?:^|,\s*|\s)((?:/network/|" + re.escape(SITE) + r")media/[^\s,\"]+)", value):
                rel = url.removeprefix(SITE).removeprefix("/network/")
                assert (example_site / rel).is_file(), (page, url)
    assert seen > 20


def test_no_published_picture_says_where_it_was_taken(example_site: Path):
    photos = sorted((example_site / "media/photos").iterdir())
    assert photos and not [p for p in photos if p.name in ("ward-huddle-board.jpg", "run-chart-poster.jpg")]
    for path in photos:
        image = Image.open(path)
        assert len(image.getexif()) == 0 and not {"exif", "xmp", "comment", "icc_profile"} & set(image.info), path
        if path.name.startswith("ward-huddle-board"):
            assert image.width > image.height, path  # stored on its side, published upright


def test_the_e_mail_editions_use_only_png_and_jpeg(example_site: Path):
    for mail in example_site.glob("issues/*/email.html"):
        for src in re.findall(r'<img\b[^>]*\ssrc="([^"]+)"', mail.read_text()):
            assert src.startswith(SITE) and src.endswith((".png", ".jpg")), (mail, src)
            assert Image.open(example_site / src.removeprefix(SITE)).format in ("PNG", "JPEG")
