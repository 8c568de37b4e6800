"""Raw HTML in Markdown, cleaned: scripts, event handlers and javascript: URLs go.

nh3 (the ammonia sanitiser) keeps a safe allow-list; we widen it only for
what our Markdown produces itself: heading ids, classes and footnote markup.
"""

from __future__ import annotations

import nh3

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


def clean_html(html: str, *, mail: bool = False) -> str:
    """Safe HTML; for mail always, whatever `raw_html` says: scripts never belong in a mail."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_MAIL_ATTRIBUTES if mail else _ATTRIBUTES,
        link_rel=None,
        filter_style_properties={"text-align"},
    )
