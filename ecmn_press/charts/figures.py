"""Run charts as template views: the story page's figures, the team page's
small multiples.

Every id a chart brings into a page (the figure, the SVG's title and desc)
is chosen here, once per page, so none repeats another chart's or a heading's
id. The story page's figure ids are also the anchors the team page links to.
"""

from __future__ import annotations

from typing import Callable

from ..core.model import Document, Measure, Story
from .run_chart import ChartSignal, Reading, RunChart, read_measure
from .words import ChartWords, cap


def _free_id(base: str, suffixes: tuple[str, ...], taken: set[str]) -> str:
    """base, or base-2, base-3, ...: the first whose ids are all still free."""
    candidate, n = base, 1
    while any(candidate + s in taken for s in suffixes):
        n += 1
        candidate = f"{base}-{n}"
    taken.update(candidate + s for s in suffixes)
    return candidate


def figure_ids(measure_slugs: list[str], heading_ids: set[str]) -> list[str]:
    """The figure id of each measure on a story page: 'measure-<slug>', moved
    aside (-2, -3) where a heading's id, or one the chart's SVG adds, is taken.
    Links to a story may point at these, so the Markdown stage checks them too."""
    taken = set(heading_ids)
    return [_free_id(f"measure-{slug}", ("", "-title", "-desc"), taken) for slug in measure_slugs]


class ChartViews:
    """Chart views for one build in one language. `files` is the plan's story
    path -> (slug, CSV URL) per measure; `heading_ids` gives the ids a body
    already uses; `words` the reader's language (English when None)."""

    def __init__(self, files: dict[str, list[tuple[str, str]]], href: Callable[[str], str],
                 heading_ids: Callable[[Document], set[str]], words: ChartWords | None = None,
                 noted: Callable[[str], None] = lambda path: None) -> None:
        self.files = files
        # Told each time a story's figure ids are used: they come from its headings, so a page
        # showing them depends on that body, even when they were found for an earlier page.
        self.noted = noted
        self.href = href
        self.heading_ids = heading_ids
        self.words = words or ChartWords()
        self._figure_ids: dict[str, list[str]] = {}
        self._readings: dict[tuple[str, int], Reading] = {}  # a story's measures, analysed once

    def reading(self, story: Story, index: int) -> Reading:
        key = (story.path, index)
        found = self._readings.get(key)
        if found is None:
            found = self._readings[key] = read_measure(story.measures[index], self.words)
        return found

    def figure_ids(self, story: Story) -> list[str]:
        """The id of each measure's figure on the story page."""
        self.noted(story.path)
        found = self._figure_ids.get(story.path)
        if found is None:
            slugs = [slug for slug, _ in self.files.get(story.path, [])]
            found = self._figure_ids[story.path] = figure_ids(slugs, self.heading_ids(story))
        return found

    def story(self, story: Story) -> list[dict]:
        """One figure per measure: chart, words, table and CSV link."""
        files = self.files.get(story.path, [])
        w = self.words
        views = []
        for index, ((slug, url), fid) in enumerate(zip(files, self.figure_ids(story))):
            measure = story.measures[index]
            rc = self.reading(story, index).chart(fid)
            views.append({
                "id": fid,
                "name": measure.name,
                "unit": measure.unit,
                "better": measure.better,
                "better_text": cap(w.better(measure.better)),
                "svg": rc.svg,
                "summary": rc.summary,
                "judged": rc.judged,
                "median_text": cap(f"{rc.median_label}: {w.number(rc.median)}"
                                   + (f" {measure.unit}" if measure.unit else "")),
                "signals": [_signal(s) for s in rc.signals],
                "csv": {"href": self.href(url), "download": f"{story.slug}-{slug}.csv",
                        "points": len(measure.points)},
                "table": _table(measure, rc, w),
            })
        return views

    def team(self, stories: list[Story], story_url: Callable[[Story], str],
             team_heading_ids: set[str]) -> list[dict]:
        """One small multiple per measure of the team's stories, in their order."""
        taken = set(team_heading_ids)
        views = []
        for story in stories:
            if story.path not in self.files:
                continue  # no page of its own (its URL was taken): nothing to link to
            for index, fid in enumerate(self.figure_ids(story)):
                measure = story.measures[index]
                prefix = _free_id(f"team-chart-{len(views) + 1}", ("-small-title", "-small-desc"),
                                  taken)
                reading = self.reading(story, index)
                views.append({
                    "name": measure.name,
                    "unit": measure.unit,
                    "better_text": self.words.better(measure.better),
                    "story_title": story.title,
                    "href": self.href(story_url(story)) + "#" + fid,
                    "small_svg": reading.small_svg(prefix),
                    "verdict": self.words.verdict(reading.judged, [(s.kind, s.direction) for s in reading.signals]),
                })
        return views


def _signal(s: ChartSignal) -> dict:
    # A list whose items start with what kind of signal they are ("Shift:"),
    # and the rest in pieces, each day its own so the page can keep it on one
    # line and give machines the ISO date beside the words.
    parts = [{"text": text, "date": bool(iso), "iso": iso} for text, iso in s.parts]
    return {"kind": s.kind, "label": cap(s.label), "text": "".join(p["text"] for p in parts), "parts": parts,
            "words": s.words, "direction": s.direction}


def _table(measure: Measure, rc: RunChart, w: ChartWords) -> dict:
    baseline = measure.baseline
    rows = []
    for row in rc.table:
        rows.append({
            "iso": row.day.isoformat(),
            "text": w.date(row.day),
            "value": row.value_text,
            # The column is headed "Against the median", so a word or two says it.
            "position": w.position(row.side, baseline, row.in_shift),
            "in_shift": row.in_shift,
        })
    name = f"{measure.name} ({measure.unit})" if measure.unit else measure.name
    return {
        "caption": w.caption(name, len(rows), f"{rc.median_label} {w.number(rc.median)}"),
        "value_heading": w.value_heading(measure.unit),
        "where": w.line(baseline),
        "against": w.against(baseline),
        "rows": rows,
    }
