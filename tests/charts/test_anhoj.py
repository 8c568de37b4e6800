"""The Anhøj rules against hand-worked examples and the published limits."""

from __future__ import annotations

import math
from fractions import Fraction
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecmn_press.charts import anhoj
from ecmn_press.charts.anhoj import Run

# Anhøj's table of critical values (longest run, fewest crossings) for n
# useful observations, as published with qicharts2 / "Run charts revisited".
# Checked by hand:
# * longest run = round(log2(n) + 3) steps up where log2(n) + 3 passes x.5,
#   i.e. at n = 2**3.5 = 11.3, 2**4.5 = 22.6, 2**5.5 = 45.3, 2**6.5 = 90.5:
#   6 for n = 10-11, 7 for 12-22, 8 for 23-45, 9 for 46-90, 10 from 91.
# * fewest crossings = smallest c with P(X <= c) >= 0.05, X ~ Bin(n - 1, 1/2):
#   n = 10: Bin(9): P(X<=1) = (1+9)/512 = .020, P(X<=2) = 46/512 = .090 -> 2
#   n = 12: Bin(11): P(X<=2) = 67/2048 = .033, P(X<=3) = 232/2048 = .113 -> 3
#   n = 14: Bin(13): P(X<=3) = 378/8192 = .046, P(X<=4) = 1093/8192 = .133 -> 4
#   n = 20: Bin(19): P(X<=5) = 16664/524288 = .032, P(X<=6) = 43796/524288
#           = .084 -> 6
#   n = 24: qicharts2's own summary example prints longest.run.max 8 and
#           n.crossings.min 8 for 24 useful observations.
#   n = 30: Bin(29): P(X<=9) = 16489546/2**29 = .031, P(X<=10) = 36519556/2**29
#           = .068 -> 10
PUBLISHED = {
    10: (6, 2), 11: (6, 2), 12: (7, 3), 13: (7, 3), 14: (7, 4), 15: (7, 4),
    16: (7, 4), 17: (7, 5), 18: (7, 5), 19: (7, 6), 20: (7, 6), 21: (7, 6),
    22: (7, 7), 23: (8, 7), 24: (8, 8), 25: (8, 8), 26: (8, 8), 27: (8, 9),
    28: (8, 9), 29: (8, 10), 30: (8, 10), 31: (8, 11), 32: (8, 11), 33: (8, 11),
    34: (8, 12), 35: (8, 12), 36: (8, 13), 37: (8, 13), 38: (8, 14), 39: (8, 14),
    40: (8, 14), 45: (8, 17), 46: (9, 17), 50: (9, 19), 60: (9, 23),
    90: (9, 37), 91: (10, 37), 100: (10, 41),
}


@pytest.mark.parametrize("n", sorted(PUBLISHED))
def test_limits_match_the_published_table(n: int) -> None:
    assert (anhoj.longest_run_limit(n), anhoj.crossings_limit(n)) == PUBLISHED[n]


def test_rounding_mode_never_matters_for_whole_n() -> None:
    # Python's round() is half-to-even; ours is half-up. log2(n) is never
    # x.5, so both give the same limit for every n we could meet.
    for n in range(1, 20_000):
        assert anhoj.longest_run_limit(n) == round(math.log2(n) + 3)


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=400))
def test_crossings_limit_is_the_5th_percentile(n: int) -> None:
    trials = n - 1
    cdf = [Fraction(sum(comb(trials, i) for i in range(c + 1)), 2**trials)
           for c in range(trials + 1)]
    c = anhoj.crossings_limit(n)
    assert cdf[c] >= Fraction(1, 20)
    assert c == 0 or cdf[c - 1] < Fraction(1, 20)
    # The same number read as "the largest c with P(X < c) <= 0.05".
    assert c == max(k for k in range(trials + 2) if k == 0 or cdf[k - 1] <= Fraction(1, 20))


def test_median_of_all_points_or_a_baseline() -> None:
    assert anhoj.median([3, 1, 2]) == 2
    assert anhoj.median([4, 1, 3, 2]) == 2.5
    assert anhoj.median([5, 5, 1, 9]) == 5
    assert anhoj.median([10, 20, 30, 1, 1, 1], baseline=3) == 20
    assert anhoj.median([1e308, 1.7e308]) == pytest.approx(1.35e308)
    with pytest.raises(ValueError):
        anhoj.median([1, 2], baseline=0)
    with pytest.raises(ValueError):
        anhoj.median([1, 2], baseline=3)


def test_points_on_the_median_neither_break_nor_make_a_run() -> None:
    # median 5: + + 0 + | - 0 - | 0 | +   (0 = on the median)
    values = [6, 7, 5, 8, 1, 5, 2, 5, 9]
    assert anhoj.median(values) == 5
    assert anhoj.runs(values, 5) == (
        Run("above", 0, 3, 3),  # the 5 at index 2 does not break it
        Run("below", 4, 6, 2),
        Run("above", 8, 8, 1),  # the 5 at index 7 is no run of its own
    )
    assert anhoj.crossings(anhoj.runs(values, 5)) == 2


