"""Dates as people wrote them in English: "June 20th 2005", "3rd October 2005",
"20/06/2005" (day first, as in the UK), "2005-06-20", "June 2005"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "season"]

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# The first month of each season in the northern hemisphere, where the
# network's teams work; a season is only a hint, so callers warn.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:\s?(?:st|nd|rd|th))?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_YEAR}-(?P<m>\d\d?)-(?P<d>\d\d?)\b"), "iso"),
    (re.compile(rf"\b{_YEAR}/(?P<m>\d\d?)/(?P<d>\d\d?)\b"), "iso"),
    (re.compile(r"\b(?P<a>\d\d?)([/.\-])(?P<b>\d\d?)\2(?P<year>(?:19|20)?\d\d)\b"), "numeric"),
    (re.compile(rf"\b{_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I), "dmy"),
    (re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+(?:the\s+)?{_DAY},?\s+{_YEAR}\b", re.I), "mdy"),
    (re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I), "my"),
    (re.compile(rf"\b(?P<season>spring|summer|autumn|fall|winter),?\s+{_YEAR}\b", re.I), "season"),
]


@dataclass(frozen=True, slots=True)
class FoundDate:
    date: dt.date
    start: int
    end: int
    text: str  # as written in the source
    precision: Precision
    note: str | None = None  # how an ambiguous spelling was read


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # "20/06/05": the newsletters are from this century
        year += 2000 if year < 70 else 1900
    return year


def _make(m: re.Match[str], kind: str) -> FoundDate | None:
    note = None
    precision: Precision = "day"
    try:
        if kind == "iso":
            day = dt.date(int(m["year"]), int(m["m"]), int(m["d"]))
        elif kind == "numeric":
            a, b, year = int(m["a"]), int(m["b"]), _year(m["year"])
            if a > 12:
                day = dt.date(year, b, a)
            elif b > 12:
                day = dt.date(year, a, b)
                note = "read as month/day, because the day comes second"
            else:
                day = dt.date(year, b, a)
                if a != b:
                    note = "read as day/month, as in the UK"
            if len(m["year"]) == 2:
                note = (note + "; " if note else "") + f"two-digit year read as {year}"
        elif kind in ("dmy", "mdy"):
            day = dt.date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
        elif kind == "my":
            day = dt.date(int(m["year"]), MONTHS[m["month"].lower()], 1)
            precision = "month"
        else:
            day = dt.date(int(m["year"]), SEASONS[m["season"].lower()], 1)
            precision = "season"
    except ValueError:  # 31/02/2005 and the like are not dates
        return None
    return FoundDate(day, m.start(), m.end(), m.group(0), precision, note)


def find_dates(text: str) -> list[FoundDate]:
    """Every date in `text`, left to right; where spellings overlap, the
    longest (most precise) one wins."""
    found: list[FoundDate] = []
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(text):
            date = _make(m, kind)
            if date is not None:
                found.append(date)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    chosen: list[FoundDate] = []
    for date in found:
        if not chosen or date.start >= chosen[-1].end:
            chosen.append(date)
    return chosen


def find_date(text: str) -> FoundDate | None:
    dates = find_dates(text)
    return dates[0] if dates else None
