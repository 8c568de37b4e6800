"""Feeds and e-mail resolve every URL against their page: the quick join must
give exactly what urllib's urljoin gives, whatever the editor wrote."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ecmn_press.text.absolute import absolutize, join

PAGES = st.sampled_from([
    "https://example.org/archive/stories/letters/", "http://127.0.0.1:8000/net/issues/5/",
    "https://example.org/archive/issues/5/email.html", "https://user@example.org:8443/a/b?q=1#f",
    "ftp://example.org/a/", "/archive/stories/letters/", "",
])
# Paths from the root are drawn from characters that matter to urljoin, so dot
# segments, parameters, queries and fragments turn up often.
ROOTED = st.text(alphabet="/.;?#%-_~aZ09", max_size=24).map(lambda s: "/" + s)
# Absolute URLs likewise, with the characters urlparse splits on or folds (case, ':', '@', ';').
ABSOLUTE = st.tuples(st.sampled_from(["https://", "http://", "HTTPS://", "ftp://"]),
                     st.text(alphabet="/.;?#%:@-_~aZ09 ", max_size=24)).map("".join)


@settings(max_examples=2000, deadline=None)
@given(PAGES, st.one_of(ROOTED, ABSOLUTE, st.text(max_size=24)))
@example("https://example.org/a/", "/stories/x/../y/")
@example("https://example.org/a/", "/x;")
@example("https://example.org/a/", "/x/.")
@example("https://example.org/a/", "/x#")
@example("https://example.org/a/", "//evil.example/x")
@example("https://example.org/a/", "https://example.org/x?#")
@example("https://example.org/a/", "http://example.org/x;p")
@example("https://example.org/a/", "https://example.org/x;")
@example("http://example.org/a/", "https://Example.org/x/../y#z")
def test_join_is_urljoin(page, value):
    assert join(page, value) == urljoin(page, value)


def test_links_and_pictures_are_made_absolute():
    html = ('<a href="/archive/teams/hull/#measure-1">Hull</a> <a href="#fn1">1</a> '
            '<img src="/archive/media/a.webp" srcset="/archive/media/a-480.webp 480w, ../b.webp 800w">')
    got = absolutize(html, "https://example.org/archive/stories/letters/")
    assert 'href="https://example.org/archive/teams/hull/#measure-1"' in got
    assert 'href="https://example.org/archive/stories/letters/#fn1"' in got
    assert 'src="https://example.org/archive/media/a.webp"' in got
    assert ('srcset="https://example.org/archive/media/a-480.webp 480w, '
            'https://example.org/archive/stories/b.webp 800w"') in got


def _absolutize_by_pattern(html: str, page_url: str) -> str:
    """The plain way, one pattern that tests every character, as a reference for the quicker scan."""
    import re

    def one(match):
        prefix, name, quote, value = match.groups()
        if name.lower() == "srcset":
            parts = [" ".join(p for p in (join(page_url, url), size) if p).strip()
                     for url, _, size in (c.strip().partition(" ") for c in value.split(","))]
            return f"{prefix}{quote}{', '.join(parts)}{quote}"
        return f"{prefix}{quote}{join(page_url, value.strip())}{quote}"

    return re.sub(r"""(\s(href|src|poster|srcset)=)(["'])(.*?)\3""", one, html, flags=re.I | re.S)


# Tags and attribute pieces in any order, so names, quotes and values meet in odd ways.
_PIECES = st.sampled_from([
    "<a", "<img", ">", " ", "\n", "href=", "HREF=", "src=", "Src=", "poster=", "srcset=", "data-src=",
    "title=", '"', "'", "=", "/a/b/", "../c.webp", " 480w", ",", "#fn1", "https://x.example/p", "text",
])


@settings(max_examples=1500, deadline=None)
@given(PAGES.filter(bool), st.lists(_PIECES, max_size=30).map("".join))
@example("https://example.org/a/", "<img src='x.webp srcset=\"/a.webp 1x\">")
@example("https://example.org/a/", "<a title='see href=\"/x/\"' href=/y/>")
@example("https://example.org/a/", "<img src=\"a srcset='b 2x'\" srcset='/c.webp 1x, d.webp 2x'>")
def test_absolutize_rewrites_what_one_pattern_would(page, html):
    assert absolutize(html, page) == _absolutize_by_pattern(html, page)
