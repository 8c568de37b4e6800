"""Images an editor can get wrong: each an error at the line that uses it, nothing written, no crash."""

from __future__ import annotations

import io

from conftest import TEAM, lines, read_tree, run_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imagefiles import photo, png
from PIL import Image

from ecmn_press.images.probe import Refused, open_image
from ecmn_press.images.rasterise import contained, draw_for_mail

STORY = """
---
title: Letters
date: 2004-09-13
teams: [hull]
---
Text first.

![A picture](/media/x.{ext})
"""
ISSUE = "---\nnumber: 1\ndate: 2005-01-01\ncover: /media/cover.jpg\n---\nEditorial.\n"


def build_with(make_site, tmp_path, data: bytes, ext: str = "jpg", **kwargs):
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/letters.md": STORY.format(ext=ext),
                      f"content/media/x.{ext}": data})
    return run_build(site, tmp_path / "out", **kwargs)


def big_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


def truncated_jpeg() -> bytes:
    data = photo(800, 600, gps=False)
    return data[: len(data) * 2 // 3]


def test_each_bad_image_is_an_error_where_it_is_used(make_site, tmp_path):
    cases = [
        (b"This is a text file, not a photo.\n", "jpg", "it is not a JPEG image, or it is damaged beyond reading"),
        (png(40, 30), "jpg", "it is not a JPEG image: the file holds a PNG image (give it the extension of its format)"),
        (truncated_jpeg(), "jpg", "it is truncated or damaged: its pixels cannot be read"),
        (big_png(8000, 7000), "png", "it is 8000x7000 pixels (56.0 megapixels); images over 50 megapixels are refused"),
    ]
    for number, (data, ext, message) in enumerate(cases):
        result = build_with(make_site, tmp_path / str(number), data, ext)
        assert result.failed()
        [line] = lines(result)
        assert line.startswith(f"content/stories/letters.md:8:2: error: image content/media/x.{ext} "
                               f"cannot be published: {message}"), line


def test_a_bad_image_used_twice_in_a_body_is_an_error_at_each_use_only(make_site, tmp_path):
    story = STORY.format(ext="jpg") + "\nAgain, as a link: [![Again](/media/x.jpg)](/media/x.jpg)\n"
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/letters.md": story,
                      "content/media/x.jpg": truncated_jpeg()})
    result = run_build(site, tmp_path / "out")
    assert [line.split(": error:")[0] for line in lines(result)] == [
        "content/stories/letters.md:8:2", "content/stories/letters.md:10:21"]


def test_a_broken_cover_is_an_error_at_its_front_matter_value(make_site, tmp_path):
    site = make_site({"content/issues/one/issue.md": ISSUE, "content/media/cover.jpg": b"\x00" * 100})
    result = run_build(site, tmp_path / "out")
    assert lines(result) == ["content/issues/one/issue.md:4:8: error: image content/media/cover.jpg cannot be "
                             "published: it is not a JPEG image, or it is damaged beyond reading"]


def test_nothing_is_written_when_an_image_is_bad(make_site, tmp_path):
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/letters.md": STORY.format(ext="jpg"),
                      "content/media/x.jpg": photo(600, 400)})
    out = tmp_path / "out"
    assert not run_build(site, out).failed()
    before = read_tree(out)
    (site / "content/media/x.jpg").write_bytes(truncated_jpeg())
    assert run_build(site, out).failed()
    assert read_tree(out) == before


def test_no_alt_text_is_a_warning_and_an_error_when_strict(make_site, tmp_path):
    story = (STORY.format(ext="jpg").replace("![A picture]", "![]") + '\n<img src="/media/x.jpg" alt="">\n'
             + '\nSee <img src="/media/x.jpg" width="20"> and `<img src="/media/x.jpg">` in code.\n')
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/letters.md": story,
                      "content/media/x.jpg": photo(600, 400)})
    result = run_build(site, tmp_path / "out")
    assert not result.failed()
    assert [line.split(" (")[0] for line in lines(result)] == [
        "content/stories/letters.md:8:2: warning: picture has no alt text",  # alt="" in HTML is decoration
        "content/stories/letters.md:12:5: warning: picture has no alt text"]  # HTML with no alt; code is text
    assert run_build(site, tmp_path / "strict", strict=True).failed(strict=True)


def test_bad_image_settings_are_errors_at_their_value(make_site, tmp_path):
    yaml = "title: T\nbase_url: https://example.org/\nimages:\n  widths: [0, big]\n  formats: [jpeg2000]\n"
    result = run_build(make_site({}, site_yaml=yaml), tmp_path / "out")
    assert [line.split(", found")[0] for line in lines(result)] == [
        "content/site.yaml:4:11: error: 'widths' must be a list of widths in pixels, each from 16 to 8000",
        "content/site.yaml:5:12: error: 'formats' must be a list of avif and webp (or [] for the original format only)",
    ]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from(["JPEG", "PNG", "GIF", "WEBP"]))
def test_arbitrary_bytes_never_crash_the_decoder(data, declared):
    try:
        opened = open_image(data, declared)
    except Refused:
        return
    assert opened.image.mode in ("RGB", "RGBA")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from([b"", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBPVP8 "]),
       data=st.binary(max_size=512), ext=st.sampled_from(["jpg", "png", "gif", "webp", "svg"]))
def test_arbitrary_bytes_as_an_image_file_never_crash_the_build(make_site, tmp_path_factory, prefix, data, ext):
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/letters.md": STORY.format(ext=ext),
                      f"content/media/x.{ext}": prefix + data,
                      "content/issues/one/issue.md": f"---\nnumber: 1\ndate: 2005-01-01\n---\n![Same](/media/x.{ext})\n"},
                     name=f"site-{tmp_path_factory.getbasetemp().name}")
    result = run_build(site, tmp_path_factory.mktemp("out") / "out")
    for line in lines(result):
        assert ":" in line and ("error: image content/media/" in line or "warning:" in line), line


def test_an_svg_cannot_make_the_rasteriser_read_other_files(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(10, 10))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xl="http://www.w3.org/1999/xlink" width="10" height="10">'
           f'<image href="{secret}" width="10" height="10"/><image xl:href="file://{secret}" width="10" height="10"/>'
           f'<use href="#a"/></svg>').encode()
    cleaned = contained(svg)
    assert str(secret).encode() not in cleaned and b'href="#a"' in cleaned
    variant = draw_for_mail(svg, (10, 10), tmp_path)
    drawn = Image.open(tmp_path / variant.name).convert("RGB")
    assert drawn.size == (20, 20) and drawn.getcolors() == [(400, (255, 255, 255))]  # only the white background
