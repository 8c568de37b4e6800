"""A story's `measures:` -> validated `Measure`s with positioned errors."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from ..core.diagnostics import Report
from ..core.model import Measure, Point
from .fields import Fields
from .yamldoc import Located

_UTC = ZoneInfo("UTC")


def read_measures(loc: Located | None, report: Report) -> list[Measure]:
    if loc is None:
        return []
    if not isinstance(loc.value, list):
        report.error(loc.position(), "'measures' must be a list of measures, each with a name and points")
        return []
    measures = []
    for entry in loc.elements():
        measure = _measure(entry, report)
        if measure is not None:
            measures.append(measure)
    return measures


def _measure(entry: Located, report: Report) -> Measure | None:
    if not isinstance(entry.value, dict):
        report.error(entry.position(), "each measure must be a mapping with name, better and points")
        return None
    f = Fields(entry, report, what="measure key")
    name = f.text("name", required=True)
    unit = f.text("unit") or ""
    better = f.choice("better", ["lower", "higher"], None)
    points_loc = f.located("points")
    baseline_loc = f.located("baseline")
    baseline = f.integer("baseline", minimum=1)
    f.extra()
    if points_loc is None:
        f.missing("points")
        return None
    if not isinstance(points_loc.value, list):
        f.wrong(points_loc, "points", "a list of {date, value} entries")
        return None
    if not points_loc.value:
        report.error(points_loc.position(), "'points' must list at least one {date, value} point")
        return None
    points = [p for p in (_point(item, report) for item in points_loc.elements()) if p]
    if len(points) != len(points_loc.value):
        return None
    if baseline is not None and baseline > len(points):
        report.error(
            baseline_loc.position(),  # type: ignore[union-attr]
            f"'baseline' is {baseline} but the measure has only {len(points)} points",
        )
        return None
    if name is None:
        return None
    ordered = tuple(sorted(points, key=lambda p: p.day))  # stable: equal days keep their order
    return Measure(name, unit, better, ordered, baseline, entry.position())  # type: ignore[arg-type]


def _point(item: Located, report: Report) -> Point | None:
    if not isinstance(item.value, dict):
        report.error(item.position(), "each point must be written as {date: YYYY-MM-DD, value: N}")
        return None
    f = Fields(item, report, what="point key")
    when = f.when("date", _UTC, required=True)
    value = f.number("value", required=True)
    f.extra()
    if when is None or value is None:
        return None
    return Point(when.day, float(value), item.position())
