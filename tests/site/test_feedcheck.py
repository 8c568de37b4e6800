"""The feed checker itself catches what it claims to (hand-made broken feeds)."""

from feedcheck import check_atom, check_json_feed, check_rss

URL = "https://e.org/feed.xml"

BAD_ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title><updated>2005-01-01T00:00:00</updated>
<link href="https://e.org/" rel="alternate"/>
<entry><id>a</id><title>A</title><updated>2005-01-01T00:00:00Z</updated><published>2005-01-01T00:00:00Z</published>
<summary>s</summary><content type="html">&lt;a href="/x/"&gt;x&lt;/a&gt;</content><link href="https://e.org/a/"/></entry>
<entry><id>a</id><title>B</title><updated>2005-01-02</updated><summary>s</summary><link href="b/"/></entry></feed>"""

BAD_RSS = b"""<rss version="2.0"><channel><title>t</title><link>https://e.org/</link><description>d</description>
<lastBuildDate>2005-01-01</lastBuildDate>
<item><title>A</title><link>https://e.org/a/</link><description>s</description><pubDate>Sat, 01 Jan 2005 00:00:00 GMT</pubDate><author>Tom Walsh</author></item>
</channel></rss>"""


def test_atom_problems_are_found():
    problems = check_atom(BAD_ATOM, URL)
    for expected in ("self link", "feed updated is not RFC 3339", "has no author", "relative URLs",
                     "entry a has no published", "needs one absolute alternate link", "duplicate entry ids"):
        assert any(expected in p for p in problems), expected


def test_rss_problems_are_found():
    problems = check_rss(BAD_RSS, URL)
    for expected in ("atom:link self", "lastBuildDate is not RFC 822", "item without guid",
                     "pubDate is not RFC 822", "has no content:encoded", "author must be an e-mail"):
        assert any(expected in p for p in problems), expected


def test_json_feed_problems_are_found():
    bad = b'{"version": "https://jsonfeed.org/version/1", "items": [{"id": "1", "date_published": "2005-01-01", "content_html": "<img src=\\"a.png\\">"}, {"id": "1"}]}'
    problems = check_json_feed(bad, URL)
    for expected in ("version is not 1.1", "feed_url", "no title", "date_published is not RFC 3339", "relative URLs", "duplicate ids"):
        assert any(expected in p for p in problems), expected
