"""A file whose status is as a build recorded is not read again; any write is still seen."""

from __future__ import annotations

import os

import pytest
from conftest import TEAM, lines, read_tree, run_build

import ecmn_press.content.file_status as file_status
import ecmn_press.content.sources as sources_module
from ecmn_press.content.file_status import SETTLED_NS, known_digest, status_of
from ecmn_press.content.sources import SourceChanged, SourceFile

STORY = "---\ntitle: Waiting times\ndate: 2005-06-01\nteams: [hull]\n---\nWe measured the {word} wait.\n"


@pytest.fixture()
def settled(monkeypatch):
    """Files written a moment ago count as settled: a test cannot wait two seconds per edit."""
    monkeypatch.setattr(file_status, "SETTLED_NS", -10**18)


@pytest.fixture()
def reads(monkeypatch):
    """The content files each build reads, in order."""
    seen: list[str] = []
    real = sources_module.read_file

    def counting(path, *args, **kwargs):
        if str(path).endswith(".md"):
            seen.append(os.path.basename(str(path)))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(sources_module, "read_file", counting)
    return seen


def _site(make_site, word: str = "long"):
    return make_site({"content/stories/wait.md": STORY.format(word=word), "content/teams/hull.md": TEAM})


def test_a_rebuild_reads_only_the_file_that_changed(make_site, tmp_path, settled, reads):
    site, out = _site(make_site), tmp_path / "out"
    assert not run_build(site, out, cache=True).failed()
    assert sorted(reads) == ["hull.md", "wait.md"]
    reads.clear()
    story = site / "content/stories/wait.md"
    story.write_text(STORY.format(word="longest"))
    again = run_build(site, out, cache=True)
    assert not again.failed(), lines(again)
    assert reads == ["wait.md"]
    assert "longest wait" in (out / "stories/wait/index.html").read_text()


def test_a_write_that_keeps_size_and_modification_time_is_still_read(make_site, tmp_path, settled, reads):
    # The change time moves with every write and cannot be set back: it is what tells.
    site, out = _site(make_site), tmp_path / "out"
    assert not run_build(site, out, cache=True).failed()
    story = site / "content/stories/wait.md"
    before = os.stat(story)
    story.write_text(STORY.format(word="bold"))  # as many letters as "long"
    os.utime(story, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(story)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    reads.clear()
    again = run_build(site, out, cache=True)
    assert not again.failed(), lines(again)
    assert reads == ["wait.md"]
    assert "bold wait" in (out / "stories/wait/index.html").read_text()


def test_a_file_written_just_before_a_build_is_read_again_by_the_next(make_site, tmp_path, reads):
    # With the real margin: these files were written moments before the first build read them,
    # so its record does not vouch for them.
    site, out = _site(make_site), tmp_path / "out"
    assert not run_build(site, out, cache=True).failed()
    reads.clear()
    (site / "content/site.yaml").write_text("title: Test Network 2\nbase_url: https://example.org/net/\n")
    again = run_build(site, out, cache=True)
    assert not again.failed(), lines(again)
    assert sorted(reads) == ["hull.md", "wait.md"]


def test_the_status_must_match_and_the_file_must_have_settled(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("x")
    status = status_of(str(path))
    assert status is not None
    settled_at = status[4] + SETTLED_NS + 1
    assert known_digest(status, (status, "d1", settled_at)) == "d1"
    assert known_digest(status, (status, "d1", settled_at - 1)) is None  # changed too near its reading
    other = (status[0], status[1], status[2] + 1, status[3], status[4])
    assert known_digest(other, (status, "d1", settled_at)) is None
    assert known_digest(status, None) is None
    assert known_digest(None, (status, "d1", settled_at)) is None
    assert known_digest(status, ("not", "a record")) is None  # a damaged record is no record
    assert status_of(str(tmp_path / "missing.md")) is None


def test_a_known_file_whose_bytes_changed_says_so_when_its_text_is_needed(tmp_path):
    path = tmp_path / "s.md"
    path.write_bytes(b"---\ntitle: T\n---\nBody\n")
    source = SourceFile("content/stories/s.md", "story", None, "0" * 40, real=str(path), fm_digest="-")
    with pytest.raises(SourceChanged) as raised:
        _ = source.text
    assert raised.value.path == "content/stories/s.md"


def test_a_file_that_changed_under_a_stale_status_is_an_error_and_nothing_is_written(
        make_site, tmp_path, settled, monkeypatch):
    site, out = _site(make_site), tmp_path / "out"
    assert not run_build(site, out, cache=True).failed()
    before = read_tree(out)
    story = site / "content/stories/wait.md"
    stale = status_of(str(story))
    story.write_text(STORY.format(word="longer"))
    # A file system that kept the old status (the case the margin guards against), and a build
    # that needs the text (a new timezone: no document is in the cache for it).
    real = sources_module.status_of
    monkeypatch.setattr(sources_module, "status_of", lambda p: stale if p == str(story) else real(p))
    (site / "content/site.yaml").write_text(
        "title: Test Network\nbase_url: https://example.org/net/\ntimezone: Europe/Stockholm\n")
    again = run_build(site, out, cache=True)
    assert again.failed()
    assert lines(again) == ["content/stories/wait.md:1:1: error: the file changed while the site was being built"
                            " (build again)"]
    assert read_tree(out) == before
