"""URL slugs: the one rule for turning names into path segments."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

# A slug is a folder name in the output and a path segment in URLs; file
# systems allow 255 bytes, and readers' address bars deserve far fewer.
MAX_SLUG = 100
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)  # every build slugs each tag and author on every item that names it
def slugify(name: str) -> str:
    """`Åsa Lindqvist` -> `asa-lindqvist`; may return '' for names like '???'."""
    return _NON_ALNUM.sub("-", anyascii(name).lower()).strip("-")


def is_slug(text: str) -> bool:
    return len(text) <= MAX_SLUG and SLUG_RE.fullmatch(text) is not None
