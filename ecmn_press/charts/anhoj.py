"""The Anhøj rules for run charts, as pure functions over a list of numbers.

A run chart tests whether a series varies at random around its median. Anhøj's
two rules adapt to the number of *useful* observations n (points that are not
on the median):

* a *shift*: a run (consecutive useful observations on one side of the
  median) longer than round(log2(n) + 3);
* too few *crossings*: the series crosses the median fewer times than the
  5th percentile of Binomial(n - 1, 0.5), i.e. fewer than the smallest c with
  P(X <= c) >= 0.05 (R's ``qbinom(0.05, n - 1, 0.5)``).

These are the definitions behind Anhøj's published table of critical values
(n = 10..100) and the qicharts2 package. Points on the median are dropped
before counting, so they neither break nor make a run, and a run's length is
the number of useful observations in it.

A frozen baseline (``baseline=N``) computes the median from the first N points
only; the rules are then applied to the whole series against that median, so
a change after the baseline shows up as a long run on one side.

With fewer than ``MIN_USEFUL`` useful observations nothing is judged: the
result says so (``judged`` is False) and lists no signals, rather than claim
that the series is random or not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Sequence

Side = Literal["above", "below"]
Better = Literal["lower", "higher"] | None
Direction = Literal["better", "worse"] | None

# Anhøj's table starts at 10 useful observations; below that the crossings
# limit is 0 or 1 and a "run" of 6 is half the series, so a signal would say
# more about the sample size than about the process.
MIN_USEFUL = 10


@dataclass(frozen=True, slots=True)
class Run:
    """A maximal stretch of useful observations on one side of the median.

    ``start`` and ``end`` are indexes into the full series (inclusive) of the
    run's first and last useful observation; points on the median between
    them belong to the span but not to ``length``.
    """

    side: Side
    start: int
    end: int
    length: int


@dataclass(frozen=True, slots=True)
class Signal:
    """A sign of non-random variation.

    ``shift``: one run longer than the limit (``side`` and ``length`` set).
    ``crossings``: too few crossings over the whole series (``start``/``end``
    span the useful observations; no side, no direction).
    """

    kind: Literal["shift", "crossings"]
    start: int
    end: int
    side: Side | None
    length: int | None
    direction: Direction


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the rules computed for one series."""

    n: int  # all points
    median: float
    baseline: int | None  # points the median was computed from, or None: all
    useful: int  # points not on the median
    runs: tuple[Run, ...]
    longest_run: int
    crossings: int
    longest_run_limit: int | None  # None when not judged
    crossings_limit: int | None
    judged: bool
    signals: tuple[Signal, ...]


def median(values: Sequence[float], baseline: int | None = None) -> float:
    """The median of all values, or of the first ``baseline`` values."""
    if baseline is not None:
        if not 1 <= baseline <= len(values):
            raise ValueError(f"baseline must be 1..{len(values)}, not {baseline}")
        values = values[:baseline]
    if not values:
        raise ValueError("the median of no values is undefined")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    lo, hi = ordered[mid - 1], ordered[mid]
    if lo == hi:
        # Exact, so points equal to both middle values sit on the median.
        return float(lo)
    # Halves first: lo + hi could overflow for values near the float limit.
    return lo / 2 + hi / 2


def sides(values: Sequence[float], centre: float) -> tuple[int, ...]:
    """+1 above, -1 below, 0 on the centre line, for each value."""
    return tuple((v > centre) - (v < centre) for v in values)


def runs(values: Sequence[float], centre: float) -> tuple[Run, ...]:
    """The runs of useful observations, in order; median points are skipped."""
    found: list[Run] = []
    side = 0
    start = end = length = 0
    for i, s in enumerate(sides(values, centre)):
        if s == 0:
            continue
        if s == side:
            end, length = i, length + 1
            continue
        if side:
            found.append(Run(_side_name(side), start, end, length))
        side, start, end, length = s, i, i, 1
    if side:
        found.append(Run(_side_name(side), start, end, length))
    return tuple(found)


def _side_name(sign: int) -> Side:
    return "above" if sign > 0 else "below"


def crossings(found: Sequence[Run]) -> int:
    """How many times the useful observations change side."""
    return max(len(found) - 1, 0)


def longest_run_limit(n: int) -> int:
    """The longest run expected by chance among n useful observations.

    round(log2(n) + 3). log2 of an integer is never exactly halfway between
    two integers (it is an integer or irrational), so banker's rounding and
    round-half-up agree for every n; we still round half up on purpose.
    """
    if n < 1:
        raise ValueError("the limit needs at least one useful observation")
    return math.floor(math.log2(n) + 3 + 0.5)


def crossings_limit(n: int) -> int:
    """The fewest crossings expected by chance among n useful observations.

    The 5th percentile of Binomial(n - 1, 0.5) in R's sense: the smallest c
    with P(X <= c) >= 0.05. Fewer crossings than this is a signal. Worked in
    integers: P(X <= c) >= 1/20 exactly when 20 * num >= den.
    """
    if n < 1:
        raise ValueError("the limit needs at least one useful observation")
    trials, num, den = n - 1, 0, 2 ** (n - 1)
    for c in range(trials + 1):
        num += math.comb(trials, c)  # running P(X <= c) * den
        if 20 * num >= den:
            return c
    return trials  # unreachable: P(X <= trials) is 1


def direction(side: Side, better: Better) -> Direction:
    """Whether a shift to ``side`` of the median goes the ``better`` way."""
    if better is None:
        return None
    lower = side == "below"
    return "better" if lower == (better == "lower") else "worse"


def analyse(
    values: Sequence[float], better: Better = None, baseline: int | None = None
) -> Analysis:
    """Apply both rules to a series in time order.

    ``baseline`` freezes the median on the first N values (1..len(values));
    the runs are still counted over the whole series against that median.
    """
    if not values:
        raise ValueError("a run chart needs at least one value")
    if any(not math.isfinite(v) for v in values):
        raise ValueError("run chart values must be finite numbers")
    centre = median(values, baseline)
    found = runs(values, centre)
    useful = sum(r.length for r in found)
    longest = max((r.length for r in found), default=0)
    crossed = crossings(found)
    if useful < MIN_USEFUL:
        return Analysis(len(values), centre, baseline, useful, found, longest,
                        crossed, None, None, False, ())
    run_limit = longest_run_limit(useful)
    cross_limit = crossings_limit(useful)
    signals = [
        Signal("shift", r.start, r.end, r.side, r.length, direction(r.side, better))
        for r in found
        if r.length > run_limit
    ]
    if crossed < cross_limit:
        signals.append(Signal("crossings", found[0].start, found[-1].end, None, None, None))
    return Analysis(len(values), centre, baseline, useful, found, longest, crossed,
                    run_limit, cross_limit, True, tuple(signals))
