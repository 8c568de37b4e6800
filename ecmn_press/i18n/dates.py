"""Days as each language writes them, by Babel's data: '20 June 2005', '20 juni 2005', '20. juni 2005'."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from .codes import babel_locale


def long_date(day: dt.date, code: str) -> str:
    """A day in full, as pages, feeds' text, e-mails and chart notes write it."""
    locale = babel_locale(code)
    if locale.language == "en" and locale.territory in (None, "GB", "IE", "AU", "NZ"):
        return format_date(day, "d MMMM y", locale="en")  # '20 June 2005', as the network writes
    return format_date(day, "long", locale=locale)


def month_names(code: str, abbreviated: bool = False) -> list[str]:
    """January..December (or Jan..Dec) in the language, as a chart's axis writes them alone."""
    months = babel_locale(code).months["stand-alone"]["abbreviated" if abbreviated else "wide"]
    return [months[m] for m in range(1, 13)]


def month_year(day: dt.date, code: str) -> str:
    return format_date(day, "LLLL y", locale=babel_locale(code))
