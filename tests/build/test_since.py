"""After an edit to bodies alone, a rebuild makes the views of only the
outputs that show those bodies, and the site is still what a clean build makes.

Each output remembers which bodies its view read (its own, its cards'
summaries, the headings its chart links depend on); these edits each reach
one of those paths and compare the rebuilt folder with a clean build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import differences_from_clean_build, read_tree, replace_in, run_build

from ecmn_press.site import pages

STORY = "content/stories/kelderby-clinic-letters.md"
ISSUE = "content/issues/2006-10-issue-05"


@pytest.fixture()
def site(example_copy) -> Path:
    return example_copy


@pytest.fixture()
def views_made(monkeypatch) -> list[str]:
    """The output path of every page whose view a build makes."""
    made: list[str] = []
    real = pages.page_view

    def counting(ctx, route):
        made.append(route.output)
        return real(ctx, route)

    monkeypatch.setattr(pages, "page_view", counting)
    return made


def _rebuild(site: Path, out: Path, views_made: list[str], what: str, edit) -> set[str]:
    """The files the edit changed; the rebuild must equal a clean build and have made few views."""
    before = read_tree(out)
    edit()
    views_made.clear()
    result = run_build(site, out)
    assert not result.failed(), [d.format() for d in result.report.items]
    pages_in_site = sum(1 for p in before if p.endswith(".html") and not p.endswith("email.html"))
    assert 0 < len(views_made) < pages_in_site / 4, (what, len(views_made))
    made = list(views_made)
    assert differences_from_clean_build(site, out) == [], what
    views_made[:] = made
    return {path for path, data in read_tree(out).items() if before.get(path) != data}


def test_a_body_edit_makes_the_views_of_the_pages_that_show_that_body(site, views_made):
    out = site.parent / "out"
    assert not run_build(site, out).failed()
    assert len(views_made) > 300
    changed = _rebuild(site, out, views_made, "a paragraph", lambda: replace_in(
        site / STORY, "What patients and GPs noticed", "What patients noticed"))
    assert "stories/kelderby-clinic-letters/index.html" in changed
    assert len(views_made) <= 8  # the story and its team, in each of the site's four languages
    # Its team page links to its run chart by an id chosen around its headings: it reads this body.
    assert "teams/kelderby-neurology/index.html" in views_made
    assert not any("stories/index.html" in p or p.startswith("tags/") for p in views_made)


def test_edits_that_other_pages_show_reach_them(site, views_made):
    out = site.parent / "out"
    # A story with no summary of its own: its cards show its first paragraph.
    replace_in(site / STORY, "\nsummary: ", "\nnote: ")
    assert not run_build(site, out).failed()

    changed = _rebuild(site, out, views_made, "a first paragraph", lambda: replace_in(
        site / STORY, "When the neurology team at Kelderby drew", "When the Kelderby neurology team drew"))
    assert {"stories/index.html", "teams/kelderby-neurology/index.html"} <= changed, sorted(changed)
    assert "teams/kelderby-neurology/feed.xml" in changed, sorted(changed)

    figure = re.search(r'<figure[^>]* id="(measure-[a-z0-9-]+)"',
                       (out / "stories/kelderby-clinic-letters/index.html").read_text()).group(1)
    changed = _rebuild(site, out, views_made, "a heading that takes a chart's id", lambda: (site / STORY).write_text(
        (site / STORY).read_text() + f"\n## {figure.replace('-', ' ')}\n\nMore.\n"))
    team = (out / "teams/kelderby-neurology/index.html").read_text()
    assert f"#{figure}-2" in team and "teams/kelderby-neurology/index.html" in changed

    changed = _rebuild(site, out, views_made, "an article", lambda: replace_in(
        site / ISSUE / "school-nurses-and-the-school-day.md", "\n\n", "\n\nA new first sentence.\n\n"))
    assert {"issues/5/index.html", "issues/5/email.html", "issues/5/email.txt"} <= changed

    _rebuild(site, out, views_made, "an editorial", lambda: (site / ISSUE / "issue.md").write_text(
        (site / ISSUE / "issue.md").read_text() + "\nA closing line from the editors.\n"))

    _rebuild(site, out, views_made, "a translation", lambda: (site / "content/stories/ostervik-daily-huddle.sv.md")
             .write_text((site / "content/stories/ostervik-daily-huddle.sv.md").read_text() + "\nEn rad till.\n"))


def test_a_front_matter_edit_makes_every_view_again(site, views_made):
    out = site.parent / "out"
    assert not run_build(site, out).failed()
    views_made.clear()
    replace_in(site / STORY, "status: sustained", "status: spreading")
    assert not run_build(site, out).failed()
    assert len(views_made) > 300
    views_made.clear()
    assert differences_from_clean_build(site, out) == [], "a front matter edit"


def test_a_build_that_cannot_tell_its_structure_leaves_no_record_behind(site, views_made, monkeypatch):
    """A record is of the output folder as its build left it: one build that could not
    tell its structure must not let an older record vouch for the files it wrote."""
    from ecmn_press.build import pipeline

    out = site.parent / "out"
    assert not run_build(site, out).failed()
    real = pipeline._structure
    monkeypatch.setattr(pipeline, "_structure", lambda *args: None)
    replace_in(site / STORY, "status: sustained", "status: spreading")
    assert not run_build(site, out).failed()
    monkeypatch.setattr(pipeline, "_structure", real)
    # The front matter is back as the first build had it, so the structure matches its record.
    replace_in(site / STORY, "status: spreading", "status: sustained")
    other = site / "content/stories/brookfield-open-access.md"
    other.write_text(other.read_text() + "\nOne more line.\n")
    assert not run_build(site, out).failed()
    views_made.clear()
    assert differences_from_clean_build(site, out) == [], "a structure untold"
