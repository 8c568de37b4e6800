"""Search: what the Pagefind index holds, how it is written, and the search
page in headless Chromium on a site served under a sub-path (/net/)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe import describe, run_axe
from conftest import SITE_YAML, lines, options, read_tree, run_build, write_files
from playwright.sync_api import Page, expect

from ecmn_press.build.pipeline import build
from ecmn_press.core.diagnostics import Report
from ecmn_press.search import index as search

DERM = "---\nname: Rijnvallei Dermatology\nregion: Utrecht\ncountry: Netherlands\n---\nA skin clinic.\n"
HULL = "---\nname: Hull Neurology\nregion: Humber\ncountry: England\n---\nA neurology team.\n"

# Planted words: 'zebrafinch' in one story only, 'waiting' in several items,
# 'quokkamarmalade' in a draft only, 'lighthousekeeper' in a related list only.
SITE = {
    "content/site.yaml": SITE_YAML,
    "content/teams/derm.md": DERM,
    "content/teams/hull.md": HULL,
    "content/stories/photo-triage.md": """
        ---
        title: Photo triage cut waiting in dermatology
        date: 2005-03-01
        teams: derm
        themes: [processes]
        ---
        The clinic asked GPs to send photographs, and the zebrafinch rota cut waiting times.
        """,
    "content/stories/letters.md": """
        ---
        title: Letters within a week
        date: 2004-06-01
        teams: hull
        themes: [patients]
        ---
        Patients were waiting for letters; now they come within a week.
        """,
    "content/stories/secret.md": """
        ---
        title: A draft about quokkamarmalade
        date: 2005-05-01
        teams: derm
        draft: true
        ---
        Nobody should find the quokkamarmalade words before this is published.
        """,
    "content/issues/one/issue.md": """
        ---
        number: 1
        date: 2006-02-01
        ---
        The editorial talks about the network.
        """,
    "content/issues/one/waits.md": """
        ---
        title: Waiting lists across the network
        teams: hull
        themes: [patterns]
        ---
        Every team measures waiting differently.
        """,
    "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
}


def fragments(out: Path) -> dict[str, dict]:
    """Every indexed page, by URL, as Pagefind stored it (gzip, a signature, then JSON)."""
    pages = {}
    for path in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        pages[record["url"]] = record
    return pages


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search")
    write_files(root / "site", SITE)
    out = root / "out"
    result = run_build(root / "site", out, search=True)
    assert lines(result) == [] and result.index is not None
    return out


# -- the index, read back from disk ------------------------------------------------

def test_index_holds_published_items_teams_issues_and_pages_only(built):
    assert sorted(fragments(built)) == [
        "/about/", "/issues/1/", "/issues/1/waits/", "/stories/letters/", "/stories/photo-triage/",
        "/teams/derm/", "/teams/hull/",
    ]


def test_index_records_filters_and_metadata(built):
    story = fragments(built)["/stories/photo-triage/"]
    assert story["filters"] == {
        "kind": ["Story"], "team": ["Rijnvallei Dermatology"], "theme": ["Processes"],
        "region": ["Utrecht"], "year": ["2005"],
    }
    assert story["meta"]["title"] == "Photo triage cut waiting in dermatology"
    assert story["meta"]["date"] == "1 March 2005"
    assert story["meta"]["team"] == "Rijnvallei Dermatology"
    assert story["meta"]["summary"].startswith("The clinic asked GPs")
    team = fragments(built)["/teams/hull/"]
    assert team["filters"] == {"kind": ["Team"], "team": ["Hull Neurology"], "region": ["Humber"]}


def test_index_leaves_out_navigation_footers_marks_and_related_lists(built):
    story = fragments(built)["/stories/photo-triage/"]["content"]
    assert "zebrafinch" in story
    for chrome in ("Skip to content", "Search the site", "Follow:", "Utrecht"):
        assert chrome not in story  # header, footer, and the hidden filter marks
    team = fragments(built)["/teams/derm/"]["content"]
    assert "A skin clinic" in team and "Photo triage" not in team  # its stories are a related list


def test_drafts_are_never_indexed(built):
    bundle = b"".join(gzip.decompress(p.read_bytes()) for p in (built / "pagefind").rglob("*.pf_*"))
    assert b"quokkamarmalade" not in bundle and b"quokkamarmalade" not in b"".join(read_tree(built).values())


def test_unchanged_rebuild_reuses_the_index_and_writes_nothing(tmp_path):
    site, out = tmp_path / "site", tmp_path / "out"
    write_files(site, SITE)
    first = run_build(site, out, search=True)
    assert not first.index.reused and first.index.pages == 7
    again = run_build(site, out, search=True)
    assert again.index.reused and again.index.pages == 7
    assert again.written.written == 0 and again.written.removed == 0
    # An edit anywhere in the indexed pages makes a new index.
    story = site / "content/stories/letters.md"
    story.write_text(story.read_text() + "\nA note about ferrets.\n")
    edited = run_build(site, out, search=True)
    assert not edited.index.reused
    assert any("ferrets" in page["content"] for page in fragments(out).values())


def test_no_search_removes_the_index_and_says_so_on_the_search_page(make_site, tmp_path):
    site = make_site({"content/teams/hull.md": HULL})
    out = tmp_path / "out"
    run_build(site, out, search=True)
    assert (out / "pagefind/pagefind.js").exists()
    run_build(site, out, search=False)
    assert not (out / "pagefind").exists()
    page = (out / "search/index.html").read_text()
    assert "Search is not available" in page and "search.js" not in page


def test_a_site_with_nothing_published_says_there_is_nothing_to_search(make_site, tmp_path):
    out = tmp_path / "out"
    result = run_build(make_site({}), out, search=True)
    assert lines(result) == [] and result.index.pages == 0
    page = (out / "search/index.html").read_text()
    assert "nothing to search" in page and "search.js" not in page


# A Pagefind that cannot be run, and one that writes part of a bundle where it is told to, then fails.
_HALF_WRITING = ('#!/bin/sh\nmkdir -p "$4/fragment"\necho half > "$4/pagefind.js"\n'
                 'echo half > "$4/fragment/x.pf_fragment"\necho "Error: disk full" >&2\nexit 3\n')


@pytest.mark.parametrize("indexer", [None, _HALF_WRITING], ids=["missing", "half-writing"])
def test_indexer_failure_is_an_error_and_changes_nothing(make_site, tmp_path, monkeypatch, indexer):
    site = make_site({"content/teams/hull.md": HULL})
    out = tmp_path / "out"
    run_build(site, out, search=True)
    before = read_tree(out)
    (site / "content/teams/hull.md").write_text(HULL.replace("A neurology team.", "A changed team."))
    binary = tmp_path / "pagefind"
    if indexer is not None:
        binary.write_text(indexer)
        binary.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    result = run_build(site, out, search=True)
    assert result.failed()
    (message,) = lines(result)
    assert message.startswith("(search index):1:1: error: the search index could not be built: ")
    assert indexer is None or "Error: disk full" in message
    assert read_tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if "ecmn-" in p.name] == []  # no scratch folders left


def test_a_hung_indexer_is_stopped_and_reported(tmp_path, monkeypatch):
    hang = tmp_path / "pagefind"
    hang.write_text("#!/bin/sh\nexec sleep 30\n")
    hang.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(hang))
    report = Report()
    page = {"a/index.html": b"<html><body><main data-pagefind-body>hello</main></body></html>"}
    assert search.build_index(page, tmp_path / "out", report, tmp_path / "bundle", timeout=1) is None
    assert [d.message for d in report.items] == ["Pagefind did not finish within 1 s"]
    assert not (tmp_path / "out").exists() and not (tmp_path / "bundle").exists()


def test_drafts_build_indexes_drafts_marked_as_such(tmp_path):
    write_files(tmp_path / "site", SITE)
    result = build(tmp_path / "site", tmp_path / "out", options(search=True, drafts=True))
    assert lines(result) == []
    draft = fragments(tmp_path / "out")["/stories/secret/"]
    assert draft["meta"]["badge"] == "Draft" and "quokkamarmalade" in draft["content"]


# -- the search page in Chromium ----------------------------------------------------

@pytest.fixture(scope="module")
def site_url(built, serve) -> str:
    return serve(built, "/net/")


def results(page: Page):
    return page.locator("#search-results .result")


def search_for(page: Page, site_url: str, words: str) -> None:
    page.goto(f"{site_url}search/")
    page.fill("#search-input", words)
    page.press("#search-input", "Enter")


@pytest.mark.browser
def test_a_query_finds_the_expected_story(page: Page, site_url):
    search_for(page, site_url, "zebrafinch")
    expect(results(page)).to_have_count(1)
    link = results(page).first.locator("a")
    expect(link).to_have_text("Photo triage cut waiting in dermatology")
    assert link.get_attribute("href") == "/net/stories/photo-triage/"  # the base path is kept
    expect(results(page).first.locator(".result-meta")).to_contain_text("Story · 1 March 2005 · Rijnvallei Dermatology")
    expect(results(page).first.locator(".result-excerpt mark")).to_have_text("zebrafinch")
    link.click()
    expect(page).to_have_url(f"{site_url}stories/photo-triage/")


@pytest.mark.browser
def test_excerpts_hold_neither_page_furniture_nor_the_title_again(page: Page, site_url):
    """Not "· Article 1 of 1.", "By …", "Team ·", nor a team's name under its name."""
    search_for(page, site_url, "neurology")
    expect(results(page).first).to_be_visible()
    found = {r.locator(".result-title").inner_text(): (r.locator(".result-meta").inner_text(),
                                                      r.locator(".result-excerpt").inner_text())
             for r in results(page).all()}
    meta, excerpt = found["Hull Neurology"]
    assert meta == "Team" and excerpt.startswith("A neurology team.")
    search_for(page, site_url, "measures")
    expect(results(page).first).to_be_visible()
    for r in results(page).all():
        excerpt = r.locator(".result-excerpt").inner_text()
        assert not re.search(r"Article \d+ of|^By |MicroNewsletter #", excerpt), excerpt
        assert not excerpt.startswith(r.locator(".result-title").inner_text()), excerpt


