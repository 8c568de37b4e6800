"""A small site with what real sites bring and the example site has little
of: long unbroken words and addresses, wide tables, code, footnotes in first
paragraphs, raw HTML, images, a team with no region, a story with many
teams, a page of long headings, an issue with no cover, editors or summary,
a language other than English and a base path of its own; and what a
phone finds hardest: long team, region, tag and author names, a long
address as a team's website, an issue with long title and subtitle, run
charts with a long unit, large and negative values, two years of weekly
points and a baseline.

The theme must keep every page of it valid, accessible and within 320 px.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import options, write_files

from ecmn_press.build.pipeline import build

LONG_URL = "https://example.org/" + "a-very-long-path-segment-" * 6 + "end"
WIDE_TABLE = "| " + " | ".join(f"Column {i}" for i in range(8)) + " |\n|" + "---|" * 8 + "\n| " + " | ".join(
    f"value{i}longwordwithoutspaces" for i in range(8)) + " |\n"
TEAMS = {
    f"content/teams/team-{n}.md": f"---\nname: Team {n} with a rather long name, Somewhere Hospital\n"
    f"service_area: Service {n}\n---\nTeam {n}.\n"
    for n in range(1, 6)
}

LONG_TEAM = (
    "---\nname: Department of Paediatric and Adolescent Gastroenterology, Hepatology and Nutrition\n"
    "region: Norra sjukvårdsregionens landstingsförbund och Västerbottens läns landsting\ncountry: Sverige\n"
    "organisation: Kelderby and District Hospitals NHS Foundation Trust\nservice_area: Paediatric gastroenterology\n"
    "programme: Nationella mikrosystemprogrammet för barn- och ungdomsmedicin\n"
    f"website: {LONG_URL}\njoined: 2004-11-12\n---\nA team with long names everywhere.\n"
)
WEEKS = "".join(
    f"      - {{date: {dt.date(2004, 1, 5) + dt.timedelta(weeks=w)}, "
    f"value: {1_200_000 + (w % 7) * 35_000 - (250_000 if w > 60 else 0)}}}\n" for w in range(104))
CHARTS_STORY = """---
title: Two years of weekly figures
date: 2006-07-01
teams: [long-names]
tags: [Patient and carer feedback, Väntetider, Specialistsjuksköterskemottagningar]
authors: [Anna-Karin Wahlström-Lindqvist]
measures:
  - name: Antal remisser som besvarats inom den överenskomna tiden, per vecka och mottagning
    unit: remisser som besvarats inom fjorton dagar från ankomst till mottagningen
    better: higher
    baseline: 20
    points:
""" + WEEKS + """  - name: Change in temperature
    unit: °C
    points: [{date: 2006-01-02, value: -12.5}, {date: 2006-01-03, value: 3.25}, {date: 2006-01-04, value: -0.5}]
---
Weekly figures for two years, with a baseline.
"""

FILES: dict[str, str | bytes] = {
    "content/site.yaml": "title: Nätverket för kliniska mikrosystem\nbase_url: https://example.se/natverk/\n"
    "language: sv\nnewsletter: MicroNewsletter\ndescription: Berättelser och nyhetsbrev.\npage_size: 3\nnav:\n  - {title: Nummer, url: /issues/}\n"
    "  - {title: Berättelser, url: /stories/}\n  - {title: Team, url: /teams/}\n",
    **TEAMS,
    "content/teams/unplaced.md": "---\nname: Teamet utan region\n---\n",
    "content/teams/long-names.md": LONG_TEAM,
    "content/stories/charts.md": CHARTS_STORY,
    "content/issues/two/issue.md": "---\nnumber: 2\ndate: 2006-09-01\ntitle: Ett nummer med en mycket lång titel om "
    "förbättringsarbete i vårdens mikrosystem\nsubtitle: Och en undertitel som också är lång nog att brytas över flera "
    "rader på en telefon\neditors: [Anna-Karin Wahlström-Lindqvist, Åsa Öberg]\nsummary: En sammanfattning.\n---\n"
    "Ledaren, med en adress: " + LONG_URL + ".\n",
    "content/issues/two/b.md": "---\ntitle: Sjuksköterskemottagningarnas förbättringsarbete\n"
    "authors: [Anna-Karin Wahlström-Lindqvist]\n---\nText.\n",
    "content/media/chart.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="300" viewBox="0 0 800 300">'
        '<rect width="800" height="300" fill="none" stroke="#333"/></svg>'
    ),
    "content/stories/everything.md": f"""---
title: Ettmycketlångtordutanmellanslagsomintefårbrytasidenbredasidan and a story of many teams
date: 2006-05-01
teams: [team-1, team-2, team-3, team-4, team-5, unplaced]
themes: [purpose, patients, professionals, processes, patterns]
tags: [En, Två, Tre, Fyra, Fem, Sex, Sju]
authors: [Åsa Öberg, Ingrid Ås, Per Persson, Karin Karlsson]
status: in progress, and spreading to three more wards this winter
measures:
  - name: Dagar till brev
    unit: dagar
    better: lower
    points: [{{date: 2006-01-02, value: 9}}, {{date: 2006-01-09, value: 8}}, {{date: 2006-01-16, value: 7}}]
---
A first paragraph with a note[^1] and an address: {LONG_URL}.

![A chart drawn wide](/media/chart.svg)

{WIDE_TABLE}
```
a line of code that is far too long to fit a phone screen without wrapping somewhere in the middle
```

<div class="raw">Raw <em>HTML</em> with <a href="{LONG_URL}">a link</a>.</div>

[^1]: The note, with {LONG_URL}.
""",
    "content/stories/second.md": """
        ---
        title: Second
        date: 2006-06-01
        teams: unplaced
        ---
        Another first paragraph with a note.[^1]

        [^1]: Another note.
        """,
    "content/issues/one/issue.md": "---\nnumber: 1\ndate: 2006-02-01\n---\nLedaren.\n",
    "content/issues/one/a.md": "---\ntitle: En artikel\nteams: [team-1, unplaced]\n---\n"
    f"Text med fotnot.[^1]\n\n## Resultat\n\n{WIDE_TABLE}\n[^1]: Fotnoten.\n",
    "content/pages/om.md": "---\ntitle: Om oss\nmenu: true\n---\n" + "".join(
        f"## En rubrik som är ganska lång nummer {n}\n\nText.\n\n" for n in range(1, 5)),
}


def build_awkward(root: Path) -> Path:
    write_files(root / "site", FILES)
    out = root / "out"
    result = build(root / "site", out, options(search=True))
    assert not result.failed(), [d.format() for d in result.report.sorted()]
    return out
