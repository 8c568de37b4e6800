"""A rebuild with nothing to do is answered from the last build's record, and
anything that could change the site (an input, an option, the clock passing a
scheduled item, a file touched in the output folder) means a real build."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from conftest import NOW, SITE_YAML, TEAM, lines, read_tree, run_build

STORY = "---\ntitle: {title}\ndate: {date}\nteams: [hull-neurology]\nthemes: [patients]\n---\n{body}\n"


@pytest.fixture
def site(make_site, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return make_site({
        "content/teams/hull-neurology.md": TEAM,
        "content/stories/letters.md": STORY.format(title="Letters", date="2005-03-01", body="We wrote to every practice."),
        "content/stories/notes.txt": "kept beside the stories, not published",
        "content/stories/later.md": STORY.format(title="Later", date="2026-02-01", body="Still to come."),
    })


def replayed(result) -> bool:
    return "unchanged" in result.timings and "read" not in result.timings


def test_second_build_is_replayed_with_the_same_report(site, tmp_path):
    out = tmp_path / "out"
    first = run_build(site, out)
    assert not first.failed() and not replayed(first)
    before = read_tree(out)
    second = run_build(site, out)
    assert replayed(second)
    assert lines(second) == lines(first) and any("notes.txt" in line for line in lines(second))
    assert [h.path for h in second.held_back] == [h.path for h in first.held_back] == ["content/stories/later.md"]
    assert (second.pages, second.files) == (first.pages, first.files)
    assert second.written.written == 0 and second.written.unchanged == len(before)
    assert read_tree(out) == before


def test_an_edit_an_added_file_and_a_theme_file_each_mean_a_build(site, tmp_path):
    out = tmp_path / "out"
    run_build(site, out)
    edits = [
        lambda: (site / "content/stories/letters.md").write_text(STORY.format(
            title="Letters home", date="2005-03-01", body="Written again.")),
        lambda: (site / "content/stories/new.md").write_text(STORY.format(title="New", date="2005-04-01", body="New.")),
        lambda: (site / "content/site.yaml").write_text(SITE_YAML + "description: Edited\n"),
        lambda: (site / "themes/default/static").mkdir(parents=True),
    ]
    for edit in edits:
        edit()
        again = run_build(site, out)
        assert not replayed(again)
        assert replayed(run_build(site, out))
    assert "Letters home" in (out / "stories/letters/index.html").read_text()
    assert (out / "stories/new/index.html").exists()


def test_a_touched_output_file_is_repaired(site, tmp_path):
    out = tmp_path / "out"
    run_build(site, out)
    page = out / "stories/letters/index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Letters", b"Defaced"))
    assert not replayed(run_build(site, out))
    assert page.read_bytes() == good
    (out / "stray.html").write_text("left by hand")
    assert not replayed(run_build(site, out))
    assert not (out / "stray.html").exists()


def test_other_options_mean_a_build(site, tmp_path):
    out = tmp_path / "out"
    run_build(site, out)
    with_future = run_build(site, out, future=True)
    assert not replayed(with_future) and (out / "stories/later/index.html").exists()
    assert not replayed(run_build(site, out))
    assert not (out / "stories/later/index.html").exists()


def test_the_clock_passing_a_scheduled_item_means_a_build(site, tmp_path):
    out = tmp_path / "out"
    run_build(site, out)
    assert replayed(run_build(site, out, now=NOW + dt.timedelta(days=30)))
    published = run_build(site, out, now=dt.datetime(2026, 2, 2, tzinfo=dt.timezone.utc))
    assert not replayed(published) and published.held_back == []
    assert (out / "stories/later/index.html").exists()


def test_a_failed_build_leaves_no_record_to_replay(site, tmp_path):
    out = tmp_path / "out"
    run_build(site, out)
    story = site / "content/stories/letters.md"
    good = story.read_text()
    story.write_text("---\ntitle: [unclosed\n---\n")
    assert run_build(site, out).failed()
    assert run_build(site, out).failed()  # not replayed as the earlier success
    story.write_text(good)
    os.utime(story, ns=(1, 1))
    assert not run_build(site, out).failed()


def test_without_a_cache_every_build_is_real(site, tmp_path):
    out = tmp_path / "out"
    run_build(site, out, cache=False)
    assert not replayed(run_build(site, out, cache=False))
