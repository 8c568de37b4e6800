"""Raw HTML in Markdown, cleaned: scripts, event handlers and javascript: URLs go.

nh3 (the ammonia sanitiser) keeps a safe allow-list; we widen it only for
what our Markdown produces itself: heading ids, classes and footnote markup.
nh3 checks the schemes of the URL attributes it knows, but not `srcset`
(a list of URLs) nor `cite`: every attribute that holds a URL is checked
again here by the rules editors' front matter follows.
"""

from __future__ import annotations

import re

import nh3

from ..core.weburls import LINK, WEB, url_problem

_TAGS = nh3.ALLOWED_TAGS | {"section", "figure", "figcaption", "picture", "source", "video", "audio"}
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in _TAGS:
    _ATTRIBUTES.setdefault(_tag, set()).update({"id", "class", "title", "lang", "dir"})
_ATTRIBUTES["a"].update({"href", "hreflang"})
_ATTRIBUTES["img"].update({"src", "alt", "width", "height", "loading"})
_ATTRIBUTES["td"].update({"style"})
_ATTRIBUTES["th"].update({"style", "scope"})
_ATTRIBUTES["source"].update({"src", "srcset", "type", "media"})
_ATTRIBUTES["video"].update({"src", "controls", "poster", "width", "height"})
_ATTRIBUTES["audio"].update({"src", "controls"})


# A mail holds several bodies at once, whose heading and footnote ids would
# clash; its links go to the pages on the site, which keep them.
_MAIL_ATTRIBUTES = {tag: attrs - {"id"} for tag, attrs in _ATTRIBUTES.items()}


# attribute -> the schemes its URLs may have
_URL_ATTRIBUTES = {
    "href": LINK, "cite": LINK, "longdesc": LINK, "action": LINK, "formaction": LINK, "ping": LINK,
    "src": WEB, "srcset": WEB, "poster": WEB, "background": WEB, "data": WEB, "xlink:href": WEB,
}
_CANDIDATE_SPLIT = re.compile(r",\s+|,(?=\S)")


def _urls_checked(tag: str, attribute: str, value: str) -> str | None:
    allowed = _URL_ATTRIBUTES.get(attribute)
    if allowed is None:
        return value
    # srcset: "url 1x, url 2x"; a URL may not hold spaces there, so the first word is the URL.
    urls = [c.split()[0] for c in _CANDIDATE_SPLIT.split(value) if c.split()] if attribute == "srcset" else [value]
    return None if any(url_problem(url, allowed) for url in urls) else value


def clean_html(html: str, *, mail: bool = False) -> str:
    """Safe HTML; for mail always, whatever `raw_html` says: scripts never belong in a mail."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_MAIL_ATTRIBUTES if mail else _ATTRIBUTES,
        link_rel=None,
        filter_style_properties={"text-align"},
        attribute_filter=_urls_checked,
    )
