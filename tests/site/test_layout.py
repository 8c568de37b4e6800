"""What readers see at every width: no text drawn over text, no page wider
than the window, no word broken inside itself, no text under 12 px (chart
text at its drawn size), no text cut off by a box.

Every page kind of the example site and of tests/awkward.py, at 320, 375,
768 and 1280 px, in light and dark mode; the measuring is tests/layout.js,
and test_layout_rules.py shows that each rule finds what it should. One
browser page per site, width and scheme visits every page in turn.
"""

from __future__ import annotations

import pytest
from layout import SCHEMES, WIDTHS, check_layout, describe
from playwright.sync_api import Page

# One page of every kind, and more where the example site has more to show:
# the article with the widest table, the story with two charts and a table.
EXAMPLE = {
    "home": "",
    "issues": "issues/",
    "stories": "stories/",
    "teams": "teams/",
    "themes": "themes/",
    "tags": "tags/",
    "authors": "authors/",
    "issue": "issues/5/",
    "issue-with-cover": "issues/2/",
    "article": "issues/5/two-years-of-three-streams/",
    "article-2": "issues/1/what-the-pilot-taught-us/",
    "story": "stories/kelderby-clinic-letters/",
    "story-table": "stories/rothwick-phone-call-before-surgery/",
    "team": "teams/kelderby-neurology/",
    "theme": "themes/processes/",
    "tag": "tags/waiting-times/",
    "author": "authors/zoe-hartley/",
    "page": "about/",
    "search": "search/?q=letters",
    "not-found": "404.html",
    "email": "issues/5/email.html",
    "email-2": "issues/1/email.html",
    # Languages: a Swedish story (long compound words), lists and an issue with the switcher,
    # an untranslated story shown in Swedish, the Dutch team's story, and the Norwegian home.
    "sv-home": "sv/",
    "sv-story": "sv/stories/ostervik-daily-huddle/",
    "sv-stories": "sv/stories/",
    "sv-teams": "sv/teams/",
    "sv-issue": "sv/issues/2/",
    "sv-untranslated": "sv/stories/kelderby-clinic-letters/",
    "sv-theme": "sv/themes/professionals/",
    "nl-story": "nl/stories/rijnvallei-uitslagen-dezelfde-dag/",
    "nb-home": "nb/",
}
AWKWARD = {
    "home": "",
    "issues": "issues/",
    "stories": "stories/",
    "teams": "teams/",
    "teams-2": "teams/page/2/",  # a list in the middle of its pages: pager with both steps
    "themes": "themes/",
    "tags": "tags/",
    "authors": "authors/",
    "issue": "issues/1/",
    "article": "issues/1/a/",
    "issue-long": "issues/2/",
    "story": "stories/everything/",
    "story-charts": "stories/charts/",
    "team": "teams/team-1/",
    "team-long": "teams/long-names/",
    "team-unplaced": "teams/unplaced/",
    "theme": "themes/purpose/",
    "tag": "tags/patient-and-carer-feedback/",
    "author": "authors/anna-karin-wahlstrom-lindqvist/",
    "page": "om/",
    "search": "search/?q=team",
    "not-found": "404.html",
    "email": "issues/1/email.html",
    "email-long": "issues/2/email.html",
}
# `ecmn-press new site` as it comes: with its drafts (the issue, the article,
# the story and its run chart) and as published (lists still empty).
STARTER = {
    "home": "",
    "issues": "issues/",
    "stories": "stories/",
    "teams": "teams/",
    "themes": "themes/",
    "tags": "tags/",
    "authors": "authors/",
    "issue": "issues/1/",
    "article": "issues/1/why-a-network/",
    "story": "stories/counting-missed-appointments/",
    "team": "teams/outpatient-clinic/",
    "theme": "themes/patients/",
    "tag": "tags/getting-started/",
    "page": "about/",
    "search": "search/?q=clinic",
    "not-found": "404.html",
    "email": "issues/1/email.html",
}
STARTER_PUBLISHED = {
    "home": "",
    "issues": "issues/",
    "stories": "stories/",
    "teams": "teams/",
    "team": "teams/outpatient-clinic/",
    "themes": "themes/",
    "page": "about/",
    "not-found": "404.html",
}
SITES = {
    "example": ("/network/", EXAMPLE),
    "awkward": ("/natverk/", AWKWARD),
    "starter": ("/starter/", STARTER),
    "starter-published": ("/starter/", STARTER_PUBLISHED),
}


@pytest.fixture(scope="module")
def site_urls(example_site, awkward_site, starter_sites, serve) -> dict[str, str]:
    return {
        "example": serve(example_site, "/network/"), "awkward": serve(awkward_site, "/natverk/"),
        "starter": serve(starter_sites["drafts"], "/starter/"),
        "starter-published": serve(starter_sites["published"], "/starter/"),
    }


def visit(page: Page, url: str, name: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url
    if name == "search":
        # The script draws results and filters: measure them, filters open.
        page.locator("#search-results > li").first.wait_for(timeout=10_000)
        page.evaluate("document.getElementById('search-filters').open = true")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("site", SITES)
def test_pages_read_cleanly(browser, site_urls, site, width, scheme):
    base, pages = SITES[site]
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        problems = []
        for name, path in pages.items():
            visit(page, site_urls[site] + path, name)
            found = check_layout(page)
            if found:
                problems.append(f"{name} ({path or 'home'}):\n{describe(found)}")
        assert problems == [], f"{site} at {width} px, {scheme}:\n" + "\n".join(problems)
    finally:
        context.close()
