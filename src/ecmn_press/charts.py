"""Run charts drawn at build time: a measure in, inline SVG and its words out.

`run_chart(measure, id_prefix)` applies the Anhøj rules (`anhoj`) and returns
a `RunChart`: the SVG for the story page, a small one for the team page, the
text alternative, the signals in words, the data as table rows and CSV.

The SVG has no JavaScript, no external resources and no fixed colours: every
mark is drawn in ``currentColor`` through a presentation attribute, which any
CSS rule on its class overrides (see `CHART_CLASSES`). It has a viewBox and
no width or height, so it scales to its container; text is sized in viewBox
units, and tick labels are spaced in those units, so they cannot overlap at
any width.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from urllib.parse import quote

from . import anhoj
from .model import Measure

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
Do not change font-size inside .rc: the layout spaces labels for 12 units.
"""

CHART_CSS = """\
.rc, .rc-small { width: 100%; height: auto; display: block; }
.rc-grid { stroke: var(--rc-grid, currentColor); }
.rc-axis { stroke: var(--rc-axis, currentColor); }
.rc-tick, .rc-label { fill: var(--rc-text, currentColor); }
.rc-line { stroke: var(--rc-line, currentColor); }
.rc-point { fill: var(--rc-point, currentColor); }
.rc-signal { stroke: var(--rc-signal, currentColor); }
.rc-shift { fill: var(--rc-shift, currentColor); }
.rc-median { stroke: var(--rc-median, currentColor); }
"""

W, PLOT_TOP, PLOT_H, FONT, TICK_FONT = 400, 26, 160, 12, 11
CHAR = 0.62  # average glyph width in em, on the wide side so labels never touch
SMALL_W, SMALL_H = 160, 48
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True, slots=True)
class ChartSignal:
    kind: str  # "shift" | "crossings"
    words: str
    start: dt.date | None
    end: dt.date | None
    direction: str | None  # "better" | "worse" | None
    side: str | None = None  # "above" | "below" for a shift
    length: int | None = None  # useful points in a shift


@dataclass(frozen=True, slots=True)
class TableRow:
    day: dt.date
    value: float
    value_text: str
    in_shift: bool


@dataclass(frozen=True, slots=True)
class RunChart:
    svg: str
    small_svg: str
    title: str
    description: str
    summary: str  # one sentence: the verdict, or why none can be given
    signals: tuple[ChartSignal, ...]
    median: float
    median_label: str  # "median" or "baseline median (first N points)"
    judged: bool
    table: tuple[TableRow, ...]
    csv: str

    @property
    def csv_data_uri(self) -> str:
        """The CSV as a data: URI, for a download link that needs no file."""
        return "data:text/csv;charset=utf-8," + quote(self.csv)


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


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _esc(text: str) -> str:
    """XML-escape text, dropping characters XML 1.0 cannot carry at all."""
    text = _NOT_XML.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _clip(text: str, width: float, font: float) -> str:
    most = max(4, int(width / (font * CHAR)))
    return text if len(text) <= most else text[: most - 1] + "…"


def _prefix(id_prefix: str) -> str:
    p = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "rc"
    return p if p[0].isalpha() or p[0] == "_" else "rc-" + p


