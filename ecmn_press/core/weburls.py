"""URLs written by editors, judged by what they may lead to.

A link a reader follows may go to the web, to an address (`mailto:`) or to
a page of the site; an image may come only from the web or the site. Any
other scheme (`javascript:`, `data:`, `vbscript:`, `file:`, ...) is refused,
because content arrives from contributors and is published to readers.

A browser forgives a lot before it reads a scheme: it decodes character
references in attributes, drops tabs and newlines anywhere in a URL, and
skips leading spaces and control characters. The scheme is read here the
same way, so `&#106;avascript:` or ` java\\tscript:` is seen for what it is.
"""

from __future__ import annotations

import html
import re

LINK = frozenset({"http", "https", "mailto", "tel"})  # what a reader may follow
WEB = frozenset({"http", "https"})  # web addresses only: pictures, a team's site

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED = re.compile(r"[\t\n\r]")
_LEADING = "".join(map(chr, range(0x21)))  # what browsers skip before a URL
_ORDER = ["https", "http", "mailto", "tel"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would read from `url` (lower case), or None for a relative URL."""
    seen = _IGNORED.sub("", html.unescape(url)).lstrip(_LEADING)
    found = _SCHEME.match(seen)
    return found.group(1).lower() if found else None


def url_problem(url: str, allowed: frozenset[str] = LINK, site_paths: bool = True) -> str | None:
    """Why `url` may not be published where `allowed` schemes may be, or None when it may."""
    if _CONTROL.search(url):
        return "a URL must not contain control characters"
    scheme = scheme_of(url)
    if scheme is not None:
        if scheme in allowed:
            return None
        names = [f"{s}:" for s in sorted(allowed, key=_ORDER.index)] + (["a path on the site"] if site_paths else [])
        return f"'{scheme}:' URLs are not allowed here; use {', '.join(names[:-1])} or {names[-1]}"
    stripped = _IGNORED.sub("", html.unescape(url)).lstrip(_LEADING)
    if stripped.startswith(("//", "\\", "/\\")):
        return "write the address with its scheme (https://...), not starting with '//' or '\\'"
    if not site_paths:
        return "an address with its scheme is needed here (https://...)"
    return None
