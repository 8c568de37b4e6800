"""Feeds every reader accepts: the example site's, and a site built to be awkward."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from conftest import REPO, TEAM, read_tree, run_build
from feedcheck import ATOM, check_atom, check_json_feed, check_rss, content_urls

EXAMPLE_BASE = "https://ecmn.example.org/network/"


def _feeds(out: Path) -> dict[str, bytes]:
    return {p: data for p, data in read_tree(out).items() if p.endswith(("feed.xml", "rss.xml", "feed.json"))}


def _check(path: str, data: bytes, base: str) -> list[str]:
    url = base + path
    if path.endswith("rss.xml"):
        return check_rss(data, url)
    if path.endswith("feed.json"):
        return check_json_feed(data, url)
    return check_atom(data, url)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("example") / "out"
    result = run_build(REPO, out)
    assert not result.failed()
    return out, result


def test_example_site_has_a_feed_for_the_site_and_every_team_and_term(example):
    out, _ = example
    feeds = _feeds(out)
    assert {"feed.xml", "rss.xml", "feed.json"} <= set(feeds)
    teams = {p.stem for p in (REPO / "content/teams").glob("*.md")}
    assert {f"teams/{t}/feed.xml" for t in teams} <= set(feeds)
    for theme in ("purpose", "patients", "professionals", "processes", "patterns"):
        assert f"themes/{theme}/feed.xml" in feeds
    assert any(p.startswith("tags/") for p in feeds) and any(p.startswith("authors/") for p in feeds)


def test_every_example_feed_parses_and_passes_our_validator_checks(example):
    out, _ = example
    for path, data in _feeds(out).items():
        if not path.endswith(".json"):
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert _check(path, data, EXAMPLE_BASE) == [], path


def test_every_url_inside_feed_content_is_absolute_and_internal_ones_under_base(example):
    out, _ = example
    for path, data in _feeds(out).items():
        if path.endswith(".json"):
            htmls = [i["content_html"] for i in json.loads(data)["items"]]
        else:
            root = ET.fromstring(data)
            htmls = [e.text or "" for e in root.iter() if e.tag in (f"{ATOM}content", "{http://purl.org/rss/1.0/modules/content/}encoded")]
        for html in htmls:
            for url in content_urls(html):
                assert url.startswith(("https://", "http://", "mailto:")), (path, url)
                if "example.org" in url:
                    assert url.startswith(EXAMPLE_BASE), (path, url)


def test_team_feeds_hold_exactly_the_teams_items(example):
    out, _ = example
    for team_page in (out / "teams").iterdir():
        if not (team_page / "feed.xml").exists():
            continue
        page = (team_page / "index.html").read_text()
        atom = ET.fromstring((team_page / "feed.xml").read_bytes())
        in_feed = {e.findtext(f"{ATOM}id") for e in atom.findall(f"{ATOM}entry")}
        # Every story and article card on the team page links to an item the feed carries.
        cards = {
            EXAMPLE_BASE.rstrip("/").rsplit("/", 1)[0] + href
            for href in re.findall(r'<h3 class="card-title"><a href="([^"]+)"', page)
        }
        assert in_feed == cards, team_page.name


STORY = """---
title: {title}
date: {date}
teams: [{team}]
tags: [Väntetider, Waiting times]
authors: [Åsa Lindqvist, Zoë Hartley]
---
Story with [a link](../teams/hull.md), [a footnote][^1] and ![a chart](/media/c.svg).

[^1]: Counted weekly.
"""


@pytest.fixture
def awkward(make_site):
    files = {"content/teams/hull.md": TEAM, "content/media/c.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"}
    for i in range(6):
        files[f"content/stories/s{i}.md"] = STORY.format(title=f"Story {i}", date=f"2005-0{i + 1}-15", team="hull")
    files["content/stories/draft.md"] = STORY.format(title="Draft words", date="2005-03-01", team="hull").replace("---\n", "---\ndraft: true\n", 1)
    files["content/stories/future.md"] = STORY.format(title="Future words", date="2099-01-01", team="hull")
    yaml = "title: Nätverket\nbase_url: https://example.org/sub/path/\ntimezone: Europe/Stockholm\nlanguage: sv\nfeed_items: {n}\n"
    return lambda n, name: make_site(files, site_yaml=yaml.format(n=n), name=name)


def test_awkward_site_feeds_validate_and_leave_out_drafts_and_future(awkward, tmp_path):
    out = tmp_path / "out"
    assert not run_build(awkward(20, "a"), out).failed()
    base = "https://example.org/sub/path/"
    feeds = _feeds(out)
    assert "tags/vantetider/feed.xml" in feeds and "authors/zoe-hartley/feed.xml" in feeds
    for path, data in feeds.items():
        assert _check(path, data, base) == [], path
        assert b"Draft words" not in data and b"Future words" not in data
    atom = feedparser.parse(feeds["feed.xml"])
    assert [e.title for e in atom.entries] == [f"Story {i}" for i in range(5, -1, -1)]
    assert atom.entries[0].authors == [{"name": "Åsa Lindqvist"}, {"name": "Zoë Hartley"}]
    # A date without a time is that day in the site's timezone (CEST in June).
    assert atom.entries[0].published == "2005-06-15T00:00:00+02:00"
    rss = ET.fromstring(feeds["rss.xml"])
    assert rss.find("channel/item/pubDate").text == "Wed, 15 Jun 2005 00:00:00 +0200"


def test_ids_are_stable_across_builds_and_feed_sizes(awkward, tmp_path):
    big, small = tmp_path / "big", tmp_path / "small"
    run_build(awkward(20, "big"), big)
    run_build(awkward(3, "small"), small)
    ids = lambda p: [e.id for e in feedparser.parse(p.read_bytes()).entries]  # noqa: E731
    assert len(ids(big / "feed.xml")) == 6 and ids(small / "feed.xml") == ids(big / "feed.xml")[:3]
    again = tmp_path / "again"
    shutil.copytree(awkward(20, "big2"), tmp_path / "site2", dirs_exist_ok=True)
    run_build(tmp_path / "site2", again)
    assert _feeds(again) == _feeds(big)


def test_feed_updated_comes_from_content_not_the_clock(awkward, tmp_path):
    site = awkward(20, "clock")
    run_build(site, tmp_path / "one", now=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc))
    run_build(site, tmp_path / "two", now=dt.datetime(2040, 6, 1, tzinfo=dt.timezone.utc))
    assert _feeds(tmp_path / "one") == _feeds(tmp_path / "two")
    assert ET.fromstring((tmp_path / "one/feed.xml").read_bytes()).findtext(f"{ATOM}updated") == "2005-06-15T00:00:00+02:00"