def run_chart(measure: Measure, id_prefix: str = "rc") -> RunChart:
    """Analyse a measure and draw it. Raises ValueError on no or non-finite points.

    A baseline larger than the number of points freezes the median on all of
    them; a baseline below 1 is an error (the schema should not let one by).
    """
    points = measure.points
    if not points:
        raise ValueError(f"measure {measure.name!r} has no points")
    values = [p.value for p in points]
    days = [p.day for p in points]
    baseline = None if measure.baseline is None else min(measure.baseline, len(points))
    result = anhoj.analyse(values, measure.better, baseline)
    where = "baseline median" if baseline is not None else "median"
    median_label = (f"baseline median (first {baseline} point{'s' * (baseline != 1)})"
                    if baseline is not None else "median")
    signals = tuple(_signal(s, result, days, measure.better, where) for s in result.signals)
    in_shift = [False] * len(points)
    for s in result.signals:
        if s.kind == "shift":
            for i in range(s.start, s.end + 1):
                in_shift[i] = values[i] != result.median
    unit = f" {measure.unit}" if measure.unit else ""
    title = f"Run chart: {measure.name}" + (f" ({measure.unit})" if measure.unit else "")
    summary = _summary(result, where)
    span = (f"{len(points)} points from {days[0]} to {days[-1]}" if len(points) > 1
            else f"1 point on {days[0]}")
    description = " ".join(
        [f"{span}; {median_label} {fmt_number(result.median)}{unit}.", summary]
        + [s.words[0].upper() + s.words[1:] + "." for s in signals])
    table = tuple(TableRow(d, v, fmt_number(v, 12), f)
                  for d, v, f in zip(days, values, in_shift))
    csv = "date,value\n" + "".join(f"{d.isoformat()},{fmt_number(v, 12)}\n"
                                   for d, v in zip(days, values))
    pid = _prefix(id_prefix)
    frame = _Frame(days, values, result.median)
    svg = _full_svg(frame, pid, title, description, measure.unit, median_label,
                    result, in_shift)
    small = _small_svg(frame, pid, title, description, result, in_shift)
    return RunChart(svg, small, title, description, summary, signals, result.median,
                    median_label, result.judged, table, csv)


def _signal(s: anhoj.Signal, result: anhoj.Analysis, days: list[dt.date],
            better: str | None, where: str) -> ChartSignal:
    start, end = days[s.start], days[s.end]
    if s.kind == "shift":
        if s.direction is None:
            way = "the measure does not say which direction is better"
        else:
            way = f"in the {s.direction} direction ({better} is better)"
        words = (f"shift: {s.length} points {s.side} the {where} "
                 f"from {start} to {end} — {way}")
        return ChartSignal("shift", words, start, end, s.direction, s.side, s.length)
    words = (f"too few crossings: the points cross the {where} {result.crossings} "
             f"time{'s' * (result.crossings != 1)} from {start} to {end}, where at least "
             f"{result.crossings_limit} are expected by chance for {result.useful} "
             f"points off the {where} — this signal does not show a direction")
    return ChartSignal("crossings", words, start, end, None)


def _summary(r: anhoj.Analysis, where: str) -> str:
    if not r.judged:
        return (f"Too few points off the {where} ({r.useful}) to judge signals: "
                f"the Anhøj rules need at least {anhoj.MIN_USEFUL}.")
    if r.signals:
        k = len(r.signals)
        return f"{k} signal{'s' * (k != 1)} of non-random variation by the Anhøj rules."
    return (f"No signal of non-random variation by the Anhøj rules: the longest run "
            f"is {r.longest_run} points (a shift needs more than {r.longest_run_limit}) "
            f"and there are {r.crossings} crossings (fewer than "
            f"{r.crossings_limit} would be a signal).")


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


def _tick_text(t: float, decimals: int) -> str:
    if t == 0:
        return "0"
    if abs(t) >= 1e7 or decimals > 6:
        return fmt_number(t, 3)
    s = f"{t:.{decimals}f}"
    return "0" if s.strip("-0.") == "" else s


