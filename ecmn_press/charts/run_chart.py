"""Run charts: a measure in; its chart, its words and its data out.

`run_chart(measure, id_prefix)` applies the Anhøj rules (`anhoj`), words the
signals, and returns a `RunChart`: the SVG for the story page and a small one
for the team page (drawn by `svg`), the text alternative, the signals
in words, the data as table rows and CSV. `read_measure` does all but the
drawing, for a caller that draws one measure on several pages.

The words never claim an improvement: they say on which side of the median
a shift lies and whether that side is the measure's `better` one. A step
change with no baseline leaves the median between the two levels, so the
rules see two long runs, one on each side; read alone, the first would be
"a shift in the worse direction" when it is only the time before the change.
Two such shifts in a row are therefore worded as one line, judged by where
the series went (the later run).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.model import Measure
from ..core.numtext import fmt_number, long_date
from . import anhoj
from .svg import CHART_CLASSES, Drawing, full_svg, small_svg

__all__ = ["CHART_CLASSES", "ChartSignal", "Reading", "RunChart", "ShiftRun", "TableRow",
           "fmt_number", "measure_csv", "read_measure", "run_chart"]


@dataclass(frozen=True, slots=True)
class ShiftRun:
    """One long run of points on one side of the median."""

    side: str  # "above" | "below"
    length: int  # useful points (points on the median are not counted)
    start: dt.date
    end: dt.date
    direction: str | None  # "better" | "worse" | None: the measure has no `better`


@dataclass(frozen=True, slots=True)
class ChartSignal:
    """One line of the signal list.

    A shift line names one run, or two runs on opposite sides in a row (a step
    change): then `start`/`end` span both, and `side`, `length` and
    `direction` are those of the later run, where the series went. `runs`
    holds each run of the line in time order.
    """

    kind: str  # "shift" | "crossings"
    words: str
    start: dt.date | None
    end: dt.date | None
    direction: str | None  # "better" | "worse" | None
    side: str | None = None  # "above" | "below" for a shift
    length: int | None = None  # useful points in a shift
    runs: tuple[ShiftRun, ...] = ()


@dataclass(frozen=True, slots=True)
class TableRow:
    day: dt.date
    value: float
    value_text: str
    in_shift: bool
    side: str  # "above" | "below" | "on": where the point sits against the median


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


def measure_csv(measure: Measure) -> str:
    """The points as CSV: a `date,value` header and one line per point."""
    return "date,value\n" + "".join(f"{p.day.isoformat()},{fmt_number(p.value, 12)}\n"
                                    for p in measure.points)


@dataclass(frozen=True, slots=True)
class Reading:
    """A measure analysed and worded but not drawn, so that each page can
    draw it with ids of its own without analysing it again."""

    title: str
    description: str
    summary: str
    signals: tuple[ChartSignal, ...]
    median: float
    median_label: str
    judged: bool
    table: tuple[TableRow, ...]
    csv: str
    drawing: Drawing

    def chart(self, id_prefix: str = "rc") -> RunChart:
        return RunChart(full_svg(self.drawing, id_prefix, self.title, self.description),
                        self.small_svg(id_prefix), self.title, self.description, self.summary,
                        self.signals, self.median, self.median_label, self.judged,
                        self.table, self.csv)

    def small_svg(self, id_prefix: str = "rc") -> str:
        return small_svg(self.drawing, id_prefix, self.title, self.description)


def run_chart(measure: Measure, id_prefix: str = "rc") -> RunChart:
    """Analyse a measure and draw it. Raises ValueError on no or non-finite points."""
    return read_measure(measure).chart(id_prefix)


def read_measure(measure: Measure) -> Reading:
    """Analyse and word a measure. Raises ValueError on no or non-finite points.

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
    signals = _signals(result, days, measure.better, where)
    shifts = [s for s in result.signals if s.kind == "shift"]
    in_shift = [False] * len(points)
    for s in shifts:
        for i in range(s.start, s.end + 1):
            in_shift[i] = values[i] != result.median
    unit = f" {measure.unit}" if measure.unit else ""
    title = f"Run chart: {measure.name}" + (f" ({measure.unit})" if measure.unit else "")
    summary = _summary(result, where, len(signals))
    span = (f"{len(points)} points from {long_date(days[0])} to {long_date(days[-1])}" if len(points) > 1
            else f"1 point on {long_date(days[0])}")
    description = " ".join(
        [f"{span}; {median_label} {fmt_number(result.median)}{unit}.", summary]
        + [s.words[0].upper() + s.words[1:] + "." for s in signals])
    sides = {1: "above", -1: "below", 0: "on"}
    table = tuple(TableRow(d, v, fmt_number(v, 12), f, sides[s])
                  for d, v, f, s in zip(days, values, in_shift, anhoj.sides(values, result.median)))
    drawing = Drawing(days, values, result.median, [(s.start, s.end) for s in shifts],
                      in_shift, measure.unit, _legend(result, median_label, any(in_shift)))
    return Reading(title, description, summary, signals, result.median, median_label,
                   result.judged, table, measure_csv(measure), drawing)


