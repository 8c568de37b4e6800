"""A rebuild renders what an edit changed, and (nearly) nothing else.

Each output is kept without rendering when its key (the data it shows and
the templates it is made with) is unchanged. These tests edit a copy of the
example site and compare what the rebuild rendered with the files whose
bytes changed: every changed file must have been rendered (or the site
would be wrong) and, for each kind of edit, nothing else may be, save the
sitemap and robots.txt, which are made in one piece on every build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, read_tree, run_build

WHOLE = {"sitemap.xml", "robots.txt"}


@pytest.fixture()
def site(example_copy) -> Path:
    return example_copy


def _rebuild_after(site: Path, edit) -> tuple[set[str], set[str]]:
    """(rendered, changed) by a rebuild after `edit`."""
    out = site.parent / "out"
    assert not run_build(site, out, search=False).failed()
    before = read_tree(out)
    edit(site)
    result = run_build(site, out, search=False)
    assert not result.failed(), [d.format() for d in result.report.items]
    after = read_tree(out)
    changed = {path for path, data in after.items() if before.get(path) != data}
    rendered = set(result.rendered)
    # Pictures and theme files are copied, not rendered.
    assert changed - rendered <= {p for p in changed if p.startswith(("media/", "assets/"))}
    return rendered, changed


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_story_body_edit_renders_its_page_and_nothing_more(site):
    rendered, changed = _rebuild_after(site, lambda s: _replace(
        s / "content/stories/kelderby-clinic-letters.md", "What patients and GPs noticed", "What patients noticed"))
    assert "stories/kelderby-clinic-letters/index.html" in changed
    assert rendered - changed <= WHOLE


def test_a_template_edit_renders_only_the_pages_made_with_it(site):
    def edit(s: Path) -> None:
        story = s / "themes/ecmn/templates/story.html"
        if not story.exists():
            story.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "ecmn_press/theme/templates/story.html", story)
        _replace(story, "<article", '<article data-edited="1"')

    rendered, changed = _rebuild_after(site, edit)
    stories = {p for p in rendered if re.fullmatch(r"(?:[a-z]{2}/)?stories/[^/]+/index\.html", p)}
    assert stories and rendered - WHOLE == stories
    assert rendered - changed <= WHOLE
    assert not any(p.endswith((".xml", ".json", ".txt", ".csv")) for p in rendered - WHOLE)


def test_a_stylesheet_edit_renders_the_pages_that_link_it_and_no_feed(site):
    rendered, changed = _rebuild_after(site, lambda s: (s / "themes/ecmn/static/brand.css").write_text(
        (s / "themes/ecmn/static/brand.css").read_text() + "\n/* edited */\n"))
    assert rendered - changed <= WHOLE
    assert not any(p.endswith(("feed.xml", "rss.xml", "feed.json", ".csv")) for p in rendered)


def test_a_new_tagged_story_renders_the_lists_it_joins_and_nothing_more(site):
    rendered, changed = _rebuild_after(site, lambda s: (s / "content/stories/new-story.md").write_text(
        "---\ntitle: A new story\ndate: 2006-12-01\nteams: [wolds-diabetes]\ntags: [Brand new tag]\n"
        "authors: [Åsa Lindqvist]\nthemes: [patients]\n---\nIt happened.\n"))
    assert {"stories/new-story/index.html", "tags/brand-new-tag/index.html", "themes/patients/index.html"} <= changed
    assert rendered - changed <= WHOLE


def test_a_link_target_moving_renders_the_pages_that_link_to_it(site):
    rendered, changed = _rebuild_after(site, lambda s: _replace(
        s / "content/stories/pilot-purpose-statements.md", "\ntitle:", "\nslug: purpose-statements\ntitle:"))
    # Kelderby's story links to it: its page follows the new address.
    assert "stories/kelderby-clinic-letters/index.html" in changed
    assert "stories/purpose-statements/index.html" in changed
    assert rendered - changed <= WHOLE


def test_a_setting_renders_what_shows_it(site):
    rendered, changed = _rebuild_after(site, lambda s: _replace(s / "content/site.yaml", "title: ", "title: The "))
    assert "index.html" in changed and "feed.xml" in changed
    # Run charts' data files show no setting, yet every output is keyed by the settings.
    assert rendered - changed <= WHOLE | {p for p in rendered if p.endswith(".csv")}


def test_a_team_rename_renders_only_pages_about_its_work(site):
    rendered, changed = _rebuild_after(site, lambda s: _replace(
        s / "content/teams/kelderby-neurology.md", "name: ", "name: Renamed "))
    assert "teams/kelderby-neurology/index.html" in changed
    out = site.parent / "out"
    team_items = re.findall(r'href="(/[^"]*?/(?:stories|issues)/[^"]+/)"',
                            (out / "teams/kelderby-neurology/index.html").read_text())
    assert team_items
    # Rendered for nothing: only pages whose cards carry the team (its items' cards), never a feed.
    for path in rendered - changed - WHOLE:
        assert path.endswith((".html", ".txt")), path
        text = (out / path).read_text()
        assert any(item.split("/", 2)[-1] in text for item in team_items), path
