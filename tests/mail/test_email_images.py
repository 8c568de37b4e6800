"""Pictures in the e-mail edition: PNG or JPEG only, each a published file, sized for the column."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

from conftest import TEAM, cli, lines, run_build
from imagefiles import photo
from PIL import Image

BASE = "https://example.org/net/"
COVER_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150" width="300" height="150">
<rect width="300" height="150" fill="#1f5f8b"/><text x="20" y="90" font-family="Georgia, serif" font-size="40"
fill="#ffffff">Issue one</text></svg>"""
ISSUE = """---
number: 1
date: 2005-01-01
cover: /media/cover.svg
---
![A phone photo of the huddle board](/media/board.jpg)

![The 5 Ps as a diagram](/media/five.svg)
"""
FIVE = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><circle cx="50" cy="50" r="40" fill="#c33"/></svg>'


def build_site(make_site, tmp_path, **extra):
    files = {"content/teams/hull.md": TEAM, "content/issues/one/issue.md": ISSUE,
             "content/media/cover.svg": COVER_SVG, "content/media/five.svg": FIVE,
             "content/media/board.jpg": photo(4000, 3000, orientation=6)}
    files.update(extra)
    site = make_site(files)
    out = tmp_path / "out"
    result = run_build(site, out)
    assert not result.failed(), lines(result)
    return site, out


def test_every_picture_in_the_mail_is_a_published_png_or_jpeg(make_site, tmp_path):
    _, out = build_site(make_site, tmp_path)
    html = (out / "issues/1/email.html").read_text()
    assert "<picture" not in html and "srcset" not in html and "<source" not in html
    tags = re.findall(r"<img\b[^>]*>", html)
    assert len(tags) == 3
    found = {}
    for tag in tags:
        src = re.search(r'src="([^"]+)"', tag).group(1)
        assert src.startswith(BASE)
        path = out / urlsplit(src).path.removeprefix("/net/")
        image = Image.open(path)
        assert image.format in ("PNG", "JPEG"), src
        width = int(re.search(r'width="(\d+)"', tag).group(1))
        height = int(re.search(r'height="(\d+)"', tag).group(1))
        assert width <= 560 and image.width <= 1120
        assert abs(image.width / image.height - width / height) < 0.02
        found[path.name.split("-mail.")[0]] = (image, width, tag)
    board, width, tag = found["board"]
    assert board.format == "JPEG" and board.size == (1120, 840) and width == 560  # upright, 2x its width
    assert len(board.getexif()) == 0 and "comment" not in board.info
    assert 'alt="A phone photo of the huddle board"' in tag
    cover, width, _ = found["cover"]
    assert cover.format == "PNG" and cover.size == (600, 300) and width == 300
    # The text was drawn with the theme's font: white letters on the blue band.
    band = cover.convert("RGB").crop((40, 110, 300, 190))
    assert band.convert("L").point(lambda v: 255 if v > 200 else 0).histogram()[255] > 500
    five, width, tag = found["five"]
    assert five.size == (400, 200) and 'alt="The 5 Ps as a diagram"' in tag


def test_the_site_keeps_publishing_svg_as_it_is(make_site, tmp_path):
    site, out = build_site(make_site, tmp_path)
    assert (out / "media/cover.svg").read_bytes() == COVER_SVG
    html = (out / "issues/1/index.html").read_text()
    assert re.search(r'<img class="issue-cover" src="/net/media/cover.svg" alt="" width="300" height="150"', html)


def test_heavy_mail_pictures_are_summed_up_in_the_build_summary(make_site, tmp_path):
    noise = Image.effect_noise((1200, 900), 100).convert("RGB")
    data = io.BytesIO()
    noise.save(data, "PNG")
    issue = ISSUE.replace("/media/board.jpg", "/media/noise.png")
    site = make_site({"content/teams/hull.md": TEAM, "content/issues/one/issue.md": issue,
                      "content/media/cover.svg": COVER_SVG, "content/media/five.svg": FIVE,
                      "content/media/noise.png": data.getvalue()})
    result = cli("build", "--site", str(site), "--output", str(tmp_path / "o"), "--no-search")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^  e-mail edition of issue 1: 3 pictures, \d\.\d MB in all", result.stderr, re.M)
