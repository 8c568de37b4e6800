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
