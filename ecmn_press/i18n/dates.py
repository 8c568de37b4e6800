"""Days as each language writes them, by Babel's data: '20 June 2005', '20 juni 2005', '20. juni 2005'."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from .codes import babel_locale


def long_date(day: dt.date, code: str) -> str:
    """A day in full, as pages, feeds' text and e-mails write it."""
    locale = babel_locale(code)
    if locale.language == "en" and locale.territory in (None, "GB", "IE", "AU", "NZ"):
        return format_date(day, "d MMMM y", locale="en")  # '20 June 2005', as the network writes
    return format_date(day, "long", locale=locale)
