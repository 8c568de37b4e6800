"""Numbers as people write them, for chart labels, tables and CSV files (days: i18n.dates)."""

from __future__ import annotations

import math


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

