"""Search in a site of two languages, in headless Chromium: each language's search page searches its
own language (its translations and the untranslated pages it shows), and "all languages" adds the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lines, run_build, write_files
from playwright.sync_api import Page, expect

SITE = {
    "content/site.yaml": "title: Test Network\nbase_url: https://example.org/net/\nlanguage: en\nlanguages: [sv]\n",
    "content/teams/hull.md": "---\nname: Hull Neurology\nregion: Humber\ncountry: England\n---\nA neurology team.\n",
    # translated: the English words and the Swedish words are on different pages
    "content/stories/letters.md": "---\ntitle: Letters within a week\ndate: 2004-06-01\nteams: hull\n---\n"
                                  "The zebrafinch rota cut waiting for letters.\n",
    "content/stories/letters.sv.md": "---\ntitle: Brev inom en vecka\n---\nSebrafinkschemat kortade väntan på brev.\n",
    # untranslated: shown in English under /sv/ too
    "content/stories/other.md": "---\ntitle: Quagga clinic\ndate: 2005-06-01\nteams: hull\n---\n"
                                "The quagga clinic saw everyone the same day.\n",
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, serve) -> str:
    root = tmp_path_factory.mktemp("search-langs")
    write_files(root / "site", SITE)
    result = run_build(root / "site", root / "out", search=True)
    assert not result.report.errors, lines(result)
    assert (root / "out/assets/pagefind-languages/pagefind.js").is_file()
    return serve(root / "out", "/net/")


def results(page: Page):
    return page.locator("#search-results .result")


def hrefs(page: Page) -> list[str]:
    return sorted(a.get_attribute("href") for a in results(page).locator(".result-title a").all())


def search(page: Page, url: str, words: str) -> None:
    page.goto(url)
    page.fill("#search-input", words)
    page.press("#search-input", "Enter")


@pytest.mark.browser
def test_a_swedish_search_finds_swedish_pages_and_the_untranslated_ones_shown_in_swedish(page: Page, site_url):
    search(page, f"{site_url}sv/search/", "sebrafinkschemat")
    expect(results(page)).to_have_count(1)
    assert hrefs(page) == ["/net/sv/stories/letters/"]
    # The script writes its sentences in the page's language, with its plural forms.
    expect(page.locator("#search-status")).to_have_text("1 träff för ”sebrafinkschemat”.")
    search(page, f"{site_url}sv/search/", "quagga")
    expect(results(page)).to_have_count(1)
    assert hrefs(page) == ["/net/sv/stories/other/"]  # the untranslated story, as the Swedish site shows it
    # Its page says "på engelska" above the text; the index leaves that note out of excerpts.
    assert "engelska" not in results(page).locator(".result-excerpt").inner_text()
    search(page, f"{site_url}sv/search/", "zebrafinch")  # only in the English original of a translated story
    expect(page.locator("#search-status")).to_have_text("Inga träffar för ”zebrafinch”.")
    expect(results(page)).to_have_count(0)
    expect(page.locator("label[for], .search-all label").filter(has_text="Sök på alla språk")).to_be_visible()
    assert not page.locator("#search-all").is_checked()


@pytest.mark.browser
def test_all_languages_adds_the_other_languages_pages_and_stays_in_the_address(page: Page, site_url):
    search(page, f"{site_url}sv/search/", "zebrafinch")
    expect(page.locator("#search-status")).not_to_be_empty()
    expect(results(page)).to_have_count(0)
    page.check("#search-all")  # loads the page anew with the query kept and all=1
    expect(results(page)).to_have_count(1)
    assert hrefs(page) == ["/net/stories/letters/"]
    assert page.locator("#search-all").is_checked()
    assert "all=1" in page.url and "q=zebrafinch" in page.url
    # a query found in both languages finds both pages
    page.fill("#search-input", "quagga")
    page.press("#search-input", "Enter")
    expect(results(page)).to_have_count(2)
    expect(page.locator("#search-status")).to_have_text("2 träffar för ”quagga”.")
    assert hrefs(page) == ["/net/stories/other/", "/net/sv/stories/other/"]
    assert "all=1" in page.url
    # unticking goes back to Swedish only
    page.uncheck("#search-all")
    expect(results(page)).to_have_count(1)
    assert hrefs(page) == ["/net/sv/stories/other/"] and "all=1" not in page.url


@pytest.mark.browser
def test_the_english_search_page_searches_english_and_offers_the_other_languages(page: Page, site_url):
    search(page, f"{site_url}search/", "sebrafinkschemat")
    expect(page.locator("#search-status")).to_have_text("No results for “sebrafinkschemat”.")
    expect(results(page)).to_have_count(0)
    page.goto(f"{site_url}search/?q=sebrafinkschemat&all=1")
    expect(results(page)).to_have_count(1)
    assert hrefs(page) == ["/net/sv/stories/letters/"]
    expect(page.locator(".search-all label")).to_have_text("Search all languages")


def test_a_site_in_one_language_has_no_choice_of_languages(make_site, tmp_path: Path):
    site = make_site({"content/teams/hull.md": SITE["content/teams/hull.md"]})
    assert lines(run_build(site, tmp_path / "out", search=True)) == []
    page = (tmp_path / "out/search/index.html").read_text()
    assert 'data-bundle="/net/pagefind/"' in page and "search-all" not in page
    assert not (tmp_path / "out/assets/pagefind-languages").exists()
