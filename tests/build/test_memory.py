"""`serve` keeps files, documents and bodies in memory from one build to the
next. Later stages change a document they are handed (an article takes its
issue's date; every document learns its language), so what memory hands out
must never carry one build's changes into the next: each rebuild here must
equal a clean build of the same folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import differences_from_clean_build, lines, options, replace_in

from ecmn_press.build.pipeline import build
from ecmn_press.core.cache import Memory

ISSUE = "content/issues/2006-10-issue-05/issue.md"
STORY = "content/stories/kelderby-clinic-letters.md"


@pytest.fixture()
def site(example_copy) -> Path:
    return example_copy


def test_rebuilds_from_memory_equal_clean_builds(site):
    out, memory = site.parent / "out", Memory()
    assert not build(site, out, options(), memory=memory).failed()
    assert memory.files and memory.values
    held = len(memory.values)

    # The articles of this issue have no date of their own: they take the issue's.
    replace_in(site / ISSUE, "date: 2006-10-16", "date: 2006-11-20")
    assert not build(site, out, options(), memory=memory).failed()
    assert differences_from_clean_build(site, out) == [], "issue date"
    assert "2006-11-20" in (out / "issues/5/joining-from-the-netherlands/index.html").read_text(encoding="utf-8")

    replace_in(site / ISSUE, "date: 2006-11-20", "date: 2006-10-16")
    replace_in(site / STORY, "\n\n", "\n\nA sentence added while previewing.\n\n")
    assert not build(site, out, options(), memory=memory).failed()
    assert differences_from_clean_build(site, out) == [], "issue date back, story edited"
    # Values a build no longer asks for are let go: a day of edits does not pile them up.
    assert len(memory.values) <= held


def test_a_file_broken_and_mended_is_read_again_each_time(site):
    out, memory = site.parent / "out", Memory()
    assert not build(site, out, options(), memory=memory).failed()
    original = (site / STORY).read_bytes()

    (site / STORY).write_bytes(original.replace(b"\n\n", b"\n\nA bell \x07 rings.\n\n", 1))
    first = build(site, out, options(), memory=memory)
    assert first.failed() and any("control character U+0007" in line for line in lines(first))
    assert STORY not in memory.files
    second = build(site, out, options(), memory=memory)
    assert lines(second) == lines(first)  # said again: a file with a problem is never taken from memory

    (site / STORY).write_bytes(original)
    assert not build(site, out, options(), memory=memory).failed()
    assert differences_from_clean_build(site, out) == [], "mended"


def test_links_are_resolved_again_when_their_targets_change(site):
    out, memory = site.parent / "out", Memory()
    assert not build(site, out, options(), memory=memory).failed()
    target = site / "content/stories/pilot-purpose-statements.md"
    assert "../stories/pilot-purpose-statements.md" in (site / STORY).read_text(encoding="utf-8")
    # The linking story is unchanged: only what its link points at goes away.
    target.rename(target.with_name("pilot-purpose-statement.md"))
    broken = build(site, out, options(), memory=memory)
    want = lines(build(site, site.parent / "fresh", options(cache=False)))
    assert broken.failed() and lines(broken) == want
    assert any(line.startswith(STORY) and "pilot-purpose-statements.md" in line for line in want)
    target.with_name("pilot-purpose-statement.md").rename(target)
    assert not build(site, out, options(), memory=memory).failed()
    assert differences_from_clean_build(site, out) == [], "link target back"
