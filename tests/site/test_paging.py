"""Every list is paged: at most `page_size` entries a page, page 1 at the
list's URL and page n at `<list>/page/n/`, a pager that names its pages, and
nothing lost or repeated between pages. Feeds do not change."""

from __future__ import annotations

import re

from conftest import lines, read_tree, run_build
from lxml import html as lxml_html

from ecmn_press.site.paging import pager

SITE = "title: Paged\nbase_url: https://example.org/net/\npage_size: 2\n"
REGIONS = ["Humber", "Humber", "Wolds", "Wolds", "Wolds"]


def _files() -> dict[str, str]:
    files = {}
    for n, region in enumerate(REGIONS, 1):
        files[f"content/teams/team-{n}.md"] = f"---\nname: Team {n}\nregion: {region}\n---\nTeam {n}.\n"
    for n in range(1, 6):
        year = 2003 + n // 2  # 2003, 2004, 2004, 2005, 2005
        files[f"content/stories/story-{n}.md"] = (
            f"---\ntitle: Story {n}\ndate: {year}-0{n}-01\nteams: [team-1]\ntags: [Waiting]\n"
            f"authors: [Ada Byrne]\n---\nStory {n}.\n")
    for n in range(1, 4):
        files[f"content/issues/i{n}/issue.md"] = (
            f"---\nnumber: {n}\ndate: 2006-0{n}-01\neditors: [Ada Byrne]\n---\nIssue {n}.\n")
    return files


def _build(make_site, tmp_path, settings=SITE):
    site = make_site(_files(), site_yaml=settings)
    out = tmp_path / ("out" if settings == SITE else "out-plain")
    result = run_build(site, out)
    assert not result.failed(), lines(result)
    return out


def _doc(out, path: str):
    return lxml_html.fromstring((out / path).read_bytes())


def _card_titles(doc) -> list[str]:
    return [t.strip() for t in doc.xpath("//main//*[contains(@class,'card-title')]//a/text()")]


def test_a_list_is_cut_into_pages_with_nothing_lost_or_repeated(make_site, tmp_path):
    out = _build(make_site, tmp_path)
    pages = ["stories/index.html", "stories/page/2/index.html", "stories/page/3/index.html"]
    assert not (out / "stories/page/4").exists() and not (out / "stories/page/1").exists()
    seen = [_card_titles(_doc(out, p)) for p in pages]
    assert [len(s) for s in seen] == [2, 2, 1]
    assert sum(seen, []) == [f"Story {n}" for n in (5, 4, 3, 2, 1)]  # newest first, across pages


def test_the_pager_is_a_navigation_with_every_page_and_the_current_one_marked(make_site, tmp_path):
    out = _build(make_site, tmp_path)
    doc = _doc(out, "stories/page/2/index.html")
    [nav] = doc.xpath("//nav[contains(@class,'pager')]")
    hrefs = nav.xpath(".//a/@href")
    assert nav.xpath(".//a[@rel='prev']/@href") == ["/net/stories/"]
    assert nav.xpath(".//a[@rel='next']/@href") == ["/net/stories/page/3/"]
    assert nav.xpath(".//a[@aria-current='page']/@href") == ["/net/stories/page/2/"]
    assert {"/net/stories/", "/net/stories/page/2/", "/net/stories/page/3/"} <= set(hrefs)
    assert doc.xpath("//title/text()")[0].startswith("Team stories, page 2 of 3")
    first = _doc(out, "stories/index.html")
    assert first.xpath("//nav[contains(@class,'pager')]//a[@rel='prev']") == []
    assert first.xpath("//h1/text()") == ["Team stories"]


