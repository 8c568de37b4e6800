"""Translations beside their originals: what each language's site holds, and every mistake at its line."""

from __future__ import annotations

from conftest import TEAM, lines, run_build

SITE = """title: Test Network
base_url: https://example.org/net/
languages:
  - code: sv
    title: Testnätverket
  - nb
"""
STORY = """---
title: Letters
date: 2005-06-20
teams: [hull]
themes: [patients]
---
Letters text, and [the other story](other.md).
"""
OTHER = "---\ntitle: Annen historie\ndate: 2005-06-22\nteams: [hull]\nlang: nb\n---\nAnnen tekst.\n"


def _site(make_site, **extra):
    files = {"content/teams/hull.md": TEAM, "content/stories/letters.md": STORY,
             "content/stories/other.md": OTHER} | extra
    return make_site(files, site_yaml=SITE)


def test_a_translation_replaces_the_words_and_keeps_the_rest(make_site, tmp_path):
    site = _site(make_site, **{"content/stories/letters.sv.md":
                               "---\ntitle: Brev\ndate: 2005-06-20\nteams: hull\n---\nBrevtext, [den andra](other.md).\n"})
    result = run_build(site, tmp_path / "out")
    assert not result.report.errors, lines(result)
    sv = (tmp_path / "out/sv/stories/letters/index.html").read_text()
    en = (tmp_path / "out/stories/letters/index.html").read_text()
    assert "Brev" in sv and "Brevtext" in sv and "Letters text" not in sv
    assert "Letters text" in en and "Brevtext" not in en
    # the Swedish body's link leads to the Swedish page; the date comes from the original
    assert 'href="/net/sv/stories/other/"' in sv and 'href="/net/stories/other/"' in en
    assert 'datetime="2005-06-20"' in sv
    # every language has every page
    for code in ("", "sv/", "nb/"):
        for page in ("index.html", "stories/index.html", "search/index.html", "404.html", "feed.xml",
                     "rss.xml", "feed.json", "teams/hull/index.html", "themes/patients/index.html"):
            assert (tmp_path / "out" / code / page).is_file(), code + page


def test_an_item_written_first_in_another_language_is_shown_everywhere(make_site, tmp_path):
    result = run_build(_site(make_site), tmp_path / "out")
    assert not result.report.errors, lines(result)
    for code in ("", "sv/", "nb/"):
        assert "Annen tekst" in (tmp_path / "out" / code / "stories/other/index.html").read_text()


def test_each_mistake_is_reported_at_the_translation(make_site):
    site = _site(make_site, **{
        "content/stories/letters.sv.md": "---\ntitle: Brev\nteams: [other-team]\n---\nx\n",
        "content/stories/gone.sv.md": "---\ntitle: Borta\n---\nx\n",
        "content/stories/letters.da.md": "---\ntitle: Breve\n---\nx\n",
        "content/stories/other.nb.md": "---\ntitle: Igjen\n---\nx\n",
    })
    found = lines(run_build(site))
    assert found == [
        "content/stories/gone.sv.md:1:1: error: translation without an original: content/stories/gone.md "
        "does not exist (a translation sits beside its original, named <original>.sv.md)",
        "content/stories/letters.da.md:1:1: error: translation into 'da', which is not one of the site's "
        "languages (declare it under languages: in content/site.yaml; the site's are en, sv, nb)",
        "content/stories/letters.sv.md:3:8: error: 'teams' differs from the original's: "
        "content/stories/letters.md says otherwise (a translation takes 'teams' from its original: "
        "delete the line here)",
        "content/stories/other.nb.md:1:1: error: content/stories/other.md is itself written in 'nb': "
        "two files for one item in one language (delete one of them, or rename this one)",
    ]


def test_an_original_in_an_undeclared_language_and_a_refused_code(make_site):
    site = _site(make_site, **{"content/stories/other.md": OTHER.replace("lang: nb", "lang: da")})
    site_yaml = site / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("  - nb\n", "  - nb\n  - no\n"))
    assert lines(run_build(site)) == [
        "content/site.yaml:7:5: error: language code 'no' is refused (write 'nb' for Norwegian Bokmål "
        "(or 'nn' for Nynorsk): 'no' names no one written language)",
        "content/stories/other.md:5:7: error: language 'da' is not one of the site's languages "
        "(declare it under languages: in content/site.yaml)",
    ]


def test_lang_no_in_front_matter_gets_the_same_hint_as_in_site_yaml(make_site, tmp_path):
    # YAML reads a bare `no` as false; the one language check reads the node's own text.
    site = _site(make_site, **{
        "content/stories/other.md": OTHER.replace("lang: nb", "lang: no"),
        "content/stories/third.md": OTHER.replace("lang: nb", "lang: 12"),
        "content/stories/fourth.md": OTHER.replace("lang: nb", "lang: SV").replace("Annen historie", "Fjärde"),
    })
    site_yaml = site / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("  - nb\n", "  - nb\n  - no\n"))
    found = lines(run_build(site, tmp_path / "out"))
    refused = ("error: language code 'no' is refused (write 'nb' for Norwegian Bokmål (or 'nn' for Nynorsk): "
               "'no' names no one written language)")
    assert found == [
        f"content/site.yaml:7:5: {refused}",
        f"content/stories/other.md:5:7: {refused}",
        "content/stories/third.md:5:7: error: 'lang' must be a language tag such as en, en-GB or sv, found '12'",
    ]
    assert not any("must be text" in line for line in found)


def test_a_lang_written_in_capitals_is_the_same_language(make_site, tmp_path):
    site = _site(make_site, **{"content/stories/other.md": OTHER.replace("lang: nb", "lang: NB")})
    result = run_build(site, tmp_path / "out")
    assert lines(result) == []
    assert '<article class="story" lang="nb"' in (tmp_path / "out/sv/stories/other/index.html").read_text()


def test_a_draft_translation_is_held_back_and_the_original_shown(make_site, tmp_path):
    site = _site(make_site, **{"content/stories/letters.sv.md": "---\ntitle: Brev\ndraft: true\n---\nBrevtext.\n"})
    result = run_build(site, tmp_path / "out")
    assert [h.path for h in result.held_back] == ["content/stories/letters.sv.md"]
    assert "Letters text" in (tmp_path / "out/sv/stories/letters/index.html").read_text()


def test_a_page_cannot_take_a_language_folder(make_site):
    site = _site(make_site, **{"content/pages/sv.md": "---\ntitle: Svenska\n---\nx\n"})
    assert "content/pages/sv.md:1:1: error: page 'sv' would take the URL /sv/, which holds the site in 'sv' " \
           "(rename the file)" in lines(run_build(site))
