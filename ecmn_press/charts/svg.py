"""Drawing run charts as inline SVG; `run_chart` decides what they say.

The SVG has no JavaScript, no external resources and no fixed colours: every
mark is drawn in ``currentColor`` through a presentation attribute, which any
CSS rule on its class overrides (see `CHART_CLASSES`; the theme's chart.css
sets them). It has a viewBox and no width or height, so it scales to its
container; text is sized in viewBox units, and tick labels are spaced in
those units, so they cannot overlap at any width. The viewBox is narrow
(300 units) and the text large in it (14 units), so that on a 320 px phone,
where the chart is drawn 288 px wide, its text is still over 13 px; the
theme caps the chart's width so that on wide screens it stays near 17 px.
Long words (the unit, the legend) wrap onto more lines instead of running
out of the picture.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from ..core.numtext import fmt_number

CHART_CLASSES = """Class names in the run-chart SVG, for the theme's CSS.

.rc              the story chart <svg>; give it width: 100%; height: auto
.rc-small        the team-page chart <svg> (no axes or labels)
.rc-grid         horizontal grid lines (stroke)
.rc-axis         axis lines and tick marks (stroke)
.rc-tick         tick labels (fill)
.rc-label        the y-axis label with the unit, legend text (fill)
.rc-line         the line joining the points (stroke)
.rc-point        a data point (fill)
.rc-signal       ring around a point that is part of a shift (stroke)
.rc-shift        shaded span of a shift (fill, with fill-opacity)
.rc-median       the median line, dashed (stroke)

