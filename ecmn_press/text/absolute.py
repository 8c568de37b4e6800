"""Make every link and image URL in an HTML fragment absolute.

Feeds and e-mail are read far from the site, where '/ecmn/teams/x/' or
'#fn1' mean nothing; both are resolved against the page they came from.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

# Every quoted attribute value, found by its `="` or `='`: a literal search, a
# tenth of the cost of a pattern that tests each character for the name before
# it. The name is then read back from the characters just before.
_QUOTED = re.compile(r"""=(["'])""")
_URL_ATTRIBUTES = ("href", "src", "poster", "srcset")

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
    """`page_url` is the absolute URL of the page the fragment belongs to.

    Our HTML comes from markdown-it, nh3 or templates: URL attributes (href,
    src, poster, srcset, in any case) are quoted and follow white space."""
    parts: list[str] = []
    done = 0  # html[:done] is in parts
    at = 0
    while (match := _QUOTED.search(html, at)) is not None:
        equals, quote = match.start(), match.group(1)
        end = html.find(quote, equals + 2)
        if end < 0:
            at = equals + 1
            continue
        name = _name_before(html, equals)
        if name is None:
            at = equals + 1
            continue
        value = html[equals + 2:end]
        parts += [html[done:equals + 2], _srcset(page_url, value) if name == "srcset" else join(page_url, value.strip())]
        done = at = end
    return "".join(parts) + html[done:] if parts else html


def _name_before(html: str, equals: int) -> str | None:
    """The URL attribute (lower-case) whose value starts after `html[equals]`, if it is one."""
    for name in _URL_ATTRIBUTES:
        start = equals - len(name)
        if start > 0 and html[start - 1].isspace() and html[start:equals].lower() == name:
            return name
    return None


def _srcset(page_url: str, value: str) -> str:
    parts = []
    for candidate in value.split(","):
        url, _, size = candidate.strip().partition(" ")
        parts.append(f"{join(page_url, url)} {size}".strip())
    return ", ".join(parts)
