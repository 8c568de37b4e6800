"""Images as readers get them: variants read back with Pillow, their markup, the cache."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import TEAM, lines, read_tree, run_build
from imagefiles import gif, photo, png, webp
from PIL import Image

import ecmn_press.images.library as library_module
import ecmn_press.images.make as make_module

STORY = """
---
title: Letters
date: 2004-09-13
teams: [hull]
---
Before the first picture.

![The ward's huddle board, with sticky notes](/media/photos/board.jpg)

![A second picture](../media/small.png)

A link to [the full photo](/media/photos/board.jpg).
"""


def site_files(**extra: str | bytes) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "content/teams/hull.md": TEAM,
        "content/stories/letters.md": STORY,
        "content/media/photos/board.jpg": photo(3000, 2000, orientation=6),
        "content/media/small.png": png(300, 200, alpha=True),
    }
    files.update(extra)
    return files


@pytest.fixture
def built(make_site, tmp_path):
    def build(files=None, **kwargs):
        site = make_site(files or site_files(), **kwargs)
        out = tmp_path / "out"
        result = run_build(site, out)
        assert not result.failed(), lines(result)
        return site, out, result

    return build


def published(out: Path, stem: str) -> dict[str, Image.Image]:
    return {p.name: Image.open(p) for p in sorted(out.glob(f"media/**/{stem}*"))}


def assert_clean(image: Image.Image) -> None:
    """No EXIF (so no GPS), no XMP, no IPTC, no comment, no profile."""
    assert len(image.getexif()) == 0
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop", "iptc"} & set(image.info)
    if image.format == "PNG":
        assert not [k for k in image.info if k.startswith(("Raw profile", "XML:"))]


def test_a_phone_photo_is_published_upright_resized_and_stripped(built):
    _, out, _ = built()
    files = published(out, "board")
    assert not (out / "media/photos/board.jpg").exists()  # the original stays on the editor's machine
    sizes = sorted((im.format, im.size) for im in files.values())
    assert sizes == sorted((fmt, (w, round(w * 2 / 3))) for w in (480, 800, 1200, 1600) for fmt in ("JPEG", "WEBP"))
    for name, image in files.items():
        assert_clean(image)
        image = image.convert("RGB")
        w, h = image.size
        assert w > h  # stored on its side, published upright
        red, blue = image.getpixel((w // 20, h // 20)), image.getpixel((w - 5, h - 5))
        assert red[0] > 150 and red[2] < 100, name  # the red corner is top left again
        assert blue[2] > 150 and blue[0] < 100, name


def test_still_png_keeps_its_size_transparency_and_format(built):
    _, out, _ = built()
    files = published(out, "small")
    assert sorted((im.format, im.size, im.mode) for im in files.values()) == [
        ("PNG", (300, 200), "RGBA"), ("WEBP", (300, 200), "RGBA")]


def test_markup_is_a_picture_with_srcset_sizes_width_height_and_lazy_loading(built):
    _, out, _ = built()
    html = (out / "stories/letters/index.html").read_text()
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 2
    first, second = pictures
    assert '<source type="image/webp" srcset="/net/media/photos/board-480w.' in first
    assert re.search(r'<img src="/net/media/photos/board-1600w\.[0-9a-f]{10}\.jpg" srcset="[^"]*480w, [^"]*800w, '
                     r'[^"]*1200w, [^"]*1600w" sizes="[^"]+" alt="The ward’s huddle board, with sticky notes" '
                     r'width="1600" height="1067" decoding="async">', first)
    assert 'loading="lazy"' not in first  # the first image of the page is not held back
    assert 'loading="lazy"' in second and 'width="300" height="200"' in second
    link = re.search(r'<a href="([^"]*)">the full photo</a>', html)
    assert link and re.fullmatch(r"/net/media/photos/board-1600w\.[0-9a-f]{10}\.jpg", link.group(1))
    for src in re.findall(r'(?:src|srcset)="([^"]*)"', html):
        for url in re.findall(r"/net/(media/\S+)", src):
            assert (out / url).is_file(), url


def test_originals_are_published_only_when_the_site_asks(built):
    yaml = "title: T\nbase_url: https://example.org/net/\nimages:\n  publish_originals: true\n  widths: [400]\n  formats: [avif, webp]\n"
    _, out, _ = built(site_yaml=yaml)
    assert (out / "media/photos/board.jpg").read_bytes() == photo(3000, 2000, orientation=6)
    html = (out / "stories/letters/index.html").read_text()
    assert '<source type="image/avif"' in html and html.index("image/avif") < html.index("image/webp")
    assert {im.size for im in published(out, "board-").values()} == {(400, 267)}
    assert '<a href="/net/media/photos/board.jpg">the full photo</a>' in html


def test_animated_gif_stays_animated_and_loses_its_comment(built):
    story = STORY.replace("](../media/small.png)", "](../media/small.png)\n\n![Spinning](/media/spin.gif)")
    _, out, _ = built(site_files(**{"content/media/spin.gif": gif(60, 40, frames=3),
                                    "content/stories/letters.md": story}))
    [(name, image)] = published(out, "spin").items()
    assert image.format == "GIF" and image.n_frames == 3 and image.size == (60, 40)
    assert "comment" not in image.info


def test_webp_photo_gets_a_jpeg_for_older_browsers(built):
    story = STORY.replace("](../media/small.png)", "](../media/small.webp)")
    files = site_files(**{"content/stories/letters.md": story, "content/media/small.webp": webp(500, 250)})
    _, out, _ = built(files)
    assert sorted((im.format, im.size) for im in published(out, "small").values()) == [
        ("JPEG", (480, 240)), ("JPEG", (500, 250)), ("WEBP", (480, 240)), ("WEBP", (500, 250))]


def test_unchanged_images_are_neither_read_nor_decoded_again(make_site, tmp_path, monkeypatch):
    site = make_site(site_files())
    out = tmp_path / "out"
    first = run_build(site, out, cache=True)
    assert not first.failed() and first.images_encoded == 2
    before = read_tree(out)

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged image was decoded again")

    for module, name in ((library_module, "probe"), (library_module, "read_file"), (make_module, "decode"),
                         (make_module, "read_file")):
        monkeypatch.setattr(module, name, refuse)
    assert "unchanged" in run_build(site, out, cache=True).timings  # nothing changed: not even built
    story = site / "content/stories/letters.md"
    story.write_text(story.read_text() + "\nA late note.\n")  # a real rebuild, images untouched
    again = run_build(site, out, cache=True)
    assert not again.failed(), lines(again)
    assert again.images_encoded == 0 and again.timings["encoding"] == 0
    changed_files = {p for p, data in read_tree(out).items() if before.get(p) != data}
    assert changed_files and all(not p.startswith("media/") for p in changed_files)
    monkeypatch.undo()
    (site / "content/media/small.png").write_bytes(png(320, 200))
    changed = run_build(site, out, cache=True)
    assert changed.images_encoded == 1  # only the changed image
    assert [im.size for im in published(out, "small").values()] == [(320, 200), (320, 200)]


def test_timings_report_encoding(make_site, tmp_path):
    from conftest import cli

    site = make_site(site_files())
    result = cli("build", "--site", str(site), "--output", str(tmp_path / "o"), "--no-search", "--timings")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^  images +\d+ ms$", result.stderr, re.M)
    assert re.search(r"^  encoding +\d+ ms$", result.stderr, re.M)


def test_animated_webp_is_published_as_one_animated_webp(built):
    frames = [Image.new("RGB", (50, 30), c) for c in ("red", "green", "blue")]
    data = io.BytesIO()
    frames[0].save(data, "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)
    story = STORY.replace("](../media/small.png)", "](../media/small.png)\n\n![Moving](/media/move.webp)")
    _, out, _ = built(site_files(**{"content/media/move.webp": data.getvalue(), "content/stories/letters.md": story}))
    [(name, image)] = published(out, "move").items()
    assert image.format == "WEBP" and image.n_frames == 3
    html = (out / "stories/letters/index.html").read_text()
    assert re.search(rf'<img src="/net/media/{re.escape(name)}" alt="Moving" width="50" height="30" loading="lazy"', html)