Everything defaults to currentColor, so dark mode works unstyled. Set colours
through custom properties, e.g. `.rc-line { stroke: var(--rc-line, currentColor) }`.
Do not change font-size inside .rc: the layout spaces labels for 14 units.
"""

W, PLOT_H, FONT, TICK_FONT = 300, 140, 14, 14
LINE = 18  # the distance between two lines of 14-unit text
CHAR = 0.62  # average glyph width in em, on the wide side so labels never touch
SMALL_W, SMALL_H = 160, 48


@dataclass(frozen=True, slots=True)
class Drawing:
    """What one chart shows, with its words already chosen."""

    days: list[dt.date]
    values: list[float]
    centre: float  # the median line
    spans: list[tuple[int, int]]  # shifts, as first and last point index
    in_shift: list[bool]  # per point: ringed
    unit: str  # y-axis label
    legend: list[tuple[str, str]]  # ("median" | "ring" | "note", text)
    months: tuple[str, ...]  # the twelve month names for the time axis, in the reader's language
    decimal: str = "."  # the reader's decimal mark, for the value axis


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _esc(text: str) -> str:
    """XML-escape text, dropping characters XML 1.0 cannot carry at all."""
    text = _NOT_XML.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _clip(text: str, width: float, font: float) -> str:
    most = max(4, int(width / (font * CHAR)))
    return text if len(text) <= most else text[: most - 1] + "…"


def _wrap(text: str, width: float, font: float, most_lines: int = 3) -> list[str]:
    """Text in lines that fit the width, broken at spaces; a word too long for
    a line, or a line past the last one allowed, ends in an ellipsis."""
    room = max(4, int(width / (font * CHAR)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    lines = [_clip(line, width, font) for line in lines] or [""]
    if len(lines) > most_lines:
        lines = lines[:most_lines]
        lines[-1] = _clip(lines[-1] + " " + "…" * room, width, font)
    return lines


def safe_prefix(id_prefix: str) -> str:
    """An id prefix that is a valid XML name start, whatever the caller gave."""
    p = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "rc"
    return p if p[0].isalpha() or p[0] == "_" else "rc-" + p


def _frac(v: float, lo: float, hi: float) -> float:
    """Where v sits between lo and hi, 0..1; halves keep huge spans finite."""
    den = hi / 2 - lo / 2
    f = (v / 2 - lo / 2) / den if den > 0 and math.isfinite(den) else 0.5
    return min(1.0, max(0.0, f)) if math.isfinite(f) else 0.5


def _nice_ticks(lo: float, hi: float) -> tuple[list[float], int]:
    """Round tick values covering lo..hi (about 4 steps) and their decimals."""
    if not hi > lo:
        pad = abs(lo) / 10 if lo / 10 != 0 else 1.0
        # Near the float limit one side may overflow; then pad the other only.
        lo, hi = (lo - pad if math.isfinite(lo - pad) else lo,
                  hi + pad if math.isfinite(hi + pad) else hi)
    raw = (hi / 2 - lo / 2) / 2  # (hi - lo) / 4 without overflow
    if not (raw > 0 and math.isfinite(raw)):
        return [lo, hi], 0
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first, last = math.floor(lo / step), math.ceil(hi / step)
    ticks = [k * step for k in range(first, last + 1)]
    if not all(math.isfinite(t) for t in ticks) or len(ticks) > 12:
        return [lo, hi], 0
    return ticks, max(0, -math.floor(math.log10(step)))


def _tick_text(t: float, decimals: int, decimal: str = ".") -> str:
    if t == 0:
        return "0"
    if abs(t) >= 1e7 or decimals > 6:
        s = fmt_number(t, 3)
    else:
        s = f"{t:.{decimals}f}"
        if s.strip("-0.") == "":
            return "0"
    return s.replace(".", decimal) if decimal != "." else s


class _Frame:
    """Scales shared by both charts: dates to 0..1 across, values 0..1 up."""

    def __init__(self, d: Drawing) -> None:
        t0, t1 = min(d.days).toordinal(), max(d.days).toordinal()
        if t1 == t0:  # one date: show it in the middle of a week
            t0, t1 = t0 - 3, t1 + 3
        self.t0, self.t1 = t0, t1
        self.days, self.values, self.centre = d.days, d.values, d.centre
        self.ticks, self.decimals = _nice_ticks(min(d.values + [d.centre]),
                                                max(d.values + [d.centre]))
        self.lo, self.hi = self.ticks[0], self.ticks[-1]

    def fx(self, day: dt.date) -> float:
        return (day.toordinal() - self.t0) / (self.t1 - self.t0)

    def fy(self, v: float) -> float:
        return _frac(v, self.lo, self.hi)


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _time_ticks(t0: int, t1: int, width: float, months: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """(ordinal, line 1, line 2) ticks, spaced so labels never touch."""
    units_per_day = width / max(1, t1 - t0)
    longest = max(len(m) for m in months)  # 'Jan' in English, 'juni' in Swedish
    for unit, k in [("day", 1), ("day", 2), ("day", 7), ("day", 14), ("month", 1),
                    ("month", 2), ("month", 3), ("month", 6)] + [
                       ("year", y) for y in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000)]:
        chars = max(6, longest + 3) if unit == "day" else max(4, longest)
        min_days = {"day": k, "month": 28 * k, "year": 365 * k}[unit]
        if min_days * units_per_day >= chars * TICK_FONT * CHAR + 8:
            return _tick_dates(unit, k, t0, t1, months)
    return []


def _tick_dates(unit: str, k: int, t0: int, t1: int, months: tuple[str, ...]) -> list[tuple[int, str, str]]:
    start = dt.date.fromordinal(max(1, t0))
    out: list[tuple[int, str, str]] = []
    year_shown = None
    # Month and year ticks sit on round boundaries (Jan/Apr/Jul/Oct, 2010/2020).
    months0 = start.year * 12 + (start.month - 1 + k - 1) // k * k
    year0 = max(k, (start.year + k - 1) // k * k)
    for i in range(400):  # the spacing rule keeps this far below 400
        try:
            if unit == "day":
                d = start + dt.timedelta(days=i * k)
            elif unit == "month":
                ym = months0 + i * k
                d = dt.date(ym // 12, ym % 12 + 1, 1)
            else:
                d = dt.date(year0 + i * k, 1, 1)
        except (ValueError, OverflowError):
            break
        t = d.toordinal()
        if t > t1:
            break
        if t < t0:
            continue
        if unit == "year":
            out.append((t, str(d.year), ""))
            continue
        first = f"{d.day} {months[d.month - 1]}" if unit == "day" else months[d.month - 1]
        out.append((t, first, str(d.year) if d.year != year_shown else ""))
        year_shown = d.year
    return out


def _inside(x: float, label: str) -> str:
    """A tick label's centre, moved in from the picture's edge it would run past
    (a month written longer, 'sep.' or 'juni', reaches further than 'Sep')."""
    half = len(label) * TICK_FONT * CHAR / 2
    return _n(min(max(x, half + 1), W - 1 - half))


def _svg_open(cls: str, pid: str, w: float, h: float) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" '
            f'viewBox="0 0 {_n(w)} {_n(h)}" role="img" '
            f'aria-labelledby="{pid}-title {pid}-desc" font-size="{FONT}">')


def _marks(f: _Frame, x0: float, x1: float, y0: float, y1: float,
           d: Drawing, r: float) -> list[str]:
    """Shift spans, median, line, points and signal rings inside a plot box."""
    def X(day: dt.date) -> float:
        return x0 + f.fx(day) * (x1 - x0)

    def Y(v: float) -> float:
        return y1 - f.fy(v) * (y1 - y0)

    out = []
    for start, end in d.spans:
        a, b = X(f.days[start]) - r - 2, X(f.days[end]) + r + 2
        out.append(f'<rect class="rc-shift" x="{_n(a)}" y="{_n(y0)}" width="{_n(b - a)}" '
                   f'height="{_n(y1 - y0)}" fill="currentColor" fill-opacity="0.12"/>')
    ym = _n(Y(f.centre))
    out.append(f'<line class="rc-median" x1="{_n(x0)}" y1="{ym}" x2="{_n(x1)}" y2="{ym}" '
               f'stroke="currentColor" stroke-width="1.5" stroke-dasharray="6 4"/>')
    xy = [(X(day), Y(v)) for day, v in zip(f.days, f.values)]
    line = " ".join(f"{_n(x)},{_n(y)}" for x, y in xy)
    out.append(f'<polyline class="rc-line" points="{line}" fill="none" stroke="currentColor" '
               f'stroke-width="1.5" stroke-linejoin="round"/>')
    out.append('<g class="rc-point" fill="currentColor">' + "".join(
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"/>' for x, y in xy) + "</g>")
    rings = "".join(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r * 2.2)}"/>'
                    for (x, y), hit in zip(xy, d.in_shift) if hit)
    if rings:
        out.append(f'<g class="rc-signal" fill="none" stroke="currentColor" '
                   f'stroke-width="1.5">{rings}</g>')
    return out


def full_svg(d: Drawing, pid: str, title: str, description: str) -> str:
    """The story-page chart: unit label, axes, ticks, marks and legend."""
    pid = safe_prefix(pid)
    f = _Frame(d)
    labels = [_tick_text(t, f.decimals, d.decimal) for t in f.ticks]
    unit = _wrap(d.unit, W - 8, FONT, 2)
    left = max(30.0, max(len(s) for s in labels) * TICK_FONT * CHAR + 10)
    right, top = W - 14.0, 12.0 + LINE * len(unit)
    bottom = top + PLOT_H
    x0, x1 = left + 8, right - 8  # keep points off the axis line
    legend = _legend_lines(d.legend, W - 8)
    height = bottom + 56 + LINE * sum(len(lines) for _, lines in legend)
    out = [_svg_open("rc", pid, W, height),
           f'<title id="{pid}-title">{_esc(title)}</title>',
           f'<desc id="{pid}-desc">{_esc(description)}</desc>',
           '<g class="rc-grid" stroke="currentColor" stroke-opacity="0.15">']
    out += [f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(bottom - f.fy(t) * PLOT_H)}" '
            f'y2="{_n(bottom - f.fy(t) * PLOT_H)}"/>' for t in f.ticks]
    out.append("</g>")
    out.append(f'<path class="rc-axis" d="M{_n(left)} {_n(top)}V{_n(bottom)}H{_n(right)}" '
               f'fill="none" stroke="currentColor"/>')
    out.append(f'<g class="rc-tick" fill="currentColor" font-size="{TICK_FONT}">')
    out += [f'<text x="{_n(left - 5)}" y="{_n(bottom - f.fy(t) * PLOT_H + 5)}" '
            f'text-anchor="end">{_esc(s)}</text>' for t, s in zip(f.ticks, labels)]
    for t, line1, line2 in _time_ticks(f.t0, f.t1, x1 - x0, d.months):
        at = x0 + (t - f.t0) / (f.t1 - f.t0) * (x1 - x0)
        out.append(f'<path class="rc-axis" d="M{_n(at)} {_n(bottom)}v4" stroke="currentColor"/>')
        out.append(f'<text x="{_inside(at, line1)}" y="{_n(bottom + 19)}" text-anchor="middle">{_esc(line1)}</text>')
        if line2:
            out.append(f'<text x="{_inside(at, line2)}" y="{_n(bottom + 19 + LINE)}" text-anchor="middle">{line2}</text>')
    out.append("</g>")
    out.append(_lines("rc-label", 4, 17, unit))
    out += _marks(f, x0, x1, top, bottom, d, 2.6 if len(f.values) <= 60 else 1.8)
    out += _legend(legend, bottom + 68)
    out.append("</svg>")
    return "".join(out)


def _lines(cls: str, x: float, y: float, lines: list[str]) -> str:
    """One <text> of one or more lines; each line but the last keeps its space,
    so the text reads as written to anything that reads it whole."""
    spans = "".join(f'<tspan x="{_n(x)}" dy="{LINE}">{_esc(line)} </tspan>' for line in lines[1:-1])
    if len(lines) > 1:
        spans += f'<tspan x="{_n(x)}" dy="{LINE}">{_esc(lines[-1])}</tspan>'
    first = _esc(lines[0]) + (" " if len(lines) > 1 else "")
    return f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}" fill="currentColor">{first}{spans}</text>'


def _legend_lines(items: list[tuple[str, str]], width: float) -> list[tuple[str, list[str]]]:
    """Each legend entry with its text wrapped to the width beside its key."""
    return [(key, _wrap(text, width - 30, FONT)) for key, text in items]


def _legend(entries: list[tuple[str, list[str]]], y: float) -> list[str]:
    out = []
    x = 6.0
    for key, lines in entries:
        if key == "median":
            out.append(f'<line class="rc-median" x1="{_n(x)}" y1="{_n(y - 5)}" '
                       f'x2="{_n(x + 22)}" y2="{_n(y - 5)}" stroke="currentColor" '
                       f'stroke-width="1.5" stroke-dasharray="6 4"/>')
        elif key == "ring":
            out.append(f'<circle class="rc-signal" cx="{_n(x + 11)}" cy="{_n(y - 5)}" '
                       f'r="5.5" fill="none" stroke="currentColor" stroke-width="1.5"/>')
        out.append(_lines("rc-label", x + 30, y, lines))
        y += LINE * len(lines)
    return out


def small_svg(d: Drawing, pid: str, title: str, description: str) -> str:
    """The team-page chart: the marks alone, ids ending in -small-title/-desc."""
    sid = f"{safe_prefix(pid)}-small"
    out = [_svg_open("rc-small", sid, SMALL_W, SMALL_H),
           f'<title id="{sid}-title">{_esc(title)}</title>',
           f'<desc id="{sid}-desc">{_esc(description)}</desc>']
    out += _marks(_Frame(d), 4, SMALL_W - 4, 4, SMALL_H - 4, d, 1.2)
    out.append("</svg>")
    return "".join(out)