def test_year_and_region_links_lead_to_the_page_that_holds_them(make_site, tmp_path):
    out = _build(make_site, tmp_path)
    years = dict(zip(*[_doc(out, "stories/page/3/index.html").xpath(f"//nav[@aria-labelledby='stories_years']//a/{x}")
                       for x in ("text()", "@href")]))
    assert years == {"2005": "/net/stories/#year_2005", "2004": "/net/stories/page/2/#year_2004",
                     "2003": "#year_2003"}
    regions = _doc(out, "teams/index.html").xpath("//nav[@aria-labelledby='teams_regions']//a/@href")
    assert regions == ["#region-humber", "/net/teams/page/2/#region-wolds"]
    assert _doc(out, "teams/page/2/index.html").xpath("//h2[@id='region-wolds']")


def test_term_and_team_pages_are_paged_and_only_the_first_is_indexed(make_site, tmp_path):
    out = _build(make_site, tmp_path)
    # Ada edited 3 issues and wrote 5 stories: 8 entries, 4 pages of 2.
    assert (out / "authors/ada-byrne/page/4/index.html").exists()
    assert not (out / "authors/ada-byrne/page/5").exists()
    assert (out / "tags/waiting/page/3/index.html").exists()
    assert (out / "teams/team-1/page/3/index.html").exists()
    first, later = _doc(out, "teams/team-1/index.html"), _doc(out, "teams/team-1/page/2/index.html")
    assert first.xpath("//*[@data-pagefind-body]") and not later.xpath("//*[@data-pagefind-body]")
    assert len(_card_titles(later)) == 2
    # Counts say the whole list, whatever the page.
    assert later.xpath("//h2[@id='team_stories']//span/text()") == ["5"]


def test_paged_urls_are_in_the_sitemap_and_feeds_do_not_change(make_site, tmp_path):
    out = _build(make_site, tmp_path)
    plain = _build(make_site, tmp_path, SITE.replace("page_size: 2\n", ""))
    sitemap = (out / "sitemap.xml").read_text()
    for url in ("stories/page/3/", "teams/page/3/", "issues/page/2/", "authors/ada-byrne/page/4/"):
        assert f"<loc>https://example.org/net/{url}</loc>" in sitemap
    feeds = [p for p in read_tree(plain) if p.endswith(("feed.xml", "rss.xml", "feed.json"))]
    assert feeds and all((out / p).read_bytes() == (plain / p).read_bytes() for p in feeds)


def test_the_home_page_keeps_its_content_and_points_to_the_rest(make_site, tmp_path):
    out = _build(make_site, tmp_path)
    home = _doc(out, "index.html")
    assert len(home.xpath("//section[@aria-labelledby='home_teams']//li/a")) == 2
    assert home.xpath("//section[@aria-labelledby='home_teams']//a[contains(@class,'more')]/@href") == ["/net/teams/"]


def test_a_long_pager_names_the_ends_and_the_neighbours():
    view = pager("stories/", 10, 20, lambda url: "/" + url)
    numbers = [link["number"] for link in view["links"]]
    assert numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [link["number"] for link in view["links"] if link["current"]] == [10]
    assert pager("stories/", 1, 1, str) is None


def test_no_page_of_a_big_archive_is_huge(make_site, tmp_path):
    files = _files()
    for n in range(6, 200):
        files[f"content/stories/story-{n}.md"] = (
            f"---\ntitle: Story {n} with a long title about waiting times and letters\ndate: 2004-01-01\n"
            f"teams: [team-{n % 5 + 1}]\ntags: [Waiting]\n---\n" + "Words of the story. " * 40 + "\n")
    site = make_site(files, site_yaml=SITE.replace("page_size: 2", "page_size: 24"))
    result = run_build(site, tmp_path / "big")
    assert not result.failed(), lines(result)
    sizes = {p: len(d) for p, d in read_tree(tmp_path / "big").items() if p.endswith(".html")}
    assert max(sizes.values()) < 120_000, max(sizes.items(), key=lambda kv: kv[1])
    assert len([p for p in sizes if re.match(r"stories/page/\d+/index.html", p)]) == 8  # 199 stories / 24
