"""What pages tell machines: title, description, canonical URL, OpenGraph and
Twitter tags, and schema.org JSON-LD that parses and says the right things."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest
from conftest import TEAM, run_build

from ecmn_press.site.metadata import dump_json_ld, og_locale

SITE = "https://ecmn.example.org/network/"
OFFSET = re.compile(r"T\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")


def page(out, url):
    return lxml.html.parse(str(out / url / "index.html" if not url.endswith(".html") else out / url)).getroot()


def og(root) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in root.xpath("//head/meta[@property]"):
        found.setdefault(meta.get("property"), []).append(meta.get("content"))
    return found


def json_ld(root) -> dict:
    scripts = root.xpath("//head/script[@type='application/ld+json']")
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_every_page_has_title_description_canonical_and_link_preview_tags(example_site):
    # The default language's pages; the others' titles, canonicals and alternates: tests/site/test_languages.py
    for path in sorted(p for p in example_site.rglob("*.html") if p.name != "email.html"
                       and p.relative_to(example_site).parts[0] not in ("sv", "nb", "nl")):
        root = lxml.html.parse(str(path)).getroot()
        where = path.relative_to(example_site).as_posix()
        url = SITE + where.removesuffix("index.html")
        shown_in = root.xpath("//article[@data-pagefind-body]/@lang")  # an item written first in another language
        if shown_in:
            url = SITE + f"{shown_in[0]}/" + where.removesuffix("index.html")
        assert root.findtext(".//title").endswith("European Clinical Microsystem Network"), where
        assert root.xpath("//meta[@name='description']/@content")[0].strip(), where
        tags = og(root)
        assert tags["og:title"] and tags["og:description"] == root.xpath("//meta[@name='description']/@content")
        assert tags["og:site_name"] == ["European Clinical Microsystem Network"], where
        assert tags["og:locale"] == ["en_GB"], where
        assert root.xpath("//meta[@name='twitter:card']/@content") == ["summary"], where
        if where == "404.html":
            assert "og:url" not in tags and not root.xpath("//link[@rel='canonical']")
            continue
        assert root.xpath("//link[@rel='canonical']/@href") == [url], where
        assert tags["og:url"] == [url], where
        kind = "article" if where.startswith("stories/") and where.count("/") == 2 or (
            where.startswith("issues/") and where.count("/") == 3) else "website"
        assert tags["og:type"] == [kind], where


def test_an_article_is_an_article_in_its_issue(example_site):
    root = page(example_site, "issues/2/a-week-in-jonkoping/")
    data = json_ld(root)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == root.xpath("string(//h1)") == "A week in Jönköping County"
    assert data["datePublished"] == "2005-06-20T00:00:00+01:00"  # that day in Europe/London, with its offset
    assert [(a["@type"], a["name"]) for a in data["author"]] == [
        ("Person", "Helen Cawthorne"), ("Person", "Lars-Erik Sundqvist"),
    ]
    assert data["author"][0]["url"] == SITE + "authors/helen-cawthorne/"
    assert data["publisher"] == {"@type": "Organization", "name": "European Clinical Microsystem Network", "url": SITE}
    issue = data["isPartOf"]
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == 2
    assert issue["isPartOf"]["@type"] == "Periodical" and issue["isPartOf"]["name"] == "MicroNewsletter"
    assert data["url"] == data["mainEntityOfPage"] == SITE + "issues/2/a-week-in-jonkoping/"
    assert data["keywords"] == ["Huddles", "Continuity", "Spread"]
    tags = og(root)
    assert tags["article:published_time"] == [data["datePublished"]]
    assert tags["article:tag"] == ["Huddles", "Continuity", "Spread"]


def test_a_story_is_an_article_about_its_teams(example_site):
    data = json_ld(page(example_site, "stories/kelderby-clinic-letters/"))
    assert data["@type"] == "Article" and data["headline"] == "Clinic letters in days, not weeks"
    assert OFFSET.search(data["datePublished"])
    assert [a["name"] for a in data["author"]] == ["Margaret Pybus", "Tom Walsh"]
    assert data["about"] == [{
        "@type": "Organization", "name": "Neurology Outpatients, Kelderby General Hospital",
        "url": SITE + "teams/kelderby-neurology/",
    }]
    assert data["publisher"]["@type"] == "Organization"


def test_a_team_is_an_organization_with_its_region_and_country(example_site):
    data = json_ld(page(example_site, "teams/kelderby-neurology/"))
    assert data["@type"] == "Organization"
    assert data["name"] == "Neurology Outpatients, Kelderby General Hospital"
    assert data["address"] == {
        "@type": "PostalAddress", "addressRegion": "Saltmarsh and Wolds Strategic Health Authority",
        "addressCountry": "England",
    }
    assert data["parentOrganization"]["name"] == "Kelderby General Hospital NHS Trust"
    assert data["memberOf"]["name"] == "European Clinical Microsystem Network"
    assert data["url"] == SITE + "teams/kelderby-neurology/"


def test_an_issue_is_a_publication_issue_of_the_periodical_with_its_cover(example_site):
    root = page(example_site, "issues/2/")
    data = json_ld(root)
    assert data["@type"] == "PublicationIssue" and data["issueNumber"] == 2
    assert data["name"] == "Small changes, large effects"
    assert OFFSET.search(data["datePublished"])
    assert data["isPartOf"]["@type"] == "Periodical"
    assert [e["name"] for e in data["editor"]] == ["Søren Kjærgaard", "Zoë Hartley"]
    assert [(a["position"], a["headline"]) for a in data["hasPart"]] == [
        (1, "Measuring without a statistician"), (2, "Coaching a team, not a project"), (3, "A week in Jönköping County"),
    ]
    cover = SITE + "media/issue-02-cover.svg"
    assert data["image"] == cover and og(root)["og:image"] == [cover]
    assert og(root)["og:image:alt"] == ["Cover of MicroNewsletter #2: Small changes, large effects"]


def test_the_archive_is_the_periodical_and_home_is_the_website(example_site):
    archive = json_ld(page(example_site, "issues/"))
    assert archive["@type"] == "Periodical" and archive["name"] == "MicroNewsletter"
    assert [i["issueNumber"] for i in archive["hasPart"]] == [5, 4, 3, 2, 1]
    home = json_ld(page(example_site, ""))
    assert home["@type"] == "WebSite" and home["url"] == SITE
    assert home["potentialAction"]["target"] == SITE + "search/?q={search_terms}"
    author = json_ld(page(example_site, "authors/zoe-hartley/"))
    assert author["@type"] == "ProfilePage" and author["mainEntity"] == {
        "@type": "Person", "name": "Zoë Hartley", "url": SITE + "authors/zoe-hartley/",
    }


def test_a_page_with_an_image_offers_it_to_link_previews(example_site):
    tags = og(page(example_site, "about/"))
    assert tags["og:image"] == [SITE + "media/ecmn-mark.svg"]
    assert tags["og:image:alt"] == ["ECMN logo mark: five small circles joined in a ring around a centre"]
    assert "og:image" not in og(page(example_site, "stories/brookfield-open-access/"))
    # A photo is offered as its largest JPEG: the original is not published.
    photo = og(page(example_site, "stories/kelderby-clinic-letters/"))["og:image"][0]
    assert re.fullmatch(re.escape(SITE) + r"media/photos/run-chart-poster-1600w\.[0-9a-f]{10}\.jpg", photo)
    assert (example_site / photo.removeprefix(SITE)).is_file()


def test_json_ld_cannot_end_its_script_early(make_site, tmp_path):
    title = "Letters </script><script>alert(1)</script> <!-- and comments"
    site = make_site({
        "content/teams/hull.md": TEAM,
        "content/stories/s.md": f"---\ntitle: '{title}'\ndate: 2005-01-01\nteams: hull\n---\nText.\n",
    })
    out = tmp_path / "out"
    assert not run_build(site, out).failed()
    html = (out / "stories/s/index.html").read_text()
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<!--" not in script
    assert json.loads(script)["headline"] == title  # what the escapes stand for is the title as written
    assert "alert(1)</script>" not in html.split("</head>")[0]


@pytest.mark.parametrize("language, locale", [("en-GB", "en_GB"), ("sv", "sv"), ("nl-NL", "nl_NL"), ("zh-Hant-TW", "zh")])
def test_og_locale_from_the_site_language(language, locale):
    assert og_locale(language) == locale


def test_dump_json_ld_escapes_only_what_a_script_cannot_hold():
    text = dump_json_ld({"a": "x</y", "b": "<!-- c", "d": "é & <b>"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"a": "x</y", "b": "<!-- c", "d": "é & <b>"}
