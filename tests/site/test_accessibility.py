"""The built-in theme in a real browser: axe-core finds nothing on one page of
every kind, in light and dark mode, at phone and desktop widths; no page
scrolls sideways at 320 px; the keyboard can skip to the content and always
sees where it is; pages work without JavaScript; an issue prints whole.

The example site is served under its own base path (/network/), as its host
would serve it. axe-core comes from npm (tests/axe.py).
"""

from __future__ import annotations

import re

import pytest
from axe import describe, run_axe
from playwright.sync_api import Page, expect

# One page of every kind, each chosen for having the most on it: the story
# with run charts, the team with small multiples, the author who edited issues.
PAGES = {
    "home": "",
    "issues": "issues/",
    "issue": "issues/2/",
    "article": "issues/2/a-week-in-jonkoping/",
    "stories": "stories/",
    "story": "stories/kelderby-clinic-letters/",
    "teams": "teams/",
    "team": "teams/kelderby-neurology/",
    "themes": "themes/",
    "theme": "themes/processes/",
    "tags": "tags/",
    "tag": "tags/waiting-times/",
    "authors": "authors/",
    "author": "authors/zoe-hartley/",
    "about": "about/",
    "search": "search/?q=letters",
    "not-found": "404.html",
}
WIDTHS = {"phone": 360, "desktop": 1280}


@pytest.fixture(scope="module")
def site_url(example_site, serve) -> str:
    return serve(example_site, "/network/")


def open_page(page: Page, site_url: str, name: str) -> None:
    response = page.goto(site_url + PAGES[name])
    assert response is not None and response.ok, name
    if name == "search":
        # Results and their filters are drawn by the script: check them too.
        expect(page.locator("#search-results > li").first).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(browser, site_url, name, scheme, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        open_page(page, site_url, name)
        assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
        found = run_axe(page)
        assert found["violations"] == [], describe(found["violations"])
    finally:
        context.close()


@pytest.mark.browser
def test_axe_reports_what_it_should(browser, site_url):
    """The harness itself: a page with known faults gets them reported."""
    page = browser.new_page()
    try:
        open_page(page, site_url, "about")
        page.evaluate("""() => {
            document.querySelector('main img').removeAttribute('alt');
            const p = document.querySelector('main .prose p + p');
            p.style.color = '#b0b0b0'; p.style.background = '#ffffff';  // 2.1:1
        }""")
        found = {v["id"] for v in run_axe(page)["violations"]}
        assert {"image-alt", "color-contrast"} <= found
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_scrolls_sideways_at_320_px(browser, site_url, scheme):
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    try:
        page = context.new_page()
        wide = {}
        for name in PAGES:
            open_page(page, site_url, name)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[name] = width
        assert wide == {}
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_main(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        open_page(page, site_url, "story")
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        expect(skip).to_have_text("Skip to content")
        expect(skip).to_be_in_viewport()
        assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        # The next Tab goes on from the content, not back to the header.
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('main')")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["home", "issue", "story", "team", "search"])
def test_keyboard_focus_is_always_visible(browser, site_url, name, scheme):
    """Tab through the first stops of the page: each shows an outline, its own
    or (for a link that makes its whole card clickable) its card's."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        open_page(page, site_url, name)
        page.locator("body").focus()
        seen = []
        for _ in range(30):
            page.keyboard.press("Tab")
            style = page.evaluate("""() => {
                const e = document.activeElement;
                let ring = e;  // the element itself, or up to three boxes around it
                for (let up = 0; up < 3 && getComputedStyle(ring).outlineStyle === 'none'; up++) {
                    if (!ring.parentElement || ring.parentElement.tagName === 'MAIN') break;
                    ring = ring.parentElement;
                }
                const s = getComputedStyle(ring);
                return {tag: e.tagName, text: (e.textContent || e.value || '').trim().slice(0, 40),
                        outline: s.outlineStyle, width: parseFloat(s.outlineWidth)};
            }""")
            if style["tag"] == "BODY":
                break
            seen.append(style)
            assert style["outline"] != "none" and style["width"] >= 2, style
        assert len(seen) >= 10
    finally:
        context.close()


@pytest.mark.browser
def test_pages_read_and_link_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        for name in PAGES:
            if name == "search":
                continue  # search says it needs JavaScript: tests/search/test_search.py
            open_page(page, site_url, name)
            expect(page.locator("h1")).to_be_visible()
            expect(page.locator("nav[aria-label=Main]")).to_be_visible()
        # Walk from the home page to a team's chart, by links alone.
        open_page(page, site_url, "home")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Teams").click()
        expect(page).to_have_url(re.compile(r"/network/teams/$"))
        page.get_by_role("link", name="Neurology Outpatients, Kelderby General Hospital").click()
        page.locator(".sm-link").first.click()
        expect(page).to_have_url(re.compile(r"/stories/kelderby-clinic-letters/#measure-"))
        # The data table opens by its own summary element, no script needed.
        table = page.locator(".rc-data table").first
        expect(table).to_be_hidden()
        page.locator(".rc-data summary").first.click()
        expect(table).to_be_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_an_issue_prints_whole(browser, site_url):
    page = browser.new_page()
    try:
        open_page(page, site_url, "issue")
        full = page.locator(".issue-full")
        expect(full).to_be_hidden()  # on screen the articles are a click away
        page.emulate_media(media="print")
        expect(full).to_be_visible()
        expect(full.locator("section > h2")).to_have_text([
            "Measuring without a statistician", "Coaching a team, not a project", "A week in Jönköping County",
        ])
        for furniture in (".site-header", ".site-footer", ".pager", ".issue-articles", ".issue-email"):
            expect(page.locator(furniture)).to_be_hidden()
        expect(page.locator("nav[aria-labelledby=issue_toc]")).to_be_visible()  # the contents stay
        pdf = page.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages >= 4  # the front page with the editorial, then each article from a page of its own
    finally:
        page.close()


@pytest.fixture(scope="module")
def awkward_url(awkward_site, serve) -> tuple[str, list[str]]:
    out = awkward_site
    pages = sorted(p.relative_to(out).as_posix().removesuffix("index.html")
                   for p in out.rglob("*.html") if p.name != "email.html")
    return serve(out, "/natverk/"), pages


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_awkward_site_passes_axe_and_fits_320_px_on_every_page(browser, awkward_url, scheme):
    """Long words and addresses, wide tables, code, notes, many teams, no region:
    every page of tests/awkward.py, at the narrowest width."""
    url, pages = awkward_url
    assert len(pages) > 30
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    try:
        page = context.new_page()
        problems = []
        for path in pages:
            assert page.goto(url + path).ok, path
            if page.evaluate("document.documentElement.scrollWidth") > 320:
                problems.append(f"{path}: wider than 320 px")
            found = run_axe(page)["violations"]
            if found:
                problems.append(f"{path}:\n{describe(found)}")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


# `ecmn-press new site` as it comes, drafts shown: the pages an editor sees first.
STARTER_PAGES = ["", "issues/1/", "issues/1/why-a-network/", "stories/counting-missed-appointments/",
                 "teams/outpatient-clinic/", "about/", "404.html"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_a_new_site(browser, starter_sites, serve, scheme):
    url = serve(starter_sites["drafts"], "/starter/")
    context = browser.new_context(viewport={"width": 360, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        problems = {}
        for path in STARTER_PAGES:
            response = page.goto(url + path)
            assert response is not None and response.ok, path
            violations = run_axe(page)["violations"]
            if violations:
                problems[path or "home"] = describe(violations)
        assert problems == {}, problems
    finally:
        context.close()