class _Frame:
    """Scales shared by both charts: dates to 0..1 across, values 0..1 up."""

    def __init__(self, days: list[dt.date], values: list[float], centre: float) -> None:
        t0, t1 = min(days).toordinal(), max(days).toordinal()
        if t1 == t0:  # one date: show it in the middle of a week
            t0, t1 = t0 - 3, t1 + 3
        self.t0, self.t1 = t0, t1
        self.days, self.values, self.centre = days, values, centre
        self.ticks, self.decimals = _nice_ticks(min(values + [centre]),
                                                max(values + [centre]))
        self.lo, self.hi = self.ticks[0], self.ticks[-1]

    def fx(self, day: dt.date) -> float:
        return (day.toordinal() - self.t0) / (self.t1 - self.t0)

    def fy(self, v: float) -> float:
        return _frac(v, self.lo, self.hi)


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _time_ticks(t0: int, t1: int, width: float) -> list[tuple[int, str, str]]:
    """(ordinal, line 1, line 2) ticks, spaced so labels never touch."""
    units_per_day = width / max(1, t1 - t0)
    for unit, k in [("day", 1), ("day", 2), ("day", 7), ("day", 14), ("month", 1),
                    ("month", 2), ("month", 3), ("month", 6)] + [
                       ("year", y) for y in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000)]:
        chars = 6 if unit == "day" else 4
        min_days = {"day": k, "month": 28 * k, "year": 365 * k}[unit]
        if min_days * units_per_day >= chars * TICK_FONT * CHAR + 8:
            return _tick_dates(unit, k, t0, t1)
    return []


def _tick_dates(unit: str, k: int, t0: int, t1: int) -> list[tuple[int, str, str]]:
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
        first = f"{d.day} {MONTHS[d.month - 1]}" if unit == "day" else MONTHS[d.month - 1]
        out.append((t, first, str(d.year) if d.year != year_shown else ""))
        year_shown = d.year
    return out


def _svg_open(cls: str, pid: str, w: float, h: float) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" '
            f'viewBox="0 0 {_n(w)} {_n(h)}" role="img" '
            f'aria-labelledby="{pid}-title {pid}-desc" font-size="{FONT}">')


def _marks(f: _Frame, x0: float, x1: float, y0: float, y1: float,
           result: anhoj.Analysis, in_shift: list[bool], r: float) -> list[str]:
    """Shift spans, median, line, points and signal rings inside a plot box."""
    def X(day: dt.date) -> float:
        return x0 + f.fx(day) * (x1 - x0)

    def Y(v: float) -> float:
        return y1 - f.fy(v) * (y1 - y0)

    out = []
    for s in result.signals:
        if s.kind == "shift":
            a, b = X(f.days[s.start]) - r - 2, X(f.days[s.end]) + r + 2
            out.append(f'<rect class="rc-shift" x="{_n(a)}" y="{_n(y0)}" width="{_n(b - a)}" '
                       f'height="{_n(y1 - y0)}" fill="currentColor" fill-opacity="0.12"/>')
    ym = _n(Y(f.centre))
    out.append(f'<line class="rc-median" x1="{_n(x0)}" y1="{ym}" x2="{_n(x1)}" y2="{ym}" '
               f'stroke="currentColor" stroke-width="1.5" stroke-dasharray="6 4"/>')
    xy = [(X(d), Y(v)) for d, v in zip(f.days, f.values)]
    line = " ".join(f"{_n(x)},{_n(y)}" for x, y in xy)
    out.append(f'<polyline class="rc-line" points="{line}" fill="none" stroke="currentColor" '
               f'stroke-width="1.5" stroke-linejoin="round"/>')
    out.append('<g class="rc-point" fill="currentColor">' + "".join(
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"/>' for x, y in xy) + "</g>")
    rings = "".join(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r * 2.2)}"/>'
                    for (x, y), hit in zip(xy, in_shift) if hit)
    if rings:
        out.append(f'<g class="rc-signal" fill="none" stroke="currentColor" '
                   f'stroke-width="1.5">{rings}</g>')
    return out


