"""The e-mail edition per language: made only for an issue written in that language, worded in it."""

from __future__ import annotations

import re

import pytest
from conftest import TEAM, lines, run_build

SITE = "title: Test Network\nbase_url: https://example.org/net/\nlanguage: en\nnewsletter: MicroNewsletter\n" \
       "languages: [sv, nb]\n"
FILES = {
    "content/teams/hull.md": TEAM,
    # issue 2: English, translated into Swedish (not Norwegian)
    "content/issues/2005-06/issue.md": "---\nnumber: 2\ndate: 2005-06-20\neditors: [Ann Berg, Bo Dahl]\n---\n"
                                       "Editorial. See [the site](https://example.org/).\n",
    "content/issues/2005-06/issue.sv.md": "---\ntitle: Sommarnumret\n---\nLedartext. Se [webbplatsen](https://example.org/).\n",
    "content/issues/2005-06/news.md": "---\ntitle: News\nauthors: [Ann Berg, Bo Dahl]\n---\nNews text.\n",
    "content/issues/2005-06/news.sv.md": "---\ntitle: Nyheter\n---\nNyhetstext.\n",
    # issue 3: English only
    "content/issues/2005-10/issue.md": "---\nnumber: 3\ndate: 2005-10-03\n---\nAutumn editorial.\n",
    # issue 4: written first in Norwegian
    "content/issues/2006-03/issue.md": "---\nnumber: 4\ndate: 2006-03-01\nlang: nb\ntitle: Vårnummeret\n---\nLeder.\n",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("maillangs")
    site = root / "site"
    for rel, text in {"content/site.yaml": SITE, **FILES}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    result = run_build(site, root / "out")
    assert not result.report.errors, lines(result)
    return root / "out"


def test_an_e_mail_edition_exists_only_in_the_languages_an_issue_is_written_in(out):
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("email.*"))
    assert made == [
        "issues/2/email.html", "issues/2/email.txt", "issues/3/email.html", "issues/3/email.txt",
        "nb/issues/4/email.html", "nb/issues/4/email.txt",
        "sv/issues/2/email.html", "sv/issues/2/email.txt",
    ]


def _email_links(page: str) -> list[tuple[str, str | None]]:
    aside = page.split('class="issue-email', 1)[1].split("</aside>", 1)[0]
    return [(m[1], m[2]) for m in re.finditer(r'<a href="([^"]+)"(?: hreflang="([^"]+)")?', aside)]


def test_a_page_showing_an_untranslated_issue_links_to_the_e_mail_in_the_issues_own_language(out):
    sv3 = (out / "sv/issues/3/index.html").read_text()
    assert _email_links(sv3) == [("/net/issues/3/email.html", "en"), ("/net/issues/3/email.txt", "en")]
    assert "(på engelska)" in sv3.split('class="issue-email', 1)[1].split("</aside>")[0]
    nb2 = (out / "nb/issues/2/index.html").read_text()
    assert _email_links(nb2) == [("/net/issues/2/email.html", "en"), ("/net/issues/2/email.txt", "en")]
    # the default language's page of an issue written first in Norwegian leads to the Norwegian mail
    en4 = (out / "issues/4/index.html").read_text()
    assert _email_links(en4) == [("/net/nb/issues/4/email.html", "nb"), ("/net/nb/issues/4/email.txt", "nb")]
    assert "(in Norwegian Bokmål)" in en4
    # a translated issue's page links to its own language's mail, as a one-language site does
    assert _email_links((out / "sv/issues/2/index.html").read_text()) == [
        ("/net/sv/issues/2/email.html", None), ("/net/sv/issues/2/email.txt", None)]


def test_the_swedish_e_mail_is_worded_in_swedish(out):
    html = (out / "sv/issues/2/email.html").read_text()
    assert '<html lang="sv">' in html
    for swedish in ("Läs numret på webbplatsen", "I det här numret", "Ledare", "Artikel 1 av 1", "Av Ann Berg och Bo Dahl",
                    "av Ann Berg och Bo Dahl", "Redaktör: Ann Berg och Bo Dahl", "MicroNewsletter #2 på webbplatsen",
                    "Alla nummer", "Följ nätverket:", "Atom-flöde", "20 juni 2005", "Sommarnumret", "Nyheter"):
        assert swedish in html, swedish
    for english in ("Read this issue", "In this issue", "Editorial", "Article 1 of", "Edited by", "Ann Berg and",
                    "on the site", "All issues", "Follow the network", "Atom feed", "June"):
        assert english not in html, english


def test_the_swedish_plain_text_e_mail_is_worded_in_swedish(out):
    text = (out / "sv/issues/2/email.txt").read_text()
    assert "MicroNewsletter #2 · 20 juni 2005" in text
    assert "Läs numret på webbplatsen:\nhttps://example.org/net/sv/issues/2/" in text
    assert "I det här numret:\n1. Nyheter, av Ann Berg och Bo Dahl" in text
    assert "\nLEDARE\n======\n" in text  # the underline as long as the translated heading
    assert "\nLänkar\n------\n[1] https://example.org/" in text
    assert "Numret på webbplatsen: https://example.org/net/sv/issues/2/" in text
    assert "Alla nummer: https://example.org/net/sv/issues/" in text
    assert "Atom-flöde: https://example.org/net/sv/feed.xml" in text
    for english in ("EDITORIAL", "Read this issue", "In this issue", "Links", "All issues", "feed:", "Edited by"):
        assert english not in text, english


def test_the_norwegian_e_mail_of_an_issue_written_in_norwegian(out):
    html = (out / "nb/issues/4/email.html").read_text()
    assert '<html lang="nb">' in html and "1. mars 2006" in html and "Vårnummeret" in html
    assert "Les dette nummeret på nettstedet" in html and "Read this issue" not in html


def test_the_english_e_mail_keeps_its_english_words(out):
    html = (out / "issues/2/email.html").read_text()
    assert "Read this issue on the site" in html and "Edited by Ann Berg and Bo Dahl" in html
    text = (out / "issues/2/email.txt").read_text()
    assert "\nEDITORIAL\n=========\n" in text and "\nLinks\n-----\n" in text and "Atom feed: " in text
