"""Every URL an editor writes in front matter or settings is checked by kind:
a script, a data URL or a disguised scheme is an error at the value's place,
and never reaches a page, a feed, the e-mail edition or JSON-LD."""

from __future__ import annotations

import pytest
from conftest import TEAM, lines, read_tree, run_build
from imagefiles import png

from ecmn_press.core.weburls import LINK, WEB, scheme_of, url_problem

STORY = "---\ntitle: A story\ndate: 2005-06-20\nteams: hull\n---\nText.\n"

HOSTILE = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "\\\\evil.example/x",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_refused_everywhere(url):
    assert url_problem(url, LINK) is not None
    assert url_problem(url, WEB) is not None


@pytest.mark.parametrize("url, allowed", [
    ("https://example.org/a?b=1&c=2#d", WEB), ("http://example.org", WEB), ("mailto:team@example.org", LINK),
    ("tel:+441234567890", LINK), ("/media/cover.png", WEB), ("../media/cover.png", WEB), ("about/", LINK),
])
def test_ordinary_urls_pass(url, allowed):
    assert url_problem(url, allowed) is None


def test_an_address_is_a_link_but_not_a_picture():
    assert url_problem("mailto:team@example.org", WEB) == (
        "'mailto:' URLs are not allowed here; use https:, http: or a path on the site")


def test_the_scheme_is_read_as_a_browser_reads_it():
    assert scheme_of("  \x01JaVa\tScRiPt:x") == "javascript"
    assert scheme_of("&#x6A;avascript:x") == "javascript"
    assert scheme_of("media:a/b.png") == "media"  # a colon before any slash makes a scheme
    assert scheme_of("media/a:b.png") is None


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


def _all_output(out) -> bytes:
    """Everything the content made: pages, feeds, sitemap, e-mail (the theme's own scripts left out)."""
    return b"\n".join(data for path, data in read_tree(out).items() if not path.startswith("assets/"))


@pytest.mark.parametrize("url", HOSTILE)
def test_a_team_website_is_checked(make_site, tmp_path, url):
    team = f"---\nname: Hull Neurology\nwebsite: {_yaml(url)}\n---\nA team.\n"
    site = make_site({"content/teams/hull.md": team, "content/stories/s.md": STORY})
    result = run_build(site, tmp_path / "out")
    [line] = lines(result)
    assert line.startswith("content/teams/hull.md:3:10: error: 'website' cannot be published: ")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("url", HOSTILE)
def test_a_cover_is_checked(make_site, tmp_path, url):
    issue = f"---\nnumber: 1\ndate: 2005-06-20\ncover: {_yaml(url)}\n---\nEditorial.\n"
    site = make_site({"content/teams/hull.md": TEAM, "content/issues/one/issue.md": issue})
    [line] = lines(run_build(site, tmp_path / "out"))
    assert line.startswith("content/issues/one/issue.md:4:8: error: 'cover' cannot be published: ")


@pytest.mark.parametrize("url", HOSTILE)
def test_a_menu_link_is_checked(make_site, tmp_path, url):
    settings = f"title: T\nbase_url: https://example.org/\nnav:\n  - title: Bad\n    url: {_yaml(url)}\n"
    site = make_site({"content/teams/hull.md": TEAM}, site_yaml=settings)
    [line] = lines(run_build(site, tmp_path / "out"))
    assert line.startswith("content/site.yaml:5:10: error: 'url' cannot be published: ")


def test_good_urls_are_published_as_written(make_site, tmp_path):
    team = "---\nname: Hull Neurology\nwebsite: mailto:neuro@example.org\n---\nA team.\n"
    issue = "---\nnumber: 1\ndate: 2005-06-20\ncover: https://images.example.org/c.png\n---\nEditorial.\n"
    settings = "title: T\nbase_url: https://example.org/net/\nnav:\n  - {title: Mail us, url: 'mailto:ed@example.org'}\n  - {title: Teams, url: /teams/}\n"
    site = make_site({"content/teams/hull.md": team, "content/issues/one/issue.md": issue}, site_yaml=settings)
    result = run_build(site, tmp_path / "out")
    assert not result.failed(), lines(result)
    home = (tmp_path / "out/index.html").read_text()
    assert 'href="mailto:ed@example.org"' in home and 'href="/net/teams/"' in home
    assert 'href="mailto:neuro@example.org"' in (tmp_path / "out/teams/hull/index.html").read_text()
    assert 'src="https://images.example.org/c.png"' in (tmp_path / "out/issues/1/index.html").read_text()


def test_no_hostile_scheme_survives_in_raw_html_anywhere(make_site, tmp_path):
    body = (
        "Text.\n\n<picture><source srcset=\"javascript:alert(1) 1x, /net/media/a.png 2x\">"
        "<source srcset=\"/net/media/a.png 1x,javascript:alert(2) 2x\"><img src=\"/net/media/a.png\" alt=\"A\"></picture>\n\n"
        "<blockquote cite=\"javascript:alert(3)\">Quoted</blockquote>\n\n"
        "<video poster=\"javascript:alert(4)\" src=\"data:text/html,x\"></video>\n\n"
        "<a href=\" &#x6A;ava&#x09;script:alert(5)\">x</a> <a href=\"//evil.example/\">y</a>\n"
    )
    issue = "---\nnumber: 1\ndate: 2005-06-20\n---\n" + body
    site = make_site({"content/teams/hull.md": TEAM, "content/issues/one/issue.md": issue,
                      "content/media/a.png": png(8, 8)})
    result = run_build(site, tmp_path / "out")
    assert not result.failed(), lines(result)
    everything = _all_output(tmp_path / "out").lower()
    for bad in (b"javascript", b"data:text", b"evil.example"):
        assert bad not in everything
    assert "issues/1/email.html" in read_tree(tmp_path / "out")  # the e-mail edition was checked too


# What Markdown reads as a link destination: no spaces, no '<', and '\\' is Markdown's own escape.
MARKDOWN_HOSTILE = [u for u in HOSTILE if not any(c in u for c in " \t\n<\\")]


@pytest.mark.parametrize("url", MARKDOWN_HOSTILE)
def test_markdown_links_and_pictures_are_checked_where_written(make_site, tmp_path, url):
    body = f"Before.\n\nSee [the page]({url}) and ![a picture](<{url}>).\n\n[ref]: {url}\n\nAlso [this][ref].\n"
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/s.md": STORY.replace("Text.\n", body)})
    printed = lines(run_build(site, tmp_path / "out"))
    see = body.splitlines()[2]
    picture = see.index("![") + 2  # the `[` after `!`, counted from 1
    assert [line.split(" '")[0] for line in printed] == [
        "content/stories/s.md:8:5: error: link",
        f"content/stories/s.md:8:{picture}: error: picture",
        "content/stories/s.md:10:8: error: link",
    ]
    assert all(" cannot be published: " in line for line in printed)
    assert not (tmp_path / "out").exists()


def test_markdown_links_to_the_web_and_addresses_pass(make_site, tmp_path):
    body = "[site](https://example.org/a?b=1&c=2) [mail](mailto:ed@example.org) [call](tel:+4412345) ![p](https://example.org/p.png)\n"
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/s.md": STORY.replace("Text.\n", body)})
    result = run_build(site, tmp_path / "out")
    assert lines(result) == []
    page = (tmp_path / "out/stories/s/index.html").read_text()
    assert 'href="mailto:ed@example.org"' in page and 'src="https://example.org/p.png"' in page
