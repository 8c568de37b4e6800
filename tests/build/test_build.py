"""The build end to end on small inline sites: what gets published, and where."""

from __future__ import annotations

import re

from conftest import TEAM, lines, read_tree, run_build
from imagefiles import png

STORY = """
---
title: Letters within a week
date: 2005-03-01
teams: hull
themes: [Processes, patients]
tags: [Waiting times, Åtgärder]
authors: [Åsa Lindqvist, Tom Walsh]
---
The team [changed the letters](../teams/hull.md) and [read more](/stories/other.md#what-changed).

<!-- more -->

Rest of the story.
"""
OTHER = """
---
title: Other story
date: 2005-04-01
teams: [hull]
tags: waiting times
authors: asa lindqvist
---
First paragraph of the other story.

## What changed

Details.
"""
ISSUE = """
---
number: 2
date: 2005-06-20
editors: [Karin Ek]
---
The editorial.
"""


def site_files(**extra: str) -> dict[str, str]:
    files = {
        "content/teams/hull.md": TEAM,
        "content/stories/letters.md": STORY,
        "content/stories/other.md": OTHER,
        "content/issues/2005-06/issue.md": ISSUE,
        "content/issues/2005-06/b-second.md": "---\ntitle: Second by name\n---\nB.\n",
        "content/issues/2005-06/a-first.md": "---\ntitle: First by name\n---\nA.\n",
        "content/issues/2005-06/z-lead.md": "---\ntitle: The lead\norder: 1\nteams: hull\n---\nLead.\n",
        "content/pages/about.md": "---\ntitle: About us\nmenu: true\n---\nWho we are.\n",
    }
    files.update(extra)
    return files


def test_builds_every_url_of_the_spec(make_site, tmp_path):
    out = tmp_path / "out"
    result = run_build(make_site(site_files()), out)
    assert lines(result) == []
    built = set(read_tree(out))
    for path in [
        "index.html", "issues/index.html", "issues/2/index.html", "issues/2/z-lead/index.html",
        "stories/index.html", "stories/letters/index.html", "teams/index.html", "teams/hull/index.html",
        "themes/index.html", "themes/processes/index.html", "tags/index.html", "tags/waiting-times/index.html",
        "authors/index.html", "authors/asa-lindqvist/index.html", "about/index.html", "search/index.html",
        "feed.xml", "rss.xml", "feed.json", "teams/hull/feed.xml", "tags/waiting-times/feed.xml",
        "themes/processes/feed.xml", "authors/asa-lindqvist/feed.xml", "sitemap.xml", "robots.txt", "404.html",
    ]:
        assert path in built, path


def test_links_are_rewritten_under_the_base_path(make_site, tmp_path):
    out = tmp_path / "out"
    run_build(make_site(site_files()), out)
    html = (out / "stories/letters/index.html").read_text()
    assert '<a href="/net/teams/hull/">changed the letters</a>' in html
    assert '<a href="/net/stories/other/#what-changed">read more</a>' in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    internal = [h for h in hrefs if not h.startswith(("http", "#"))]
    assert internal and all(h.startswith("/net/") for h in internal)


def test_terms_merge_spellings_under_the_first_met(make_site, tmp_path):
    out = tmp_path / "out"
    run_build(make_site(site_files()), out)
    # letters.md comes before other.md, so its spellings name the terms.
    tag_page = (out / "tags/waiting-times/index.html").read_text()
    assert "<h1>Waiting times</h1>" in tag_page
    assert "Letters within a week" in tag_page and "Other story" in tag_page
    assert (out / "tags/atgarder/index.html").exists()
    author = (out / "authors/asa-lindqvist/index.html").read_text()
    assert "<h1>Åsa Lindqvist</h1>" in author and "Other story" in author


def test_articles_follow_order_then_file_name_with_prev_next(make_site, tmp_path):
    out = tmp_path / "out"
    run_build(make_site(site_files()), out)
    issue = (out / "issues/2/index.html").read_text()
    toc = re.search(r'<ol class="toc">(.*?)</ol>', issue, re.S).group(1)
    assert re.findall(r">([^<>]+)</a>", toc) == ["The lead", "First by name", "Second by name"]
    middle = (out / "issues/2/a-first/index.html").read_text()
    assert re.search(r'rel="prev" href="/net/issues/2/z-lead/"', middle)
    assert re.search(r'rel="next" href="/net/issues/2/b-second/"', middle)


