"""A site in three languages: every page's lang, alternates and switcher, the sitemap, the feeds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from conftest import TEAM, lines, run_build

SITE = """title: Test Network
base_url: https://example.org/net/
language: en
newsletter: MicroNewsletter
languages:
  - code: sv
    title: Testnätverket
    tags: {Waiting times: Väntetider}
  - nb
"""
FILES = {
    "content/teams/hull.md": TEAM,
    "content/stories/letters.md": "---\ntitle: Letters\ndate: 2005-06-20\nteams: [hull]\ntags: [Waiting times]\n"
                                  "themes: [patients]\n---\nLetters text.\n",
    "content/stories/letters.sv.md": "---\ntitle: Brev inom en vecka\n---\nBrevtext.\n",
    "content/stories/other.md": "---\ntitle: Annen historie\ndate: 2005-06-22\nteams: [hull]\nlang: nb\n---\nTekst.\n",
    "content/issues/2005-06/issue.md": "---\nnumber: 2\ndate: 2005-06-20\n---\nEditorial.\n",
    "content/issues/2005-06/issue.sv.md": "---\ntitle: Sommarnumret\n---\nLedare.\n",
    "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
}
BASE = "https://example.org/net/"


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang, self.canonical, self.alternates, self.switcher, self._in_switcher = None, None, {}, [], False
        self.switcher_label = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "nav" and a.get("class") == "language-switcher":
            self._in_switcher, self.switcher_label = True, a.get("aria-label")
        elif tag == "a" and self._in_switcher:
            self.switcher.append((a.get("hreflang"), a.get("lang"), a["href"], "aria-current" in a))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


def _read(path: Path) -> _Head:
    head = _Head()
    head.feed(path.read_text())
    return head


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("langs")
    site = root / "site"
    for rel, text in {"content/site.yaml": SITE, **FILES}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    result = run_build(site, root / "out")
    assert not result.report.errors, lines(result)
    return root / "out"


def _pages(out: Path) -> dict[str, _Head]:
    return {BASE + p.relative_to(out).as_posix().removesuffix("index.html"): _read(p)
            for p in out.rglob("*.html") if not p.name.startswith("email") and p.name != "404.html"}


def test_every_page_says_its_language_and_has_a_switcher(built):
    for url, head in _pages(built).items():
        code = "sv" if "/net/sv/" in url else "nb" if "/net/nb/" in url else "en"
        assert head.lang == code, url
        assert head.switcher_label == {"en": "Language", "sv": "Språk", "nb": "Språk"}[code], url
        assert [(h, lang) for h, lang, _, _ in head.switcher] == [("en", "en"), ("sv", "sv"), ("nb", "nb")], url
        assert [current for *_, current in head.switcher] == [c == code for c in ("en", "sv", "nb")], url
        # the switcher leads to the same page in each language, and that page exists
        path = url.removeprefix(BASE).removeprefix(f"{code}/") if code != "en" else url.removeprefix(BASE)
        assert [href for _, _, href, _ in head.switcher] == [f"/net/{p}{path}" for p in ("", "sv/", "nb/")], url


def test_hreflang_alternates_are_reciprocal_over_the_whole_site(built):
    pages = _pages(built)
    checked = 0
    for url, head in pages.items():
        assert "x-default" in head.alternates, url
        cluster = {k: v for k, v in head.alternates.items() if k != "x-default"}
        if url not in cluster.values():
            # a page showing an untranslated item: its canonical is the item's own page, which is in the cluster
            assert head.canonical in cluster.values(), url
            continue
        assert head.canonical == url
        for hreflang, other in cluster.items():
            assert pages[other].alternates == head.alternates, (url, other)
            assert pages[other].lang == hreflang
            checked += 1
    assert checked > 50


def test_translated_and_untranslated_items(built):
    story = _read(built / "sv/stories/letters/index.html")
    assert set(story.alternates) == {"en", "sv", "x-default"} and story.alternates["x-default"] == BASE + "stories/letters/"
    other = (built / "sv/stories/other/index.html").read_text()
    assert '<article class="story" lang="nb"' in other and '<p class="lang-note" lang="sv" data-pagefind-ignore>på norskt bokmål</p>' in other
    listing = (built / "sv/stories/index.html").read_text()
    assert 'Brev inom en vecka' in listing and '<article class="card card-story" lang="nb">' in listing
    assert "på norskt bokmål" in listing and "Letters" not in listing
    # dates in each language's way
    assert "20 juni 2005" in (built / "sv/stories/letters/index.html").read_text()
    assert "20. juni 2005" in (built / "nb/stories/letters/index.html").read_text()
    # tags named per language
    assert "Väntetider" in (built / "sv/tags/waiting-times/index.html").read_text()
    assert "Waiting times" in (built / "nb/tags/waiting-times/index.html").read_text()


def test_sitemap_lists_each_language_with_its_alternates(built):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built / "sitemap.xml").getroot()
    entries = {u.find("s:loc", ns).text: {l.get("hreflang"): l.get("href") for l in u.findall("x:link", ns)}
               for u in root.findall("s:url", ns)}
    assert entries[BASE + "sv/stories/letters/"] == {"en": BASE + "stories/letters/", "sv": BASE + "sv/stories/letters/",
                                                     "x-default": BASE + "stories/letters/"}
    assert entries[BASE + "stories/letters/"] == entries[BASE + "sv/stories/letters/"]
    assert BASE + "sv/stories/other/" not in entries  # it shows the Norwegian story: listed at /nb/
    assert entries[BASE + "nb/stories/other/"]["x-default"] == BASE + "nb/stories/other/"
    assert set(entries[BASE + "sv/"]) == {"en", "sv", "nb", "x-default"}
    assert not list((built).glob("sv/sitemap.xml"))


def test_feeds_per_language(built):
    feed = feedparser.parse((built / "sv/feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.feed.title == "Testnätverket"
    assert feed.feed.language == "sv"
    titles = [e.title for e in feed.entries]
    assert "Brev inom en vecka" in titles and "Annen historie" in titles and "Letters" not in titles
    assert all(e.link.startswith(BASE + "sv/") for e in feed.entries)
    rss = (built / "nb/rss.xml").read_text()
    assert "<language>nb</language>" in rss
    assert '"language": "sv"' in (built / "sv/feed.json").read_text()
    assert (built / "sv/tags/waiting-times/feed.xml").is_file()
    # A feed's own words are in its language: the tag feed says what it follows in Swedish.
    tag = feedparser.parse((built / "sv/tags/waiting-times/feed.xml").read_bytes())
    assert tag.feed.subtitle.startswith("Berättelser och artiklar under ")
    assert feedparser.parse((built / "tags/waiting-times/feed.xml").read_bytes()).feed.subtitle.startswith(
        "Stories and articles filed under tag ")


def test_e_mail_edition_per_language(built):
    text = (built / "sv/issues/2/email.txt").read_text()
    assert "Sommarnumret" in text and "Ledare." in text
    assert re.search(r"https://example.org/net/sv/issues/2/", text)


def test_languages_share_compiled_templates_and_keep_their_own_words(tmp_path, monkeypatch):
    # Each language has its own Jinja environment (its own gettext), but a template is read
    # and compiled once for the whole build, not once per language.
    import jinja2

    compiled: list[str] = []
    original = jinja2.Environment.compile

    def compile_and_count(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_and_count)
    site = tmp_path / "site"
    for rel, text in {"content/site.yaml": SITE, **FILES}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    result = run_build(site, tmp_path / "out")
    assert not result.report.errors, lines(result)
    assert compiled and len(compiled) == len(set(compiled)), sorted(n for n in compiled if compiled.count(n) > 1)
    # the shared code still speaks each page's language
    assert ">Sök</button>" in (tmp_path / "out/sv/stories/index.html").read_text()
    assert ">Søk</button>" in (tmp_path / "out/nb/stories/index.html").read_text()
    assert ">Search</button>" in (tmp_path / "out/stories/index.html").read_text()
