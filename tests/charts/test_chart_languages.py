"""Run charts in the reader's language: verdict, signals, notes, table and SVG text, with plural forms.

The rules do not change with the language: the same series gives the same
signals, dates and lengths in every language, only worded differently.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import TEAM, lines, run_build
from PIL import Image

from ecmn_press.charts.figures import ChartViews
from ecmn_press.charts.run_chart import run_chart
from ecmn_press.charts.words import ChartWords
from ecmn_press.core.diagnostics import Position, Report
from ecmn_press.core.model import Measure, Point, Story
from ecmn_press.images.rasterise import draw_for_mail
from ecmn_press.site.templates import load_theme, theme_words

AT = Position("content/stories/x.md", 3)
BEFORE = [41, 39, 43, 40, 42, 38, 44, 41, 40, 43, 39, 42]
AFTER = [33, 31, 34, 30, 32, 29, 33, 31, 30, 28, 32, 31.5]
SVG = "{http://www.w3.org/2000/svg}"


def measure(values, *, baseline=None, better="lower", unit="days", start=dt.date(2004, 1, 5), step=7):
    days = [start + dt.timedelta(days=i * step) for i in range(len(values))]
    return Measure("Days to letter", unit, better, tuple(Point(d, float(v), AT) for d, v in zip(days, values)),
                   baseline, AT)


def words(code: str) -> ChartWords:
    report = Report()
    found = ChartWords(theme_words(load_theme(Path("/nonexistent"), None, AT, report), code, report))
    assert not report.items, [d.format() for d in report.items]
    return found


# The step change reads "12 points above the median ..., then 12 points below it ..." in each language.
STEP = {
    "en": ("shift", "12 points above the median from 5 January 2004 to 22 March 2004, then 12 points below it "
           "from 29 March 2004 to 14 June 2004 — the change is in the better direction (lower is better)"),
    "sv": ("skift", "12 punkter över medianen från 5 januari 2004 till 22 mars 2004, sedan 12 punkter under den "
           "från 29 mars 2004 till 14 juni 2004 — förändringen går i den bättre riktningen (lägre är bättre)"),
    "nb": ("skift", "12 punkter over medianen fra 5. januar 2004 til 22. mars 2004, deretter 12 punkter under den "
           "fra 29. mars 2004 til 14. juni 2004 — endringen går i bedre retning (lavere er bedre)"),
    "da": ("skift", "12 punkter over medianen fra 5. januar 2004 til 22. marts 2004, derefter 12 punkter under den "
           "fra 29. marts 2004 til 14. juni 2004 — ændringen går i den bedre retning (lavere er bedre)"),
    "nl": ("verschuiving", "12 punten boven de mediaan van 5 januari 2004 tot 22 maart 2004, daarna 12 punten "
           "eronder van 29 maart 2004 tot 14 juni 2004 — de verandering gaat in de betere richting (lager is beter)"),
}
SUMMARY = {"en": "2 signals of non-random variation by the Anhøj rules.",
           "sv": "2 signaler om icke-slumpmässig variation enligt Anhøjs regler.",
           "nb": "2 signaler om ikke-tilfeldig variasjon etter Anhøjs regler.",
           "da": "2 signaler om ikke-tilfældig variation efter Anhøjs regler.",
           "nl": "2 signalen van niet-toevallige variatie volgens de regels van Anhøj."}


@pytest.mark.parametrize("code", sorted(STEP))
def test_signals_and_verdict_in_every_shipped_language(code):
    english = run_chart(measure(BEFORE + AFTER))
    rc = run_chart(measure(BEFORE + AFTER), words=words(code))
    step, crossings = rc.signals
    label, text = STEP[code]
    assert (step.label, step.words) == (label, f"{label}: {text}")
    assert rc.summary == SUMMARY[code]
    # the rules do not change: the same signals, spans, sides and lengths as in English
    assert [(s.kind, s.start, s.end, s.side, s.length, s.direction) for s in rc.signals] == [
        (s.kind, s.start, s.end, s.side, s.length, s.direction) for s in english.signals]
    # each day of a signal is its own piece with its ISO date, whatever the words around it
    assert [iso for _, iso in step.parts if iso] == ["2004-01-05", "2004-03-22", "2004-03-29", "2004-06-14"]
    assert "".join(text for text, _ in step.parts) == text
    assert crossings.kind == "crossings" and crossings.words.startswith(f"{crossings.label}: ")


@pytest.mark.parametrize("code, one, many", [
    ("en", "baseline median (first 1 point)", "baseline median (first 12 points)"),
    ("sv", "baslinjemedian (första 1 punkten)", "baslinjemedian (första 12 punkterna)"),
    ("nb", "grunnlinjemedian (første 1 punkt)", "grunnlinjemedian (første 12 punkter)"),
    ("da", "basislinjemedian (første 1 punkt)", "basislinjemedian (første 12 punkter)"),
    ("nl", "basislijnmediaan (eerste 1 punt)", "basislijnmediaan (eerste 12 punten)"),
])
def test_plural_forms_follow_the_number(code, one, many):
    w = words(code)
    assert run_chart(measure(BEFORE + AFTER, baseline=1), words=w).median_label == one
    assert run_chart(measure(BEFORE + AFTER, baseline=12), words=w).median_label == many


def test_a_chart_with_no_signal_and_one_too_few_to_judge_in_swedish():
    random = [55, 44, 61, 52, 47, 38, 58, 41, 66, 49, 43, 57, 53, 45, 59, 42, 51, 48, 39, 60]
    sv = words("sv")
    calm = run_chart(measure(random), words=sv)
    assert calm.signals == ()
    assert re.fullmatch(r"Ingen signal om icke-slumpmässig variation enligt Anhøjs regler: den längsta serien är "
                        r"\d+ punkter? \(ett skift kräver fler än \d+\) och det finns \d+ korsningar? "
                        r"\(färre än \d+ vore en signal\)\.", calm.summary), calm.summary
    few = run_chart(measure(random[:5]), words=sv)
    assert few.summary == "För få punkter utanför medianen (4) för att bedöma signaler: Anhøjs regler kräver minst 10."
    assert few.description.startswith("5 punkter från 5 januari 2004 till 2 februari 2004; median 52 days.")
    one = run_chart(measure([7]), words=sv)
    assert one.description.startswith("1 punkt den 5 januari 2004; median 7 days.")


def _svg_texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(SVG + "text")]


def test_svg_text_months_and_decimal_mark_are_the_readers():
    values = BEFORE + AFTER
    english = run_chart(measure(values, unit="", step=14))
    swedish = run_chart(measure(values, unit="", step=14), words=words("sv"))
    assert {"Apr", "Jul", "Oct", "value", "point in a shift (shaded)"} <= set(_svg_texts(english.svg))
    texts = _svg_texts(swedish.svg)
    # quarterly ticks with Babel's stand-alone month names; the y-axis word for a measure without a unit
    assert {"apr.", "juli", "okt.", "värde", "median: 36", "punkt i ett skift (skuggat)",
            "för få korsningar: 1 (minst 8 väntas)"} <= set(texts)
    assert not {"Apr", "Jul", "Oct", "value"} & set(texts)
    tenths = run_chart(measure([v / 10 for v in values], unit="", step=14), words=words("sv"))
    assert {"2,5", "3,5", "4,5"} <= set(_svg_texts(tenths.svg))
    title = ET.fromstring(swedish.svg).find(SVG + "title").text
    assert title == "Styrdiagram: Days to letter"
    assert [r.value_text for r in swedish.table][-1] == "31,5"  # Swedish decimal comma
    assert [r.value_text for r in english.table][-1] == "31.5"


def test_a_swedish_chart_still_draws_as_a_png_for_e_mail_with_its_words(tmp_path):
    # The e-mail edition draws SVG as PNG with the theme's fonts; Swedish letters must come out as text.
    svg = run_chart(measure(BEFORE + AFTER, unit="dagar från remiss"), words=words("sv")).svg
    without_text = re.sub(r"<text\b.*?</text>", "", svg, flags=re.S)
    ink = []
    for name, drawing in (("with", svg), ("without", without_text)):
        folder = tmp_path / name
        folder.mkdir()
        draw_for_mail(drawing.encode(), None, folder)
        with Image.open(folder / "mail.png") as png:
            assert png.format == "PNG" and png.width == 1120
            ink.append(sum(1 for p in png.convert("L").tobytes() if p < 128))
    assert ink[0] > ink[1] * 1.2  # the words are drawn, not left out for want of a font


def test_table_and_small_multiple_words():
    story = Story(path="content/stories/x.md", slug="x", title="X", draft=False, extra={}, fields={},
                  measures=[measure(BEFORE + AFTER, baseline=12)])
    views = ChartViews({story.path: [("days", "stories/x/days.csv")]}, lambda u: "/" + u, lambda d: set(), words("sv"))
    (figure,) = views.story(story)
    assert figure["better_text"] == "Lägre är bättre"
    assert figure["median_text"] == "Baslinjemedian (första 12 punkterna): 41 days"
    assert figure["table"]["against"] == "Mot baslinjemedianen"
    assert figure["table"]["value_heading"] == "Värde (days)"
    assert figure["table"]["caption"] == "Days to letter (days): 24 punkter, baslinjemedian (första 12 punkterna) 41"
    positions = [r["position"] for r in figure["table"]["rows"]]
    assert "under, i ett skift" in positions and "på baslinjemedianen" in positions
    assert figure["table"]["rows"][0]["text"] == "5 januari 2004"
    (small,) = views.team([story], lambda s: "stories/x/", set())
    assert small["verdict"] == "Skift i den bättre riktningen"
    assert small["better_text"] == "lägre är bättre"


SITE = "title: T\nbase_url: https://example.org/net/\nlanguage: en\nlanguages: [sv]\n"
MEASURE = "".join(f"      - {{date: {dt.date(2004, 1, 5) + dt.timedelta(days=7 * i)}, value: {v}}}\n"
                  for i, v in enumerate(BEFORE + AFTER))
STORY = ("---\ntitle: Letters\ndate: 2005-06-20\nteams: [hull]\nmeasures:\n  - name: Days to letter\n"
         "    unit: days\n    better: lower\n    points:\n" + MEASURE + "---\nText.\n")


def test_a_swedish_page_shows_the_chart_in_swedish_and_the_english_page_in_english(make_site, tmp_path):
    site = make_site({"content/site.yaml": SITE, "content/teams/hull.md": TEAM, "content/stories/letters.md": STORY,
                      "content/stories/letters.sv.md": "---\ntitle: Brev\n---\nText på svenska.\n"})
    result = run_build(site, tmp_path / "out")
    assert not result.report.errors, lines(result)
    sv = (tmp_path / "out/sv/stories/letters/index.html").read_text()
    en = (tmp_path / "out/stories/letters/index.html").read_text()
    assert "<strong>Skift:</strong> 12 punkter över medianen från <time datetime=\"2004-01-05\">5 januari 2004</time>" in sv
    assert "<th scope=\"col\">Mot medianen</th>" in sv and "Värde (days)" in sv
    assert "2 signaler om icke-slumpmässig variation enligt Anhøjs regler." in sv
    for english in ("points above", "Against the median", "signals of non-random", "lower is better", "in a shift"):
        assert english not in sv, english
    assert "<strong>Shift:</strong> 12 points above the median" in en and "Against the median" in en
    # the team page's small multiples speak Swedish too
    team = (tmp_path / "out/sv/teams/hull/index.html").read_text()
    assert "Skift i den bättre riktningen" in team