def test_a_clear_shift_against_the_whole_series_median() -> None:
    # 12 weeks around 41, then 12 around 31: median 36, so the two halves are
    # runs of 12 (limit 8 for 24 useful) and there is 1 crossing (limit 8).
    before = [41, 39, 43, 40, 42, 38, 44, 41, 40, 43, 39, 42]
    after = [33, 31, 34, 30, 32, 29, 33, 31, 30, 28, 32, 31]
    r = anhoj.analyse(before + after, better="lower")
    assert (r.median, r.useful, r.longest_run, r.crossings) == (36.0, 24, 12, 1)
    assert (r.longest_run_limit, r.crossings_limit) == (8, 8)
    shifts = [s for s in r.signals if s.kind == "shift"]
    assert [(s.side, s.start, s.end, s.length, s.direction) for s in shifts] == [
        ("above", 0, 11, 12, "worse"), ("below", 12, 23, 12, "better")]
    assert [s.kind for s in r.signals].count("crossings") == 1


def test_a_baseline_freezes_the_median_on_the_first_points() -> None:
    before = [41, 39, 43, 40, 42, 38, 44, 41, 40, 43, 39, 42]
    after = [33, 31, 34, 30, 32, 29, 33, 31, 30, 28, 32, 31]
    r = anhoj.analyse(before + after, better="higher", baseline=12)
    # Baseline median: sorted 38 39 39 40 40 41 41 42 42 43 43 44 -> 41. The
    # two 41s are on it, so 22 points are useful (limit 7, crossings limit 7).
    assert (r.median, r.baseline, r.useful) == (41.0, 12, 22)
    assert (r.longest_run_limit, r.crossings_limit) == (7, 7)
    # Baseline sides: 0 - + - + - + 0 - + - + (runs of 1), then the 12 new
    # points all below: one run of 12, longer than 7.
    shifts = [s for s in r.signals if s.kind == "shift"]
    assert [(s.side, s.start, s.end, s.length, s.direction) for s in shifts] == [
        ("below", 12, 23, 12, "worse")]


def test_random_looking_series_has_no_signal() -> None:
    # 20 values, median 50: sides + - + + - - + - + - - + + - + - + - - +
    values = [55, 44, 61, 52, 47, 38, 58, 41, 66, 49,
              43, 57, 53, 45, 59, 42, 51, 48, 39, 60]
    r = anhoj.analyse(values, better="lower")
    assert (r.median, r.useful) == (50.0, 20)
    assert (r.longest_run, r.crossings) == (2, 14)  # limits: 7 and 6
    assert r.judged and r.signals == ()


def test_too_few_crossings_without_a_long_run() -> None:
    # Runs of 5, 5, 5, 5 around median 10: 3 crossings; limits for 20 useful
    # are 7 (run) and 6 (crossings), so only the crossings rule fires.
    values = ([12] * 5 + [8] * 5) * 2
    r = anhoj.analyse(values)
    assert (r.longest_run, r.crossings) == (5, 3)
    assert [(s.kind, s.start, s.end, s.side, s.direction) for s in r.signals] == [
        ("crossings", 0, 19, None, None)]


def test_fewer_than_ten_useful_points_are_not_judged() -> None:
    # Baseline median 10, then 9 points below it: a run of 9 would exceed any
    # limit, but 9 useful observations are too few to judge.
    r = anhoj.analyse([10, 10, 10] + [1] * 9, baseline=3)
    assert (r.useful, r.longest_run, r.judged, r.signals) == (9, 9, False, ())
    assert r.longest_run_limit is None and r.crossings_limit is None
    # One more point makes 10 useful: limit 6, so the run of 10 is a shift.
    r = anhoj.analyse([10, 10, 10] + [1] * 10, baseline=3)
    assert r.judged and [(s.kind, s.start, s.end) for s in r.signals][0] == ("shift", 3, 12)


def test_single_and_all_equal_series() -> None:
    r = anhoj.analyse([7.5])
    assert (r.median, r.useful, r.runs, r.judged) == (7.5, 0, (), False)
    r = anhoj.analyse([3.0] * 50)
    assert (r.useful, r.crossings, r.longest_run, r.signals) == (0, 0, 0, ())


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        anhoj.analyse([])
    with pytest.raises(ValueError):
        anhoj.analyse([1.0, float("nan")])
    with pytest.raises(ValueError):
        anhoj.longest_run_limit(0)


@pytest.mark.parametrize("side, better, expected", [
    ("below", "lower", "better"), ("above", "lower", "worse"),
    ("above", "higher", "better"), ("below", "higher", "worse"),
    ("above", None, None), ("below", None, None),
])
def test_direction(side: str, better: str | None, expected: str | None) -> None:
    assert anhoj.direction(side, better) == expected  # type: ignore[arg-type]


@given(st.lists(st.integers(-5, 5), min_size=1, max_size=120))
def test_runs_account_for_every_useful_point(values: list[int]) -> None:
    centre = anhoj.median(values)
    found = anhoj.runs(values, centre)
    assert sum(r.length for r in found) == sum(v != centre for v in values)
    for a, b in zip(found, found[1:]):
        assert a.side != b.side and a.end < b.start
    for r in found:
        inside = [v for v in values[r.start:r.end + 1] if v != centre]
        assert len(inside) == r.length
        assert all((v > centre) == (r.side == "above") for v in inside)
