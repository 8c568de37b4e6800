"""Images encoded while pages are rendered: planned from headers, made in the background, errors still at every use."""

from __future__ import annotations

import io
import os
import re
import threading
import time
from pathlib import Path

import pytest
from conftest import TEAM, cli, lines, read_tree, run_build
from imagefiles import gif, photo, png, webp
from PIL import Image

import ecmn_press.build.pipeline as pipeline_module
import ecmn_press.images.library as library_module
import ecmn_press.images.encoding as encoding_module
from ecmn_press.core.background import LOST, Background, Done
from ecmn_press.core.cache import digest
from ecmn_press.images.make import Job, make
from ecmn_press.images.plan import plan, same_files
from ecmn_press.images.probe import probe
from ecmn_press.images.settings import ImageSettings

STORY = """
---
title: Letters
date: 2004-09-13
teams: [hull]
---
Text first.

![The board](/media/board.jpg)

Again, as a link: [![Again](/media/board.jpg)](/media/board.jpg)

![A drawing](/media/small.png)
"""
ISSUE = "---\nnumber: 1\ndate: 2005-01-01\ncover: /media/board.jpg\n---\nEditorial.\n"


def truncated_photo() -> bytes:
    data = photo(1200, 800, orientation=6, gps=False)
    return data[: len(data) * 2 // 3]


def site_files(board: bytes) -> dict[str, str | bytes]:
    return {"content/teams/hull.md": TEAM, "content/stories/letters.md": STORY, "content/issues/one/issue.md": ISSUE,
            "content/media/board.jpg": board, "content/media/small.png": png(300, 200, alpha=True)}


def animated_webp() -> bytes:
    frames = [Image.new("RGB", (50, 30), c) for c in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


@pytest.mark.parametrize("data, declared, mail", [
    (photo(3000, 2000, orientation=6), "JPEG", True),
    (png(300, 200, alpha=True), "PNG", True),
    (webp(500, 250), "WEBP", False),
    (gif(60, 40, frames=3), "GIF", True),
    (gif(60, 40), "GIF", False),
    (animated_webp(), "WEBP", True),
])
def test_the_header_alone_decides_every_published_file(tmp_path, data, declared, mail):
    settings = ImageSettings(formats=("avif", "webp"))
    planned = plan(probe(data, declared), settings, mail, "k" * 40)
    assert planned.files() and all(v.size == 0 for v in planned.files())
    source = tmp_path / "image"
    source.write_bytes(data)
    made = make(Job(str(source), digest(data), planned, probe(data, declared), True, 80, str(tmp_path / "store")))
    assert made.problem is None and same_files(planned, made)
    for variant in made.files():
        path = tmp_path / "store" / planned.key / variant.name
        assert variant.size == path.stat().st_size > 0
        with Image.open(path) as image:
            assert (image.format, image.size) == (variant.format, (variant.width, variant.height))


def test_a_truncated_photo_probes_as_a_whole_one():
    data = truncated_photo()
    probed = probe(data, "JPEG")  # the header is intact: only decoding finds the damage
    assert probed.size == (1200, 800)
    assert [v.width for v in plan(probed, ImageSettings(), False, "k").variants] == [480, 480, 800, 800, 1200, 1200]


def test_background_work_runs_while_the_caller_goes_on(tmp_path):
    flag = tmp_path / "flag"

    def after_flag(item: int) -> int:
        deadline = time.monotonic() + 20
        while not flag.exists():  # made by the caller once Background has returned
            assert time.monotonic() < deadline, "the caller never went on"
            time.sleep(0.01)
        return item * 10

    threads = threading.active_count()  # earlier tests (a preview server) may have left some
    work = Background(after_flag, [1, 2, 3], workers=2)
    assert threading.active_count() == threads  # it starts no thread the build's later forks would meet
    flag.touch()
    outcomes = work.wait()
    assert [o.result for o in outcomes] == [10, 20, 30]  # type: ignore[union-attr]
    assert all(isinstance(o, Done) and o.started <= o.ended for o in outcomes)


def test_a_worker_that_dies_loses_only_the_item_it_was_on():
    def crash_on_two(item: int) -> int:
        if item == 2:
            os._exit(3)
        return item

    outcomes = Background(crash_on_two, [1, 2, 3, 4], workers=2).wait()
    assert outcomes[1] is LOST
    assert [o.result for i, o in enumerate(outcomes) if i != 1] == [1, 3, 4]  # type: ignore[union-attr]


def test_a_bug_in_background_work_is_raised_by_wait():
    def broken(item: int) -> int:
        raise ValueError(f"bug on {item}")

    with pytest.raises(RuntimeError, match="ValueError: bug on"):
        Background(broken, [1, 2], workers=2).wait()


def test_encoding_runs_while_pages_are_rendered(make_site, tmp_path, monkeypatch):
    started = tmp_path / "encoding-started"
    real_make, real_produce = encoding_module.make, pipeline_module.produce_all

    def marked_make(job):
        started.write_text(str(os.getpid()))
        return real_make(job)

    def produce_after_encoding_began(*args, **kwargs):
        outcome = real_produce(*args, **kwargs)
        deadline = time.monotonic() + 30
        while not started.exists():  # rendering is not over until an image is being encoded
            assert time.monotonic() < deadline, "no image was encoded while pages were rendered"
            time.sleep(0.01)
        return outcome

    monkeypatch.setattr(encoding_module, "make", marked_make)
    monkeypatch.setattr(pipeline_module, "produce_all", produce_after_encoding_began)
    site = make_site(site_files(photo(1200, 800, orientation=6)))
    result = run_build(site, tmp_path / "out", jobs=2)
    assert not result.failed(), lines(result)
    assert result.images_encoded == 2 and int(started.read_text()) != os.getpid()
    html = (tmp_path / "out/stories/letters/index.html").read_text()
    for url in re.findall(r'(?:src|srcset)="/net/(media/[^" ]+)', html):
        assert (tmp_path / "out" / url).is_file(), url  # every file the markup names was made


@pytest.mark.parametrize("jobs", [1, 2])
def test_damage_found_while_encoding_is_an_error_at_every_use_and_nothing_is_written(make_site, tmp_path, jobs):
    site = make_site(site_files(photo(1200, 800, orientation=6)))
    out = tmp_path / "out"
    assert not run_build(site, out, jobs=jobs).failed()
    before = read_tree(out)
    (site / "content/media/board.jpg").write_bytes(truncated_photo())
    result = run_build(site, out, jobs=jobs)
    message = ("error: image content/media/board.jpg cannot be published: "
               "it is truncated or damaged: its pixels cannot be read")
    assert lines(result) == [f"content/issues/one/issue.md:4:8: {message}",
                             f"content/stories/letters.md:8:2: {message}",
                             f"content/stories/letters.md:10:21: {message}"]
    assert read_tree(out) == before
    assert not list(tmp_path.glob(".out.ecmn-staging-*"))
    assert lines(run_build(site, None, jobs=jobs)) == lines(result)  # `check` finds it too


def test_the_command_line_reports_damage_found_while_encoding(make_site, tmp_path):
    site = make_site(site_files(truncated_photo()))
    out = tmp_path / "out"
    result = cli("build", "--site", str(site), "--output", str(out), "--no-search", "--jobs", "2")
    assert result.exit_code != 0
    assert "content/stories/letters.md:10:21: error: image content/media/board.jpg cannot be published" in result.stderr
    assert "build failed: 3 errors (nothing was written)" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_the_summary_says_how_many_images_were_encoded(make_site, tmp_path):
    site = make_site(site_files(photo(1200, 800)))
    args = ("build", "--site", str(site), "--output", str(tmp_path / "o"), "--no-search", "--jobs", "2", "--timings")
    first = cli(*args)
    assert first.exit_code == 0, first.stderr
    assert ", 2 images encoded in " in first.stderr
    assert re.search(r"^  encoding +[1-9]\d* ms$", first.stderr, re.M)
    assert re.search(r"^  wait +\d+ ms$", first.stderr, re.M)
    story = Path(site, "content/stories/letters.md")
    story.write_text(story.read_text() + "\nA late note.\n")
    again = cli(*args)
    [summary] = [line for line in again.stderr.splitlines() if line.startswith("Built ")]
    assert "encoded" not in summary and re.search(r"^  encoding +0 ms$", again.stderr, re.M)


def test_new_settings_make_known_images_again_from_their_headers(make_site, tmp_path, monkeypatch):
    site = make_site(site_files(photo(1200, 800, orientation=6)))
    out = tmp_path / "out"
    assert run_build(site, out, jobs=2, cache=True).images_encoded == 2
    old = {p.name for p in out.glob("media/board-*")}
    (site / "content/site.yaml").write_text("title: T\nbase_url: https://example.org/net/\nimages:\n  quality: 60\n")
    read_again: list[str] = []
    real = library_module._header_again
    monkeypatch.setattr(library_module, "_header_again", lambda item, content: read_again.append(item.url_path)
                        or real(item, content))
    again = run_build(site, out, jobs=2, cache=True)
    assert not again.failed(), lines(again)
    assert sorted(read_again) == ["media/board.jpg", "media/small.png"]  # digests came from the cache
    assert again.images_encoded == 2
    new = {p.name: Image.open(p).size for p in out.glob("media/board-*")}
    assert new and not set(new) & old
    assert set(new.values()) == {(480, 320), (800, 533), (1200, 800), (1120, 747)}  # upright, and the e-mail JPEG


def test_a_photo_saved_again_while_it_is_encoded_is_an_error_not_remembered(make_site, tmp_path, monkeypatch):
    original = photo(1200, 800)
    site = make_site(site_files(original))
    board = site / "content/media/board.jpg"
    real_make = encoding_module.make

    def saved_meanwhile(job):
        if job.source == str(board):
            board.write_bytes(photo(1200, 800, orientation=6))  # the editor saves it again, mid-build
        return real_make(job)

    monkeypatch.setattr(encoding_module, "make", saved_meanwhile)
    out = tmp_path / "out"
    result = run_build(site, out, jobs=2, cache=True)
    assert "content/stories/letters.md:8:2: error: image content/media/board.jpg cannot be published: it was " \
           "changed while the site was being built: build again" in lines(result)
    assert not out.exists()
    monkeypatch.undo()
    board.write_bytes(original)  # the bytes the failed build planned: their key must not carry that error
    again = run_build(site, out, jobs=2, cache=True)
    assert not again.failed(), lines(again)
    assert again.images_encoded == 1  # the drawing was made by the first build; the photo is made now


def test_a_new_cache_format_makes_no_picture_again(make_site, tmp_path, monkeypatch):
    # The variants are keyed by what they are made from; a new cache format (a new
    # document shape, say) starts an empty cache, but the pictures stay made.
    import ecmn_press.core.cache as cache_module

    site = make_site(site_files(photo(1200, 800)))
    out = tmp_path / "out"
    assert run_build(site, out, jobs=2, cache=True).images_encoded == 2
    before = read_tree(out)
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT + 1)
    again = run_build(site, out, jobs=2, cache=True)
    assert not again.failed(), lines(again)
    assert again.images_encoded == 0
    assert read_tree(out) == before