@pytest.mark.browser
def test_a_filter_narrows_the_results(page: Page, site_url):
    search_for(page, site_url, "waiting")
    expect(page.locator("#search-status")).to_have_text("3 results for “waiting”.")
    expect(results(page)).to_have_count(3)
    kind = page.locator('.facet[data-facet="kind"]')
    expect(kind.get_by_label("Story")).to_be_visible()
    expect(kind.locator("label", has_text="Story")).to_contain_text("2")  # the count beside the value
    kind.get_by_label("Story").check()
    expect(results(page)).to_have_count(2)
    expect(page.locator("#search-status")).to_have_text(
        "2 results for “waiting” with the filters chosen (3 without them)."
    )
    page.locator('.facet[data-facet="team"]').get_by_label("Rijnvallei Dermatology").check()
    expect(results(page)).to_have_count(1)
    expect(results(page).first.locator("a")).to_have_text("Photo triage cut waiting in dermatology")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["waiting"], "kind": ["Story"], "team": ["Rijnvallei Dermatology"]}


@pytest.mark.browser
def test_a_drafts_words_find_nothing(page: Page, site_url):
    search_for(page, site_url, "quokkamarmalade")
    expect(page.locator("#search-status")).to_have_text("No results for “quokkamarmalade”.")
    expect(results(page)).to_have_count(0)


