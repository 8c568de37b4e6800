"""build(early=...): the outputs `serve` wants first are made before the rest, and handed over."""

from __future__ import annotations

import multiprocessing

from conftest import TEAM, options

from ecmn_press.build import fanout
from ecmn_press.build.fanout import Early
from ecmn_press.build.pipeline import build


def _story(i: int, words: str = "First words.") -> str:
    return f"---\ntitle: Story {i}\ndate: 2005-01-{1 + i % 28:02d}\nteams: hull\n---\n{words}\n"


def _site(make_site, count: int = 6):
    files = {"content/teams/hull.md": TEAM}
    files.update({f"content/stories/s{i}.md": _story(i) for i in range(count)})
    return make_site(files)


def test_early_pages_are_made_before_any_other_and_handed_over(make_site, tmp_path):
    site = _site(make_site)
    out = tmp_path / "out"
    build(site, out, options())
    (site / "content/stories/s2.md").write_text(_story(2, "Second words."))
    seen = []

    def ready(made, ctx):
        seen.append((dict(made), set(ctx.made_keys)))

    result = build(site, out, options(), early=Early(frozenset({"stories/s2/index.html"}), ready))
    assert not result.failed()
    ((made, keys_then),) = seen
    assert list(made) == ["stories/s2/index.html"] and b"Second words." in made["stories/s2/index.html"]
    assert keys_then == {"stories/s2/index.html"}  # nothing else was made yet
    assert (out / "stories/s2/index.html").read_bytes() == made["stories/s2/index.html"]  # the build agrees


def test_an_unchanged_early_page_is_not_handed_over(make_site, tmp_path):
    site = _site(make_site)
    out = tmp_path / "out"
    build(site, out, options())
    (site / "content/stories/s2.md").write_text(_story(2, "Second words."))
    seen = []
    build(site, out, options(), early=Early(frozenset({"stories/s4/index.html"}), lambda m, _c: seen.append(m)))
    assert seen == [{}]  # its file stays as it is: nothing new to show


def test_no_early_pages_from_a_site_with_errors(make_site, tmp_path):
    site = _site(make_site)
    (site / "content/stories/s1.md").write_text(_story(1).replace("teams: hull", "teams: nobody"))
    seen = []
    result = build(site, tmp_path / "out", options(), early=Early(frozenset({"index.html"}), lambda *a: seen.append(a)))
    assert result.failed() and all(not made for made, _ctx in seen)  # nothing to show


def test_with_workers_the_early_pages_are_handed_over_after_the_workers_are_forked(make_site, tmp_path, monkeypatch):
    """So that `serve` may start its threads from `ready` without forking beside them."""
    monkeypatch.setattr(fanout, "_PARALLEL_FROM", 0)
    monkeypatch.setattr(fanout, "_FORK_AFTER", 0)  # share out everything after the early pages
    site = _site(make_site)
    seen = []

    def ready(made, _ctx):
        seen.append((sorted(made), len(multiprocessing.active_children())))

    result = build(site, tmp_path / "out", options(jobs=2), early=Early(frozenset({"index.html"}), ready))
    assert not result.failed()
    assert seen == [(["index.html"], 2)]
    assert b"Story 5" in (tmp_path / "out/index.html").read_bytes()


def test_a_build_that_forks_no_worker_hands_the_early_pages_over_once_all_is_made(make_site, tmp_path, monkeypatch):
    """A small build makes everything in its own process: `ready` then comes with
    no worker alive and none to be forked after it."""
    monkeypatch.setattr(fanout, "_PARALLEL_FROM", 0)
    site = _site(make_site)
    seen = []

    def ready(made, _ctx):
        seen.append((sorted(made), len(multiprocessing.active_children())))

    result = build(site, tmp_path / "out", options(jobs=2), early=Early(frozenset({"index.html"}), ready))
    assert not result.failed()
    assert seen == [(["index.html"], 0)]
