"""A rebuild that reuses cached results gives exactly what a clean build gives.

The per-file cache and the kept outputs skip work on rebuilds; this edits a
copy of the example site step by step and after each edit compares the
rebuilt output folder with a clean build (new cache, new folder), byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, read_tree, run_build

from ecmn_press.build import fanout
from ecmn_press.core.files import listing


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def _edits(site: Path):
    content = site / "content"
    yield "a team's name", lambda: _replace(content / "teams/kelderby-neurology.md", "name: ", "name: Renamed ")
    yield "a story's body", lambda: _replace(
        content / "stories/kelderby-clinic-letters.md", "What patients and GPs noticed", "What patients noticed")
    yield "a new story with a new tag", lambda: (content / "stories/new-story.md").write_text(
        "---\ntitle: A new story\ndate: 2006-12-01\nteams: [wolds-diabetes]\ntags: [Brand new tag]\n"
        "authors: [Åsa Lindqvist]\nthemes: [patients]\n---\nIt happened.\n")
    yield "a deleted story", lambda: (content / "stories/rijnvallei-photo-triage.md").unlink()
    yield "the site's title", lambda: _replace(content / "site.yaml", "title: ", "title: The ")
    yield "a theme template", lambda: _replace(
        site / "themes/ecmn/templates/partials/logo.html", "<svg", "<svg data-edited=\"1\"")
    yield "a theme stylesheet", lambda: (site / "themes/ecmn/static/brand.css").write_text(
        (site / "themes/ecmn/static/brand.css").read_text() + "\n/* edited */\n")
    yield "an article made a draft", lambda: _replace(
        next((content / "issues").glob("*issue-05/school-nurses-and-the-school-day.md")), "---\n", "---\ndraft: true\n")
    yield "a media image", lambda: (content / "media/five-ps.svg").write_text(
        (content / "media/five-ps.svg").read_text().replace("<svg", "<svg data-edited=\"1\"", 1))


@pytest.mark.parametrize("search", [False, True], ids=["no-search", "search"])
def test_every_rebuild_equals_a_clean_build(tmp_path, monkeypatch, search):
    monkeypatch.setattr(fanout, "_PARALLEL_FROM", 1)  # rebuilds share their work among processes, as big sites do
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "themes", site / "themes")
    out = tmp_path / "out"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert not run_build(site, out, search=search).failed()
    for step, (what, edit) in enumerate(_edits(site)):
        edit()
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        rebuilt = run_build(site, out, search=search, jobs=2)
        assert not rebuilt.failed(), what
        # What the build says it left is what a fresh look at the folder finds,
        # and removing a page leaves no empty folder behind.
        assert rebuilt.left == listing(out), what
        assert [d for d in out.rglob("*") if d.is_dir() and not any(d.iterdir())] == [], what
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / f"clean-cache-{step}"))
        clean = tmp_path / f"clean-{step}"
        assert not run_build(site, clean, search=search).failed(), what
        got, want = read_tree(out), read_tree(clean)
        assert sorted(got) == sorted(want), what
        differ = [path for path in want if got[path] != want[path]]
        assert differ == [], f"after {what}: {differ[:5]}"
        shutil.rmtree(clean)


def test_rebuilds_keep_unchanged_outputs_and_remake_a_file_changed_by_hand(tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "themes", site / "themes")
    out = tmp_path / "out"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    run_build(site, out)
    again = run_build(site, out)
    assert again.written.written == 0
    page = out / "stories/kelderby-clinic-letters/index.html"
    good = page.read_bytes()
    page.write_bytes(b"tampered")
    fixed = run_build(site, out)
    assert page.read_bytes() == good and fixed.written.written == 1


def test_rebuilds_say_about_links_what_a_clean_build_says(example_copy, tmp_path):
    """Cached bodies' links are checked from a record while their targets stay
    the same; when a target goes, is held back or comes back, what the build
    says follows, as a build with no cache would say it."""
    from conftest import lines, replace_in

    content = example_copy / "content"
    target = content / "stories/ostervik-daily-huddle.md"
    original = target.read_text(encoding="utf-8")
    out = tmp_path / "out"

    def said(**kwargs) -> list[str]:
        return [line for line in lines(run_build(example_copy, out, **kwargs)) if "ostervik-daily-huddle" in line]

    assert said() == []
    target.unlink()
    gone = said()
    assert any("broken link" in line and "lidaholm-heart-failure-nurse-calls.md:46:" in line for line in gone), gone
    assert gone == said(cache=False)
    target.write_text(original, encoding="utf-8")
    assert said() == []
    replace_in(target, "---\n", "---\ndraft: true\n")
    held = said()
    assert any("holds back" in line for line in held), held
    assert held == said(cache=False)
    target.write_text(original, encoding="utf-8")
    assert said() == said(cache=False) == []