@pytest.mark.browser
def test_a_query_in_the_url_is_applied_on_load(page: Page, site_url):
    page.goto(f"{site_url}search/?q=waiting&kind=Article")
    expect(page.locator("#search-input")).to_have_value("waiting")
    expect(page).to_have_title("waiting · Search · Test Network")
    expect(results(page)).to_have_count(1)
    expect(results(page).first.locator("a")).to_have_text("Waiting lists across the network")
    expect(page.locator('.facet[data-facet="kind"]').get_by_label("Article")).to_be_checked()


@pytest.mark.browser
def test_the_result_count_is_announced(page: Page, site_url):
    search_for(page, site_url, "zebrafinch")
    live = page.locator("[aria-live]")
    expect(live).to_have_count(1)
    expect(live).to_have_text("1 result for “zebrafinch”.")
    assert live.get_attribute("aria-live") == "polite"


@pytest.mark.browser
def test_the_header_search_box_leads_to_the_search_page(page: Page, site_url):
    page.goto(f"{site_url}teams/hull/")
    page.get_by_role("searchbox", name="Search the site").fill("zebrafinch")
    page.get_by_role("searchbox", name="Search the site").press("Enter")
    expect(page).to_have_url(re.compile(r"/net/search/\?q=zebrafinch$"))
    expect(results(page)).to_have_count(1)


@pytest.mark.browser
def test_without_an_index_the_page_offers_links_instead(page: Page, serve, make_site, tmp_path):
    # A site copied without its pagefind/ folder: the script cannot load Pagefind.
    out = tmp_path / "out"
    run_build(make_site({"content/teams/hull.md": HULL}), out, search=True)
    shutil.rmtree(out / "pagefind")
    url = serve(out, "/net/")
    page.goto(f"{url}search/?q=anything")
    expect(page.locator("#search-status")).to_have_text("Search could not be loaded.")
    expect(page.locator("#search-fallback").get_by_role("link", name="the teams")).to_have_attribute(
        "href", "/net/teams/"
    )


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_page_with_results_and_filters_passes_axe(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{site_url}search/?q=waiting&kind=Story")
        expect(results(page)).to_have_count(2)
        expect(page.locator("#search-filters")).to_have_attribute("open", "")
        found = run_axe(page)
        assert found["violations"] == [], describe(found["violations"])
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_page_says_so(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}search/")
        note = page.locator(".search-nojs")
        expect(note).to_contain_text("Search needs JavaScript")
        for name, href in (("all issues", "/net/issues/"), ("the teams", "/net/teams/"), ("the 5 Ps", "/net/themes/")):
            expect(note.get_by_role("link", name=name)).to_have_attribute("href", href)
    finally:
        context.close()