def test_summary_stops_at_more_marker(make_site, tmp_path):
    out = tmp_path / "out"
    run_build(make_site(site_files()), out)
    listing = (out / "stories/index.html").read_text()
    assert "The team" in listing and "Rest of the story" not in listing
    assert "First paragraph of the other story." in listing and "Details." not in listing


def test_drafts_and_future_items_are_held_back_and_named(make_site, tmp_path):
    files = site_files(**{
        "content/stories/draft.md": OTHER.replace("Other story", "Secret draft").replace("---\n", "---\ndraft: true\n", 1),
        "content/stories/later.md": OTHER.replace("Other story", "Future plans").replace("2005-04-01", "2031-01-01"),
        "content/issues/2031/issue.md": "---\nnumber: 9\ndate: 2031-05-01\n---\nSoon.\n",
        "content/issues/2031/art.md": "---\ntitle: Future article\n---\nSoon.\n",
    })
    out = tmp_path / "out"
    result = run_build(make_site(files), out)
    held = {(h.path, h.reason) for h in result.held_back}
    assert held == {
        ("content/stories/draft.md", "draft"),
        ("content/stories/later.md", "scheduled"),
        ("content/issues/2031/issue.md", "scheduled"),
        ("content/issues/2031/art.md", "scheduled"),
    }
    everything = b"".join(read_tree(out).values())
    for words in (b"Secret draft", b"Future plans", b"Future article", b"issues/9/"):
        assert words not in everything

    out2 = tmp_path / "out2"
    result = run_build(make_site(files, name="again"), out2, drafts=True, future=True)
    assert result.held_back == []
    assert (out2 / "stories/draft/index.html").exists() and (out2 / "issues/9/art/index.html").exists()
    assert b"Secret draft" in (out2 / "feed.xml").read_bytes()


def test_raw_html_is_sanitised_unless_trusted(make_site, tmp_path):
    body = (
        '<div class="box" onclick="steal()">Hi <script>alert(1)</script>'
        '<a href="javascript:alert(2)">x</a><img src="/media/a.png" onerror="bad()" alt="A"></div>\n\n'
        "| a | b |\n|---|--:|\n| 1 | 2 |\n"
    )
    page = f"---\ntitle: Raw\n---\n{body}"
    files = {"content/pages/raw.md": page, "content/media/a.png": png(8, 8)}
    out = tmp_path / "out"
    run_build(make_site(files), out)
    html = (out / "raw/index.html").read_text()
    prose = html.split('<div class="prose">')[1]
    for bad in ("<script", "onclick", "onerror", "javascript:"):
        assert bad not in prose
    assert '<div class="box">' in prose and 'alt="A"' in prose and "<table>" in prose
    assert 'style="text-align:right"' in prose

    trusted = make_site(files, site_yaml="title: T\nbase_url: https://e.org/\nraw_html: trusted\n", name="trusted")
    run_build(trusted, tmp_path / "out2")
    assert "<script>alert(1)</script>" in (tmp_path / "out2/raw/index.html").read_text()


def test_a_second_build_writes_nothing_and_removes_stale_files(make_site, tmp_path):
    site = make_site(site_files())
    out = tmp_path / "out"
    run_build(site, out)
    again = run_build(site, out)
    assert again.written.written == 0 and again.written.removed == 0
    (site / "content/stories/other.md").unlink()
    (site / "content/stories/letters.md").write_text(STORY.replace("[read more](/stories/other.md#what-changed)", "").lstrip())
    third = run_build(site, out)
    assert lines(third) == []
    assert not (out / "stories/other").exists()
    assert third.written.removed >= 1


def test_media_are_copied_and_issue_cover_resolved(make_site, tmp_path):
    files = site_files(**{
        "content/media/img/cover.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "content/issues/2005-06/issue.md": ISSUE.replace("editors:", "cover: ../../media/img/cover.svg\neditors:"),
    })
    out = tmp_path / "out"
    result = run_build(make_site(files), out)
    assert lines(result) == []
    assert (out / "media/img/cover.svg").exists()
    assert 'src="/net/media/img/cover.svg"' in (out / "issues/2/index.html").read_text()


def test_builds_are_byte_identical(make_site, tmp_path):
    site = make_site(site_files())
    run_build(site, tmp_path / "a")
    run_build(site, tmp_path / "b")
    assert read_tree(tmp_path / "a") == read_tree(tmp_path / "b")
