"""A run chart's words in the reader's language: its verdict, signals, notes and table.

Each sentence is one catalogue string with its plural forms, never English
glued from pieces, because word order and the definite form differ
("the median" is "medianen" in Swedish). A sentence that names days keeps
them as marks until a page shows it, so that the page can put each day in a
`<time>` with its ISO date, whatever the language wrote around it.
"""

from __future__ import annotations

import datetime as dt
import re

from ..i18n.catalogues import Words
from ..i18n.dates import decimal_mark

_DAY = re.compile("\x00(\\d{4}-\\d{2}-\\d{2})\x00")

# The line the points are judged against, as the sentences name it.
MEDIAN, BASELINE, IT = "median", "baseline", "it"


def mark(day: dt.date) -> str:
    """A day inside a sentence, written out when the sentence is shown."""
    return f"\x00{day.isoformat()}\x00"


def cap(text: str) -> str:
    """First letter up, the rest as written (Jinja's capitalize lowers units like GP)."""
    return text[:1].upper() + text[1:]


class ChartWords:
    """The sentences of run charts in one language (English when no words are given)."""

    def __init__(self, words: Words | None = None) -> None:
        self.t = words or Words("en")

    # -- pieces ---------------------------------------------------------------
    def date(self, day: dt.date) -> str:
        return self.t.date(day)

    def number(self, value: float, sig: int = 6) -> str:
        return self.t.number(value, sig)

    def plain(self, marked: str) -> str:
        """A sentence with its days written out."""
        return _DAY.sub(lambda m: self.date(dt.date.fromisoformat(m[1])), marked)

    def parts(self, marked: str) -> tuple[tuple[str, str], ...]:
        """(text, ISO day or '') pieces of a sentence, each day its own piece."""
        pieces = _DAY.split(marked)
        out = []
        for i, piece in enumerate(pieces):
            if i % 2:
                out.append((self.date(dt.date.fromisoformat(piece)), piece))
            elif piece:
                out.append((piece, ""))
        return tuple(out)

    def months(self) -> tuple[str, ...]:
        return self.t.short_months()

    def decimal_mark(self) -> str:
        return decimal_mark(self.t.code)

    # -- the median -------------------------------------------------------------
    def median_label(self, baseline: int | None) -> str:
        if baseline is None:
            return self.t.gettext("median")
        return self.t.ngettext("baseline median (first %(n)d point)", "baseline median (first %(n)d points)",
                               baseline) % {"n": baseline}

    def line(self, baseline: int | None) -> str:
        """The line's short name: 'median' or 'baseline median'."""
        return self.t.gettext("median") if baseline is None else self.t.gettext("baseline median")

    def against(self, baseline: int | None) -> str:
        """The heading of the table's column that says where each point sits."""
        return self.t.gettext("Against the median") if baseline is None else self.t.gettext(
            "Against the baseline median")

    def position(self, side: str, baseline: int | None, in_shift: bool) -> str:
        t = self.t
        if side == "above":
            where = t.gettext("above")
        elif side == "below":
            where = t.gettext("below")
        else:
            where = t.gettext("on the median") if baseline is None else t.gettext("on the baseline median")
        return t.gettext("%(position)s, in a shift") % {"position": where} if in_shift else where

    # -- signals ----------------------------------------------------------------
    def shift_label(self) -> str:
        return self.t.gettext("shift")

    def crossings_label(self) -> str:
        return self.t.gettext("too few crossings")

    def run(self, n: int, side: str, against: str, start: dt.date, end: dt.date) -> str:
        """'12 points above the median from <day> to <day>', days marked."""
        t, values = self.t, {"n": n, "start": mark(start), "end": mark(end)}
        if against == IT:
            text = (t.ngettext("%(n)d point above it from %(start)s to %(end)s",
                               "%(n)d points above it from %(start)s to %(end)s", n) if side == "above" else
                    t.ngettext("%(n)d point below it from %(start)s to %(end)s",
                               "%(n)d points below it from %(start)s to %(end)s", n))
        elif against == BASELINE:
            text = (t.ngettext("%(n)d point above the baseline median from %(start)s to %(end)s",
                               "%(n)d points above the baseline median from %(start)s to %(end)s", n)
                    if side == "above" else
                    t.ngettext("%(n)d point below the baseline median from %(start)s to %(end)s",
                               "%(n)d points below the baseline median from %(start)s to %(end)s", n))
        else:
            text = (t.ngettext("%(n)d point above the median from %(start)s to %(end)s",
                               "%(n)d points above the median from %(start)s to %(end)s", n) if side == "above" else
                    t.ngettext("%(n)d point below the median from %(start)s to %(end)s",
                               "%(n)d points below the median from %(start)s to %(end)s", n))
        return text % values

    def then(self, first: str, second: str) -> str:
        return self.t.gettext("%(first)s, then %(second)s") % {"first": first, "second": second}

    def way(self, direction: str | None, better: str | None, step: bool) -> str:
        """Whether a shift lies on the measure's better side; never 'improvement'."""
        t = self.t
        if direction is None or better is None:
            return t.gettext("the measure does not say which direction is better")
        if step:
            return {
                ("better", "lower"): t.gettext("the change is in the better direction (lower is better)"),
                ("better", "higher"): t.gettext("the change is in the better direction (higher is better)"),
                ("worse", "lower"): t.gettext("the change is in the worse direction (lower is better)"),
                ("worse", "higher"): t.gettext("the change is in the worse direction (higher is better)"),
            }[(direction, better)]
        return {
            ("better", "lower"): t.gettext("in the better direction (lower is better)"),
            ("better", "higher"): t.gettext("in the better direction (higher is better)"),
            ("worse", "lower"): t.gettext("in the worse direction (lower is better)"),
            ("worse", "higher"): t.gettext("in the worse direction (higher is better)"),
        }[(direction, better)]

    def shift(self, runs: str, way: str) -> str:
        return self.t.gettext("%(runs)s — %(way)s") % {"runs": runs, "way": way}

    def crossings(self, count: int, limit: int, useful: int, baseline: int | None, start: dt.date,
                  end: dt.date) -> str:
        t = self.t
        days = {"n": count, "start": mark(start), "end": mark(end)}
        if baseline is None:
            crossed = t.ngettext("the points cross the median %(n)d time from %(start)s to %(end)s",
                                 "the points cross the median %(n)d times from %(start)s to %(end)s", count)
            expected = t.ngettext("where at least %(limit)d are expected by chance for %(n)d point off the median",
                                  "where at least %(limit)d are expected by chance for %(n)d points off the median",
                                  useful)
        else:
            crossed = t.ngettext("the points cross the baseline median %(n)d time from %(start)s to %(end)s",
                                 "the points cross the baseline median %(n)d times from %(start)s to %(end)s",
                                 count)
            expected = t.ngettext(
                "where at least %(limit)d are expected by chance for %(n)d point off the baseline median",
                "where at least %(limit)d are expected by chance for %(n)d points off the baseline median", useful)
        return t.gettext("%(crossings)s, %(expected)s — this signal does not show a direction") % {
            "crossings": crossed % days, "expected": expected % {"limit": limit, "n": useful}}

    def labelled(self, label: str, sentence: str) -> str:
        return f"{label}: {sentence}"

    # -- the verdict ------------------------------------------------------------
    def unjudged(self, useful: int, least: int, baseline: int | None) -> str:
        values = {"n": useful, "least": least}
        if baseline is None:
            return self.t.gettext("Too few points off the median (%(n)d) to judge signals: the Anhøj rules need "
                                  "at least %(least)d.") % values
        return self.t.gettext("Too few points off the baseline median (%(n)d) to judge signals: the Anhøj rules "
                              "need at least %(least)d.") % values

    def signals_found(self, n: int) -> str:
        return self.t.ngettext("%(n)d signal of non-random variation by the Anhøj rules.",
                               "%(n)d signals of non-random variation by the Anhøj rules.", n) % {"n": n}

    def no_signal(self, longest: int, longest_limit: int, crossings: int, crossings_limit: int) -> str:
        t = self.t
        run = t.ngettext("the longest run is %(n)d point (a shift needs more than %(limit)d)",
                         "the longest run is %(n)d points (a shift needs more than %(limit)d)", longest)
        crossed = t.ngettext("there is %(n)d crossing (fewer than %(limit)d would be a signal)",
                             "there are %(n)d crossings (fewer than %(limit)d would be a signal)", crossings)
        return t.gettext("No signal of non-random variation by the Anhøj rules: %(run)s and %(crossings)s.") % {
            "run": run % {"n": longest, "limit": longest_limit},
            "crossings": crossed % {"n": crossings, "limit": crossings_limit}}

    def verdict(self, judged: bool, kinds: list[tuple[str, str | None]]) -> str:
        """A few words for a small multiple: (kind, direction) of each signal."""
        t = self.t
        if not judged:
            return t.gettext("Too few points to judge")
        if not kinds:
            return t.gettext("No signal")
        parts = []
        for kind, direction in kinds:
            if kind == "crossings":
                parts.append(t.gettext("too few crossings"))
            elif direction == "better":
                parts.append(t.gettext("shift in the better direction"))
            elif direction == "worse":
                parts.append(t.gettext("shift in the worse direction"))
            else:
                parts.append(t.gettext("shift"))
        return cap(", ".join(dict.fromkeys(parts)))  # keep order, drop repeats

    # -- titles, notes and the table ---------------------------------------------
    def title(self, name: str, unit: str) -> str:
        if unit:
            return self.t.gettext("Run chart: %(name)s (%(unit)s)") % {"name": name, "unit": unit}
        return self.t.gettext("Run chart: %(name)s") % {"name": name}

    def span(self, days: list[dt.date]) -> str:
        if len(days) == 1:
            return self.t.gettext("1 point on %(day)s") % {"day": self.date(days[0])}
        return self.t.ngettext("%(n)d point from %(start)s to %(end)s", "%(n)d points from %(start)s to %(end)s",
                               len(days)) % {"n": len(days), "start": self.date(days[0]), "end": self.date(days[-1])}

    def described(self, span: str, median: str) -> str:
        return self.t.gettext("%(span)s; %(median)s.") % {"span": span, "median": median}

    def axis(self, unit: str) -> str:
        """The y-axis label: the unit, or a word for a measure that has none."""
        return unit or self.t.gettext("value")

    def ring_note(self) -> str:
        return self.t.gettext("point in a shift (shaded)")

    def crossings_note(self, count: int, limit: int) -> str:
        return self.t.gettext("too few crossings: %(n)d (at least %(limit)d expected)") % {"n": count, "limit": limit}

    def unjudged_note(self) -> str:
        return self.t.gettext("too few points off the median to judge signals")

    def better(self, better: str | None) -> str:
        t = self.t
        if better == "lower":
            return t.gettext("lower is better")
        if better == "higher":
            return t.gettext("higher is better")
        return t.gettext("no direction is marked as better")

    def caption(self, measure: str, points: int, median: str) -> str:
        return self.t.ngettext("%(measure)s: %(n)d point, %(median)s", "%(measure)s: %(n)d points, %(median)s",
                               points) % {"measure": measure, "n": points, "median": median}

    def value_heading(self, unit: str) -> str:
        return self.t.gettext("Value (%(unit)s)") % {"unit": unit} if unit else self.t.gettext("Value")
