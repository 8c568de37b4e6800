"""Make every link and image URL in an HTML fragment absolute.

Feeds and e-mail are read far from the site, where '/ecmn/teams/x/' or
'#fn1' mean nothing; both are resolved against the page they came from.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

# Our HTML comes from markdown-it, nh3 or our templates: attributes are quoted.
_URL_ATTR = re.compile(r"""(\s(?:href|src|poster)=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_SRCSET = re.compile(r"""(\ssrcset=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


# A path from the site's root with nothing urljoin would change (dot segments,
# empty parameters, query or fragment): most links in a body, joined by hand,
# four times quicker than urljoin (some 60,000 joins in a 5,000-item build).
_PLAIN_ROOTED = re.compile(r"/(?!/)[A-Za-z0-9\-_~/%]*(?:\.[A-Za-z0-9\-_~%]+)*/?(?:#[A-Za-z0-9\-_~.%]+)?")
_ORIGIN = re.compile(r"https?://[^/?#]+")
# An absolute http(s) URL that urljoin gives back as it is, whatever the page: a
# lower-case scheme, a host, and a path, query and fragment with nothing urllib would
# drop or rewrite (no parameters, no empty '?' or '#'). Half of a feed's links are
# such (a story's sources).
_PLAIN_ABSOLUTE = re.compile(
    r"https?://[A-Za-z0-9\-._~%]+(?::[0-9]+)?(?:/[A-Za-z0-9\-._~%/!$&'()*+,=:@]*)?"
    r"(?:\?[^#\s]+)?(?:#\S+)?"
)


def join(page_url: str, value: str) -> str:
    """urljoin(page_url, value), quicker for a plain path from the root of an http(s) page
    and for a plain absolute http(s) URL."""
    if value.startswith("/"):
        origin = _ORIGIN.match(page_url)
        if origin is not None and _PLAIN_ROOTED.fullmatch(value) and "/." not in value:
            return origin.group() + value
    elif value.startswith("http") and _PLAIN_ABSOLUTE.fullmatch(value):
        return value
    return urljoin(page_url, value)


def absolutize(html: str, page_url: str) -> str:
    """`page_url` is the absolute URL of the page the fragment belongs to."""

    def one(match: re.Match) -> str:
        prefix, quote, value = match.groups()
        return f"{prefix}{quote}{join(page_url, value.strip())}{quote}"

    def srcset(match: re.Match) -> str:
        prefix, quote, value = match.groups()
        parts = []
        for candidate in value.split(","):
            url, _, size = candidate.strip().partition(" ")
            parts.append(f"{join(page_url, url)} {size}".strip())
        return f"{prefix}{quote}{', '.join(parts)}{quote}"

    html = _URL_ATTR.sub(one, html)
    # Most fragments have no srcset at all: a plain search is a tenth of the pattern's scan.
    return _SRCSET.sub(srcset, html) if "srcset" in html.lower() else html
