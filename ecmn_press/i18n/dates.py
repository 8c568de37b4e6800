"""Days and numbers as each language writes them, by Babel's data: '20 June 2005', '20 juni 2005', '41,5'."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import DateTimePattern, get_date_format, get_month_names, parse_pattern

from ..core.numtext import fmt_number
from .codes import babel_locale


def _english_as_the_network_writes(locale: Locale) -> bool:
    # Babel's en-GB writes 'Sept' and '20/06/2005'; the network's English pages
    # have always used the plain 'en' forms, in Britain and elsewhere.
    return locale.language == "en" and locale.territory in (None, "GB", "IE", "AU", "NZ")


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
    if _english_as_the_network_writes(locale):
        return parse_pattern("d MMMM y"), Locale("en")  # '20 June 2005', as the network writes
    return get_date_format("long", locale=locale), locale


@lru_cache(maxsize=None)
def short_months(code: str) -> tuple[str, ...]:
    """The twelve month names as a chart's time axis writes them on their own: 'Jan', 'jan.', 'mrt'."""
    locale = babel_locale(code)
    names = get_month_names("abbreviated", "stand-alone", "en" if _english_as_the_network_writes(locale) else locale)
    return tuple(names[m] for m in range(1, 13))


@lru_cache(maxsize=None)
def decimal_mark(code: str) -> str:
    """'.' in English, ',' in Swedish, Norwegian, Danish and Dutch."""
    return str(babel_locale(code).number_symbols.get("latn", {}).get("decimal", "."))


def local_number(value: float, code: str, sig: int = 6) -> str:
    """A number as `fmt_number` writes it, with the language's decimal mark: '41.5' -> '41,5'."""
    text = fmt_number(value, sig)
    mark = decimal_mark(code)
    return text if mark == "." else text.replace(".", mark)
