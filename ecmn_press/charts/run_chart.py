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
from ..core.numtext import fmt_number
from . import anhoj
from .svg import CHART_CLASSES, Drawing, full_svg, small_svg
from .words import BASELINE, IT, MEDIAN, ChartWords, cap

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
    words: str  # the whole line in words: "shift: 12 points below the median from ..."
    start: dt.date | None
    end: dt.date | None
    direction: str | None  # "better" | "worse" | None
    side: str | None = None  # "above" | "below" for a shift
    length: int | None = None  # useful points in a shift
    runs: tuple[ShiftRun, ...] = ()
    label: str = ""  # the words' first part, which kind of signal: "shift"
    parts: tuple[tuple[str, str], ...] = ()  # the rest as (text, ISO day or ""): each day its own piece


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
    median_label: str  # "median" or "baseline median (first N points)", in the reader's language
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


def run_chart(measure: Measure, id_prefix: str = "rc", words: ChartWords | None = None) -> RunChart:
    """Analyse a measure and draw it. Raises ValueError on no or non-finite points."""
    return read_measure(measure, words).chart(id_prefix)


def read_measure(measure: Measure, words: ChartWords | None = None) -> Reading:
    """Analyse and word a measure (in English unless `words` says otherwise).
    Raises ValueError on no or non-finite points.

    A baseline larger than the number of points freezes the median on all of
    them; a baseline below 1 is an error (the schema should not let one by).
    """
    w = words or ChartWords()
    points = measure.points
    if not points:
        raise ValueError(f"measure {measure.name!r} has no points")
    values = [p.value for p in points]
    days = [p.day for p in points]
    baseline = None if measure.baseline is None else min(measure.baseline, len(points))
    result = anhoj.analyse(values, measure.better, baseline)
    median_label = w.median_label(baseline)
    signals = _signals(result, days, measure.better, baseline, w)
    shifts = [s for s in result.signals if s.kind == "shift"]
    in_shift = [False] * len(points)
    for s in shifts:
        for i in range(s.start, s.end + 1):
            in_shift[i] = values[i] != result.median
    unit = f" {measure.unit}" if measure.unit else ""
    title = w.title(measure.name, measure.unit)
    summary = _summary(result, baseline, len(signals), w)
    description = " ".join(
        [w.described(w.span(days), f"{median_label} {w.number(result.median)}{unit}"), summary]
        + [cap(s.words) + "." for s in signals])
    sides = {1: "above", -1: "below", 0: "on"}
    table = tuple(TableRow(d, v, w.number(v, 12), f, sides[s])
                  for d, v, f, s in zip(days, values, in_shift, anhoj.sides(values, result.median)))
    drawing = Drawing(days, values, result.median, [(s.start, s.end) for s in shifts],
                      in_shift, w.axis(measure.unit), _legend(result, median_label, any(in_shift), w),
                      w.months(), w.decimal_mark())
    return Reading(title, description, summary, signals, result.median, median_label,
                   result.judged, table, measure_csv(measure), drawing)


def _signals(result: anhoj.Analysis, days: list[dt.date], better: str | None,
             baseline: int | None, w: ChartWords) -> tuple[ChartSignal, ...]:
    """The signal list: shifts in time order (steps paired), then crossings."""
    runs = [ShiftRun(s.side, s.length, days[s.start], days[s.end], s.direction)
            for s in result.signals if s.kind == "shift"]  # type: ignore[arg-type]
    against = MEDIAN if baseline is None else BASELINE
    lines: list[ChartSignal] = []
    i = 0
    while i < len(runs):
        pair = runs[i : i + 2]
        if len(pair) == 2 and pair[0].side != pair[1].side:
            lines.append(_step(pair[0], pair[1], better, against, w))
            i += 2
        else:
            lines.append(_shift(runs[i], better, against, w))
            i += 1
    for s in result.signals:
        if s.kind == "crossings":
            lines.append(_crossings(result, days[s.start], days[s.end], baseline, w))
    return tuple(lines)


def _line(w: ChartWords, kind: str, label: str, marked: str, start: dt.date | None, end: dt.date | None,
          direction: str | None, run: ShiftRun | None = None, runs: tuple[ShiftRun, ...] = ()) -> ChartSignal:
    return ChartSignal(kind, w.labelled(label, w.plain(marked)), start, end, direction,
                       run.side if run else None, run.length if run else None, runs, label, w.parts(marked))


def _run_words(run: ShiftRun, against: str, w: ChartWords) -> str:
    return w.run(run.length, run.side, against, run.start, run.end)


def _shift(run: ShiftRun, better: str | None, against: str, w: ChartWords) -> ChartSignal:
    marked = w.shift(_run_words(run, against, w), w.way(run.direction, better, step=False))
    return _line(w, "shift", w.shift_label(), marked, run.start, run.end, run.direction, run, (run,))


def _step(before: ShiftRun, after: ShiftRun, better: str | None, against: str, w: ChartWords) -> ChartSignal:
    runs = w.then(_run_words(before, against, w), _run_words(after, IT, w))
    marked = w.shift(runs, w.way(after.direction, better, step=True))
    return _line(w, "shift", w.shift_label(), marked, before.start, after.end, after.direction, after,
                 (before, after))


def _crossings(r: anhoj.Analysis, start: dt.date, end: dt.date, baseline: int | None,
               w: ChartWords) -> ChartSignal:
    marked = w.crossings(r.crossings, r.crossings_limit, r.useful, baseline, start, end)
    return _line(w, "crossings", w.crossings_label(), marked, start, end, None)


def _summary(r: anhoj.Analysis, baseline: int | None, lines: int, w: ChartWords) -> str:
    if not r.judged:
        return w.unjudged(r.useful, anhoj.MIN_USEFUL, baseline)
    if lines:
        return w.signals_found(lines)
    return w.no_signal(r.longest_run, r.longest_run_limit, r.crossings, r.crossings_limit)


def _legend(r: anhoj.Analysis, median_label: str, rings: bool, w: ChartWords) -> list[tuple[str, str]]:
    legend = [("median", f"{median_label}: {w.number(r.median)}")]
    if rings:
        legend.append(("ring", w.ring_note()))
    if any(s.kind == "crossings" for s in r.signals):
        legend.append(("note", w.crossings_note(r.crossings, r.crossings_limit)))
    if not r.judged:
        legend.append(("note", w.unjudged_note()))
    return legend
