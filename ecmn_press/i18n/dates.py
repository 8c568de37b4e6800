"""Days as each language writes them, by Babel's data: '20 June 2005', '20 juni 2005', '20. juni 2005'."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date

from .codes import babel_locale


# An archive writes a few thousand distinct days tens of thousands of times,
# and Babel takes 40 µs a call: each day is formatted once per language.
@lru_cache(maxsize=65536)
def long_date(day: dt.date, code: str) -> str:
    """A day in full, as pages, feeds' text and e-mails write it."""
    locale = babel_locale(code)
    if locale.language == "en" and locale.territory in (None, "GB", "IE", "AU", "NZ"):
        return format_date(day, "d MMMM y", locale="en")  # '20 June 2005', as the network writes
    return format_date(day, "long", locale=locale)
