"""An issue printed to A4 by Chromium, read back from the PDF with pypdf: it
holds every article in full, no page is left nearly empty (under a quarter
of its height used) except the last page of an article, every link in the
text prints its address in full, and every page carries its number.

Every issue of the example site and of tests/awkward.py is printed.
"""

from __future__ import annotations

import io
import re
import unicodedata
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

FOOTER_PT = 45  # page numbers sit in the bottom margin, below this
LEAST_USED = 0.25
SITES = {"example": ("/network/", "https://ecmn.example.org/network/", 5),
         "awkward": ("/natverk/", "https://example.se/natverk/", 2)}


@pytest.fixture(scope="module")
def site_urls(example_site, awkward_site, serve) -> dict[str, str]:
    return {"example": serve(example_site, "/network/"), "awkward": serve(awkward_site, "/natverk/")}


def pdf_pages(pdf: bytes) -> list[dict]:
    """Per page: its text, and how far down it is used (0 at the top edge, 1 at the bottom)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        lowest = [height]

        def visit(text, cm, tm, _font, _size, lowest=lowest):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y > FOOTER_PT:
                lowest[0] = min(lowest[0], y)

        text = page.extract_text(visitor_text=visit)
        pages.append({"text": text, "used": (height - lowest[0]) / height})
    return pages


def squeezed(text: str) -> str:
    """Text without white space (an address may be wrapped anywhere on paper)
    or ligatures ("ﬁ" is "fi")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def issue_in_print(page, url: str, canonical: str) -> tuple[list[dict], list[dict], list[str]]:
    """Print the issue at `url`; returns the PDF's pages, its articles (title,
    closing words, address) and the addresses of the links in its text."""
    assert page.goto(url).ok
    page.emulate_media(media="print")
    articles = page.evaluate("""() => [...document.querySelectorAll('.issue-full .full-article')].map(a => {
        const paras = [...a.querySelectorAll('.prose > p, .prose > ul > li, .prose > ol > li')].map(p => p.textContent.trim()).filter(Boolean);
        return {title: a.querySelector('h2').textContent.trim(), last: (paras.pop() || '').slice(-60),
                address: a.querySelector('.print-source').textContent.trim()};
    })""")
    hrefs = page.evaluate("""() => [...document.querySelectorAll('main .prose a[href]')]
        .filter(a => a.getClientRects().length && !a.getAttribute('href').startsWith('#'))
        .map(a => a.getAttribute('href'))""")
    underlined = page.evaluate("""() => [...document.querySelectorAll('main a[href]')]
        .filter(a => a.getClientRects().length && !a.closest('.prose')
                && getComputedStyle(a).textDecorationLine.includes('underline'))
        .map(a => a.textContent.trim())""")
    assert underlined == [], f"links that print as links with no address: {underlined}"
    pages = pdf_pages(page.pdf(format="A4"))
    return pages, articles, [urljoin(canonical, h) for h in hrefs]


@pytest.mark.browser
@pytest.mark.parametrize("site", SITES)
def test_a_printed_issue_is_whole_with_no_empty_pages_and_every_address(browser, site_urls, site):
    _base, origin, issues = SITES[site]
    page = browser.new_page()
    try:
        for number in range(1, issues + 1):
            pages, articles, addresses = issue_in_print(page, f"{site_urls[site]}issues/{number}/", origin)
            where = f"{site} issue {number}"
            whole = squeezed("".join(p["text"] for p in pages))
            words_only = re.sub(r"\((?:https?|mailto):[^()]*\)", "", whole)  # the text as on screen
            assert articles, f"{where}: no articles in print"
            for a in articles:
                assert squeezed(a["address"]) in whole, f"{where}: {a['address']} is not on paper"
                for words in (a["title"], a["last"]):
                    assert squeezed(words) in words_only, f"{where}: {words!r} is not on paper"
            for address in addresses:
                assert squeezed(address) in whole, f"{where}: the link to {address} prints no address"
            # A page nearly empty is only allowed where an article ends (its
            # address closes it) or the issue does.
            for n, p in enumerate(pages, 1):
                ends_article = any(squeezed(a["address"]) in squeezed(p["text"]) for a in articles)
                if p["used"] < LEAST_USED and not ends_article and n < len(pages):
                    pytest.fail(f"{where}: page {n} of {len(pages)} is {p['used']:.0%} used:\n{p['text'][:300]}")
            assert all(re.search(rf"\b{n}\s*/\s*{len(pages)}\b", p["text"]) for n, p in enumerate(pages, 1)), \
                f"{where}: a page without its number"
    finally:
        page.close()


@pytest.mark.browser
def test_the_print_check_finds_a_nearly_empty_page(browser, site_urls):
    """The test's own measure: a page forced to hold three lines is found."""
    page = browser.new_page()
    try:
        page.goto(site_urls["example"] + "issues/2/")
        page.emulate_media(media="print")
        page.evaluate("""() => { const p = document.querySelector('.editorial .prose p:last-child');
            p.style.breakBefore = 'page'; p.style.breakAfter = 'page'; }""")
        pages = pdf_pages(page.pdf(format="A4"))
        assert any(p["used"] < LEAST_USED for p in pages[:-1])
    finally:
        page.close()
