"""Days as each language writes them, by Babel's data: '20 June 2005', '20 juni 2005', '20. juni 2005'."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import DateTimePattern, get_date_format, parse_pattern

from .codes import babel_locale


# An archive writes a few thousand distinct days tens of thousands of times:
# each day is formatted once per language, with the language's pattern read once.
@lru_cache(maxsize=65536)
def long_date(day: dt.date, code: str) -> str:
    """A day in full, as pages, feeds' text and e-mails write it."""
    pattern, locale = _long_pattern(code)
    return pattern.apply(day, locale)


@lru_cache(maxsize=64)
def _long_pattern(code: str) -> tuple[DateTimePattern, Locale]:
    locale = babel_locale(code)
    if locale.language == "en" and locale.territory in (None, "GB", "IE", "AU", "NZ"):
        return parse_pattern("d MMMM y"), Locale("en")  # '20 June 2005', as the network writes
    return get_date_format("long", locale=locale), locale