def _full_svg(f: _Frame, pid: str, title: str, description: str, unit: str,
              median_label: str, result: anhoj.Analysis, in_shift: list[bool]) -> str:
    labels = [_tick_text(t, f.decimals) for t in f.ticks]
    left = max(30.0, max(len(s) for s in labels) * TICK_FONT * CHAR + 10)
    right, top, bottom = W - 22.0, float(PLOT_TOP), float(PLOT_TOP + PLOT_H)
    x0, x1 = left + 8, right - 8  # keep points off the axis line
    legend = [("median", f"{median_label}: {fmt_number(f.centre)}")]
    if any(in_shift):
        legend.append(("ring", "point in a shift (shaded)"))
    if any(s.kind == "crossings" for s in result.signals):
        legend.append(("note", f"too few crossings: {result.crossings} "
                               f"(at least {result.crossings_limit} expected)"))
    if not result.judged:
        legend.append(("note", "too few points off the median to judge signals"))
    rows = _legend_rows(legend, W - 8)
    height = bottom + 38 + 18 * len(rows)
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
    out += [f'<text x="{_n(left - 5)}" y="{_n(bottom - f.fy(t) * PLOT_H + 4)}" '
            f'text-anchor="end">{_esc(s)}</text>' for t, s in zip(f.ticks, labels)]
    for t, line1, line2 in _time_ticks(f.t0, f.t1, x1 - x0):
        x = _n(x0 + (t - f.t0) / (f.t1 - f.t0) * (x1 - x0))
        out.append(f'<path class="rc-axis" d="M{x} {_n(bottom)}v4" stroke="currentColor"/>')
        out.append(f'<text x="{x}" y="{_n(bottom + 16)}" text-anchor="middle">{line1}</text>')
        if line2:
            out.append(f'<text x="{x}" y="{_n(bottom + 29)}" text-anchor="middle">{line2}</text>')
    out.append("</g>")
    out.append(f'<text class="rc-label" x="4" y="15" fill="currentColor">'
               f'{_esc(_clip(unit or "value", W - 8, FONT))}</text>')
    out += _marks(f, x0, x1, top, bottom, result, in_shift, 2.6 if len(f.values) <= 60 else 1.8)
    out += _legend(rows, bottom + 52)
    out.append("</svg>")
    return "".join(out)


def _legend_rows(items: list[tuple[str, str]], width: float) -> list[list[tuple[str, str]]]:
    """Legend entries packed into rows that fit the width."""
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for key, text in items:
        text = _clip(text, width - 30, FONT)
        need = 30 + len(text) * FONT * CHAR + 14
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append((key, text))
        used += need
    return rows


def _legend(rows: list[list[tuple[str, str]]], y: float) -> list[str]:
    out = []
    for row in rows:
        x = 6.0
        for key, text in row:
            if key == "median":
                out.append(f'<line class="rc-median" x1="{_n(x)}" y1="{_n(y - 4)}" '
                           f'x2="{_n(x + 22)}" y2="{_n(y - 4)}" stroke="currentColor" '
                           f'stroke-width="1.5" stroke-dasharray="6 4"/>')
            elif key == "ring":
                out.append(f'<circle class="rc-signal" cx="{_n(x + 11)}" cy="{_n(y - 4)}" '
                           f'r="5.5" fill="none" stroke="currentColor" stroke-width="1.5"/>')
            out.append(f'<text class="rc-label" x="{_n(x + 30)}" y="{_n(y)}" '
                       f'fill="currentColor">{_esc(text)}</text>')
            x += 30 + len(text) * FONT * CHAR + 14
        y += 18
    return out


def _small_svg(f: _Frame, pid: str, title: str, desc: str,
               result: anhoj.Analysis, in_shift: list[bool]) -> str:
    sid = f"{pid}-small"
    out = [_svg_open("rc-small", sid, SMALL_W, SMALL_H),
           f'<title id="{sid}-title">{_esc(title)}</title>',
           f'<desc id="{sid}-desc">{_esc(desc)}</desc>']
    out += _marks(f, 4, SMALL_W - 4, 4, SMALL_H - 4, result, in_shift, 1.2)
    out.append("</svg>")
    return "".join(out)
