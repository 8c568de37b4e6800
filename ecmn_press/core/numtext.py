"""Numbers and dates as people write them, for pages, chart labels, tables and CSV files."""

from __future__ import annotations

import datetime as dt
import math

MONTHS = ("January February March April May June July August September October November December").split()


def fmt_number(v: float, sig: int = 6) -> str:
    """A number as people write it: no float noise, no trailing zeros."""
    if v == 0 or not math.isfinite(v):
        return "0" if v == 0 else str(v)
    a = abs(v)
    if not 1e-4 <= a < 1e15:
        return f"{v:.{sig}g}"
    s = f"{v:.{max(0, sig - 1 - math.floor(math.log10(a)))}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def long_date(day: dt.date) -> str:
    """'27 September 2004': how every page and chart note writes a day."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
