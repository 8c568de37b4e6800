"""Run charts: the words, the data, and SVG that is well-formed and accessible."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecmn_press.charts.run_chart import CHART_CLASSES, fmt_number, run_chart
from ecmn_press.core.diagnostics import Position
from ecmn_press.core.model import Measure, Point

SVG = "{http://www.w3.org/2000/svg}"
AT = Position("content/stories/x.md", 3)
BEFORE = [41, 39, 43, 40, 42, 38, 44, 41, 40, 43, 39, 42]
AFTER = [33, 31, 34, 30, 32, 29, 33, 31, 30, 28, 32, 31]
RANDOM = [55, 44, 61, 52, 47, 38, 58, 41, 66, 49, 43, 57, 53, 45, 59, 42, 51, 48, 39, 60]


def measure(values, *, days=None, start=dt.date(2004, 1, 5), step=7, better="lower",
            baseline=None, name="Days from referral to first appointment", unit="days"):
    days = days or [start + dt.timedelta(days=i * step) for i in range(len(values))]
    points = tuple(Point(d, float(v), AT) for d, v in zip(days, values))
    return Measure(name, unit, better, points, baseline, AT)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    return root


def texts(root: ET.Element, cls: str) -> list[str]:
    found = []
    for el in root.iter():
        if cls in (el.get("class") or "").split():
            found += ["".join(t.itertext()) for t in el.iter(SVG + "text")]
    return found


def test_a_shift_is_named_with_its_dates_side_and_direction() -> None:
    # Weekly from 2004-01-05: point 12 is 2004-03-29, point 23 is 2004-06-14.
    rc = run_chart(measure(BEFORE + AFTER, baseline=12))
    assert [s.words for s in rc.signals] == [
        "shift: 12 points below the baseline median from 29 March 2004 to 14 June 2004"
        " — in the better direction (lower is better)"]
    (s,) = rc.signals
    assert (s.kind, s.start, s.end, s.side, s.length, s.direction) == (
        "shift", dt.date(2004, 3, 29), dt.date(2004, 6, 14), "below", 12, "better")
    assert rc.median == 41 and rc.median_label == "baseline median (first 12 points)"
    assert s.words[0].upper() + s.words[1:] in rc.description


@pytest.mark.parametrize("better, tail", [
    ("higher", "in the worse direction (higher is better)"),
    (None, "the measure does not say which direction is better"),
])
def test_direction_wording(better: str | None, tail: str) -> None:
    rc = run_chart(measure(BEFORE + AFTER, baseline=12, better=better))
    assert rc.signals[0].words.endswith("— " + tail)
    assert rc.signals[0].direction == (None if better is None else "worse")


def test_a_step_change_without_baseline_is_one_shift_line_judged_by_where_it_went() -> None:
    # Median of all 24 points is 36: the 12 before (38-44) sit above it, the
    # 12 after (28-34) below. Point 11 is 2004-03-22, point 12 is 2004-03-29.
    rc = run_chart(measure(BEFORE + AFTER))
    step, crossings = rc.signals
    assert step.words == (
        "shift: 12 points above the median from 5 January 2004 to 22 March 2004, then 12 points"
        " below it from 29 March 2004 to 14 June 2004 — the change is in the better direction"
        " (lower is better)")
    assert (step.kind, step.start, step.end, step.side, step.length, step.direction) == (
        "shift", dt.date(2004, 1, 5), dt.date(2004, 6, 14), "below", 12, "better")
    assert [(r.side, r.length, r.start, r.end, r.direction) for r in step.runs] == [
        ("above", 12, dt.date(2004, 1, 5), dt.date(2004, 3, 22), "worse"),
        ("below", 12, dt.date(2004, 3, 29), dt.date(2004, 6, 14), "better")]
    assert crossings.kind == "crossings" and crossings.words.startswith(
        "too few crossings: the points cross the median 1 time from 5 January 2004 to 14 June 2004")
    assert rc.summary == "2 signals of non-random variation by the Anhøj rules."
    assert "worse" not in rc.description
    assert "too few crossings: 1 (at least 8 expected)" in texts(parse(rc.svg), "rc-label")
    # Both runs stay marked on the chart: two shaded spans, 24 rings.
    assert len(circles(rc.svg, "rc-signal")) == 24
    assert len([el for el in parse(rc.svg).iter(SVG + "rect")
                if el.get("class") == "rc-shift"]) == 2


@pytest.mark.parametrize("better, tail", [
    ("higher", "the change is in the worse direction (higher is better)"),
    (None, "the measure does not say which direction is better"),
])
def test_step_change_direction_words(better: str | None, tail: str) -> None:
    step = run_chart(measure(BEFORE + AFTER, better=better)).signals[0]
    assert step.words.endswith(", then 12 points below it from 29 March 2004 to 14 June 2004 — " + tail)
    assert step.direction == (None if better is None else "worse")


HIGH = [50, 52, 49, 51, 53, 50, 48, 52, 51, 49, 50, 53]
LOW = [30, 28, 31, 29, 32, 30, 27, 31, 29, 30, 28, 32]


def test_only_a_pair_in_a_row_is_joined_and_a_lone_shift_keeps_its_own_line() -> None:
    # Baseline median 41 (first 12 points, which alternate around it; the
    # last, 42, is above and so starts the first run). Then points 12-23
    # above, 24-35 below, 36-47 above: weekly from 2004-01-05, point 11 is
    # 2004-03-22, 23 is 06-14, 24 is 06-21, 35 is 09-06, 36 is 09-13, 47 is 11-29.
    rc = run_chart(measure(BEFORE + HIGH + LOW + HIGH, baseline=12))
    shifts = [s for s in rc.signals if s.kind == "shift"]
    assert [s.words for s in shifts] == [
        "shift: 13 points above the baseline median from 22 March 2004 to 14 June 2004, then 12"
        " points below it from 21 June 2004 to 6 September 2004 — the change is in the better"
        " direction (lower is better)",
        "shift: 12 points above the baseline median from 13 September 2004 to 29 November 2004"
        " — in the worse direction (lower is better)"]
    assert [len(s.runs) for s in shifts] == [2, 1]
    assert [s.kind for s in rc.signals] == ["shift", "shift", "crossings"]


def test_two_shifts_on_the_same_side_are_not_joined() -> None:
    # One point below the baseline median (30) splits two long runs above it
    # (the first takes in BEFORE's last point, 42).
    rc = run_chart(measure(BEFORE + HIGH + [30] + HIGH, baseline=12))
    shifts = [s for s in rc.signals if s.kind == "shift"]
    assert [(s.side, s.length, s.direction, len(s.runs)) for s in shifts] == [
        ("above", 13, "worse", 1), ("above", 12, "worse", 1)]
    assert all(s.words.endswith("— in the worse direction (lower is better)") for s in shifts)


def test_the_words_never_claim_improvement() -> None:
    for better in ("lower", "higher", None):
        for series, baseline in ((BEFORE + AFTER, None), (BEFORE + AFTER, 12),
                                 (BEFORE + HIGH + LOW + HIGH, 12)):
            rc = run_chart(measure(series, better=better, baseline=baseline))
            words = " ".join([rc.description, rc.summary, rc.svg, rc.small_svg]
                             + [s.words for s in rc.signals])
            assert "improv" not in words.lower()


def test_random_data_shows_no_signal() -> None:
    rc = run_chart(measure(RANDOM))
    assert rc.judged and rc.signals == ()
    assert rc.summary.startswith("No signal of non-random variation")
    assert "rc-signal" not in rc.svg and "rc-shift" not in rc.svg
    assert not any(row.in_shift for row in rc.table)


def test_too_few_points_are_not_judged() -> None:
    rc = run_chart(measure([30, 10, 20, 50, 40, 60]))
    assert not rc.judged and rc.signals == ()
    assert rc.summary == ("Too few points off the median (6) to judge signals: "
                          "the Anhøj rules need at least 10.")
    assert rc.summary in rc.description
    assert "too few points off the median to judge signals" in texts(parse(rc.svg), "rc-label")


def test_table_and_csv_hold_the_data() -> None:
    rc = run_chart(measure(BEFORE + AFTER, baseline=12))
    assert len(rc.table) == 24
    assert [r.in_shift for r in rc.table] == [False] * 12 + [True] * 12
    # BEFORE alternates around its median 41, with 41 itself at points 0 and 7.
    assert [r.side for r in rc.table[:8]] == [
        "on", "below", "above", "below", "above", "below", "above", "on"]
    assert {r.side for r in rc.table[12:]} == {"below"}
    assert (rc.table[0].day, rc.table[0].value, rc.table[0].value_text) == (
        dt.date(2004, 1, 5), 41.0, "41")
    small = run_chart(measure([0.1 + 0.2, 41.0, -2.5], step=1))
    assert small.csv == "date,value\n2004-01-05,0.3\n2004-01-06,41\n2004-01-07,-2.5\n"


@pytest.mark.parametrize("value, text", [
    (41.0, "41"), (41.00000000001, "41"), (0.1 + 0.2, "0.3"), (-0.0, "0"),
    (38.5, "38.5"), (1234567.8, "1234568"), (0.000123456, "0.000123456"),
    (1e20, "1e+20"), (-7.25, "-7.25"),
])
def test_numbers_are_written_as_people_write_them(value: float, text: str) -> None:
    assert fmt_number(value) == text


def test_svg_is_well_formed_and_accessible() -> None:
    rc = run_chart(measure(BEFORE + AFTER, name='Falls <"per"> & slips', unit="per 1,000 <bed> days"),
                   id_prefix="story-falls-0")
    for markup, pid in ((rc.svg, "story-falls-0"), (rc.small_svg, "story-falls-0-small")):
        root = parse(markup)
        assert root.get("role") == "img"
        assert root.get("viewBox") and root.get("width") is None and root.get("height") is None
        assert root.get("aria-labelledby") == f"{pid}-title {pid}-desc"
        title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
        assert title is not None and title.get("id") == f"{pid}-title"
        assert desc is not None and desc.get("id") == f"{pid}-desc"
        assert title.text == 'Run chart: Falls <"per"> & slips (per 1,000 <bed> days)'
        assert ", then 12 points below it from 29 March 2004" in (desc.text or "")
        # Nothing that runs, loads or fixes a colour dark mode could not undo.
        for el in root.iter():
            assert el.tag.removeprefix(SVG) not in ("script", "foreignObject", "image", "a")
            assert "style" not in el.attrib and not any("href" in k for k in el.attrib)
            for attr in ("fill", "stroke"):
                assert el.get(attr, "none") in ("none", "currentColor")
    assert rc.title == 'Run chart: Falls <"per"> & slips (per 1,000 <bed> days)'
    assert "per 1,000 &lt;bed&gt; days" in rc.svg  # the y-axis label, escaped


def test_ids_are_unique_per_chart_and_safe() -> None:
    a = run_chart(measure(RANDOM), id_prefix="m1")
    b = run_chart(measure(RANDOM), id_prefix="m2")
    ids = lambda svg: {el.get("id") for el in parse(svg).iter() if el.get("id")}
    assert ids(a.svg).isdisjoint(ids(b.svg)) and ids(a.svg).isdisjoint(ids(a.small_svg))
    odd = run_chart(measure(RANDOM), id_prefix='9 "x"<y>')
    assert ids(odd.svg) == {"rc-9--x--y--title", "rc-9--x--y--desc"}


def circles(svg: str, cls: str) -> list[tuple[float, float]]:
    root = parse(svg)
    out = []
    for g in root.iter(SVG + "g"):  # the marks; the legend's sample is no <g>
        if g.get("class") == cls:
            out += [(float(c.get("cx")), float(c.get("cy"))) for c in g.iter(SVG + "circle")]
    return out


def test_the_time_axis_is_proportional_to_dates() -> None:
    days = [dt.date(2010, 1, 1), dt.date(2010, 1, 2), dt.date(2010, 1, 11), dt.date(2010, 4, 11)]
    xs = [x for x, _ in circles(run_chart(measure([1, 2, 3, 4], days=days)).svg, "rc-point")]
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    assert gaps[1] / gaps[0] == pytest.approx(9, rel=0.05)
    assert gaps[2] / gaps[0] == pytest.approx(90, rel=0.05)


def test_median_line_shift_marks_and_legend() -> None:
    rc = run_chart(measure(BEFORE + AFTER, baseline=12))
    root = parse(rc.svg)
    assert len(circles(rc.svg, "rc-signal")) == 12
    dashed = [el for el in root.iter(SVG + "line") if el.get("class") == "rc-median"]
    assert dashed and all(el.get("stroke-dasharray") for el in dashed)
    assert "baseline median (first 12 points): 41" in texts(root, "rc-label")
    (span,) = [el for el in root.iter(SVG + "rect") if el.get("class") == "rc-shift"]
    ring_x = [x for x, _ in circles(rc.svg, "rc-signal")]
    left, width = float(span.get("x")), float(span.get("width"))
    assert left < min(ring_x) and max(ring_x) < left + width
    labels = [t.text for t in root.iter(SVG + "text")]
    assert "days" in labels  # the y-axis label is the unit


def tick_labels(svg: str) -> dict[float, list[tuple[float, str]]]:
    """The time-axis labels, by line (their y), as (x, text)."""
    root = parse(svg)
    (g,) = [el for el in root.iter() if el.get("class") == "rc-tick"]
    lines: dict[float, list[tuple[float, str]]] = {}
    for t in g.iter(SVG + "text"):
        if t.get("text-anchor") == "middle":
            lines.setdefault(float(t.get("y")), []).append((float(t.get("x")), t.text or ""))
    return lines


@pytest.mark.parametrize("step, count", [(1, 3), (1, 60), (7, 40), (30, 60), (365, 30),
                                         (3650, 25), (1, 200)])
def test_time_labels_never_overlap(step: int, count: int) -> None:
    rc = run_chart(measure(list(range(count)), start=dt.date(1990, 3, 17), step=step))
    # Judged at ~0.6 em per glyph of the 11-unit tick font. The viewBox scales
    # as a whole, so labels apart here are apart on a 320 px phone too.
    width = float(parse(rc.svg).get("viewBox").split()[2])
    lines = tick_labels(rc.svg)
    first = lines[min(lines)]
    assert len(first) >= 2
    for row in lines.values():
        row.sort()
        for (xa, a), (xb, b) in zip(row, row[1:]):
            assert xb - xa >= (len(a) + len(b)) / 2 * 0.6 * 11 + 2, (a, b)
        assert all(0 <= x - len(t) * 3.3 and x + len(t) * 3.3 <= width for x, t in row)


def test_single_point_and_flat_series_render() -> None:
    one = run_chart(measure([5]))
    assert len(circles(one.svg, "rc-point")) == 1 and one.median == 5
    assert one.description.startswith("1 point on 5 January 2004; median 5 days.")
    flat = run_chart(measure([3] * 30))
    assert flat.signals == () and not flat.judged and len(circles(flat.svg, "rc-point")) == 30


def test_small_chart_has_no_labels_but_keeps_its_title() -> None:
    rc = run_chart(measure(BEFORE + AFTER, baseline=12), id_prefix="t")
    root = parse(rc.small_svg)
    assert root.get("class") == "rc-small"
    assert list(root.iter(SVG + "text")) == []
    assert root.find(SVG + "title").text == rc.title
    assert len(circles(rc.small_svg, "rc-signal")) == 12


def test_class_names_are_documented() -> None:
    rc = run_chart(measure(BEFORE + AFTER, baseline=12))
    used = set(re.findall(r'class="([^"]+)"', rc.svg + rc.small_svg))
    assert used and all(name in CHART_CLASSES for name in used)


@st.composite
def measures(draw):
    n = draw(st.integers(1, 200))
    values = draw(st.lists(
        st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                  st.integers(-50, 50).map(float)), min_size=n, max_size=n))
    start = draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
    gaps = draw(st.lists(st.integers(0, 400), min_size=n - 1, max_size=n - 1))
    days = [start]
    for g in gaps:
        days.append(days[-1] + dt.timedelta(days=g))
    baseline = draw(st.one_of(st.none(), st.integers(1, n)))
    return Measure(draw(st.text(max_size=40)), draw(st.text(max_size=20)),
                   draw(st.sampled_from(["lower", "higher", None])),
                   tuple(Point(d, v, AT) for d, v in zip(days, values)), baseline, AT)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(measures(), st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True))
def test_any_valid_measure_renders(m: Measure, prefix: str) -> None:
    rc = run_chart(m, id_prefix=prefix)
    for markup in (rc.svg, rc.small_svg):
        root = parse(markup)
        ids = root.get("aria-labelledby").split()
        assert [root.find(SVG + tag).get("id") for tag in ("title", "desc")] == ids
        assert root.find(SVG + "title").text
    assert len(rc.csv.splitlines()) == len(m.points) + 1
    assert len(rc.table) == len(m.points)
    if "improv" not in (m.name + m.unit).lower():
        assert "improv" not in (rc.description + "".join(s.words for s in rc.signals)).lower()
    for s in rc.signals:
        if s.kind == "shift":
            assert s.start is not None and s.end is not None and s.start <= s.end