def _signals(result: anhoj.Analysis, days: list[dt.date], better: str | None,
             where: str) -> tuple[ChartSignal, ...]:
    """The signal list: shifts in time order (steps paired), then crossings."""
    runs = [ShiftRun(s.side, s.length, days[s.start], days[s.end], s.direction)
            for s in result.signals if s.kind == "shift"]  # type: ignore[arg-type]
    lines: list[ChartSignal] = []
    i = 0
    while i < len(runs):
        pair = runs[i : i + 2]
        if len(pair) == 2 and pair[0].side != pair[1].side:
            lines.append(_step(pair[0], pair[1], better, where))
            i += 2
        else:
            lines.append(_shift(runs[i], better, where))
            i += 1
    for s in result.signals:
        if s.kind == "crossings":
            lines.append(_crossings(result, days[s.start], days[s.end], where))
    return tuple(lines)


def _run_words(run: ShiftRun, where: str) -> str:
    return f"{run.length} points {run.side} {where} from {long_date(run.start)} to {long_date(run.end)}"


def _shift(run: ShiftRun, better: str | None, where: str) -> ChartSignal:
    if run.direction is None:
        way = "the measure does not say which direction is better"
    else:
        way = f"in the {run.direction} direction ({better} is better)"
    words = f"shift: {_run_words(run, 'the ' + where)} — {way}"
    return ChartSignal("shift", words, run.start, run.end, run.direction, run.side,
                       run.length, (run,))


def _step(before: ShiftRun, after: ShiftRun, better: str | None, where: str) -> ChartSignal:
    if after.direction is None:
        way = "the measure does not say which direction is better"
    else:
        way = f"the change is in the {after.direction} direction ({better} is better)"
    words = (f"shift: {_run_words(before, 'the ' + where)}, "
             f"then {_run_words(after, 'it')} — {way}")
    return ChartSignal("shift", words, before.start, after.end, after.direction, after.side,
                       after.length, (before, after))


def _crossings(r: anhoj.Analysis, start: dt.date, end: dt.date, where: str) -> ChartSignal:
    words = (f"too few crossings: the points cross the {where} {r.crossings} "
             f"time{'s' * (r.crossings != 1)} from {long_date(start)} to {long_date(end)}, where at least "
             f"{r.crossings_limit} are expected by chance for {r.useful} "
             f"points off the {where} — this signal does not show a direction")
    return ChartSignal("crossings", words, start, end, None)


def _summary(r: anhoj.Analysis, where: str, lines: int) -> str:
    if not r.judged:
        return (f"Too few points off the {where} ({r.useful}) to judge signals: "
                f"the Anhøj rules need at least {anhoj.MIN_USEFUL}.")
    if lines:
        return f"{lines} signal{'s' * (lines != 1)} of non-random variation by the Anhøj rules."
    return (f"No signal of non-random variation by the Anhøj rules: the longest run "
            f"is {r.longest_run} points (a shift needs more than {r.longest_run_limit}) "
            f"and there are {r.crossings} crossings (fewer than "
            f"{r.crossings_limit} would be a signal).")


def _legend(r: anhoj.Analysis, median_label: str, rings: bool) -> list[tuple[str, str]]:
    legend = [("median", f"{median_label}: {fmt_number(r.median)}")]
    if rings:
        legend.append(("ring", "point in a shift (shaded)"))
    if any(s.kind == "crossings" for s in r.signals):
        legend.append(("note", f"too few crossings: {r.crossings} "
                               f"(at least {r.crossings_limit} expected)"))
    if not r.judged:
        legend.append(("note", "too few points off the median to judge signals"))
    return legend
