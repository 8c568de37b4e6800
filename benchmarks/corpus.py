"""Write a deterministic synthetic ecmn-press site folder for benchmarks.

Usage: python benchmarks/corpus.py N OUTDIR

N items: item i is an article when i % 10 < 3 (issue i // 10 + 1, three
articles each, ~30 %), otherwise a story (~70 %). Plus 120 teams, one
issue.md per issue, site.yaml and an About page. Each item has its own
random.Random seeded from "ecmn-bench:<i>" and links only to earlier items,
so the first K items of an N-corpus are byte-identical to a K-corpus.
Standard library only.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import prose

SEED = "ecmn-bench"
N_TEAMS = 120
FIRST_DAY, LAST_DAY = dt.date(2003, 1, 1), dt.date(2024, 12, 31)

# (region, country, places): 12 regions in 5 countries.
REGIONS = [
    ("Yorkshire and the Humber", "England", ["Hull", "Leeds", "Scarborough", "Harrogate"]),
    ("North West", "England", ["Bolton", "Preston", "Wigan", "Lancaster"]),
    ("South West", "England", ["Truro", "Taunton", "Exeter", "Yeovil"]),
    ("East Midlands", "England", ["Lincoln", "Derby", "Mansfield", "Kettering"]),
    ("Lothian", "Scotland", ["Edinburgh", "Livingston", "Musselburgh"]),
    ("Highland", "Scotland", ["Inverness", "Fort William", "Wick"]),
    ("South Wales", "Wales", ["Merthyr Tydfil", "Bridgend", "Llanelli", "Ystradgynlais"]),
    ("Jönköping", "Sweden", ["Jönköping", "Värnamo", "Eksjö", "Nässjö"]),
    ("Östergötland", "Sweden", ["Linköping", "Norrköping", "Motala"]),
    ("Skåne", "Sweden", ["Malmö", "Lund", "Ystad", "Hässleholm"]),
    ("Vestland", "Norway", ["Bergen", "Førde", "Voss"]),
    ("Trøndelag", "Norway", ["Trondheim", "Levanger", "Namsos", "Røros"]),
]
SERVICES = ["Neurology Outpatients", "Day Surgery", "Community Hospital", "General Practice",
            "Cardiology", "Radiotherapy", "Diabetes Care", "School Nursing", "Stroke Rehabilitation",
            "Maternity", "Paediatric Epilepsy", "Memory Clinic", "Renal Dialysis", "Orthopaedics",
            "Palliative Care", "Respiratory Medicine", "Audiology", "Community Pharmacy",
            "Emergency Department", "Older People's Medicine", "Breast Screening", "Physiotherapy"]
ORGS = {"England": ["NHS Foundation Trust", "Primary Care Trust", "Teaching Hospitals NHS Trust"],
        "Scotland": ["Health Board", "Community Health Partnership"],
        "Wales": ["Local Health Board", "NHS Trust"],
        "Sweden": ["länssjukhus", "vårdcentral", "närsjukvård"],
        "Norway": ["sjukehus", "helseforetak", "legekontor"]}
PROGRAMMES = ["National Microsystems Pilot", "Regional Flow Programme: stream A",
              "Regional Flow Programme: stream B", "Regional Flow Programme: stream C",
              "Qulturum Learning Network", "Primary Care Collaborative",
              "Safer Wards Programme", "Nordic Microsystem Exchange"]
FIRST = ["Åsa", "Björn", "Søren", "Siân", "Łucja", "Zoë", "Ciarán", "Núria", "Mårten", "Jürgen",
         "Ingrid", "Olav", "Eilidh", "Rhodri", "Fiona", "Gareth", "Priya", "Tomasz", "Helen",
         "Margaret", "David", "Karin", "Lars", "Astrid", "Ewan", "Niamh", "Catrin", "Ahmed",
         "Grace", "Peter", "Ruth", "Simon", "Elin", "Ragnhild", "Chidi", "Marie", "Hélène",
         "Joan", "Kirsty", "Aled", "Sunita", "Brendan", "Maja", "Torbjørn", "Linnéa"]
LAST = ["Lindqvist", "Ødegård", "Müller", "Nyström", "Ó Súilleabháin", "Bjørnstad", "Jenkins",
        "Pritchard", "MacKenzie", "Fraser", "Thorsen", "Andersson", "Karlsson", "Haugen",
        "Patel", "Okonkwo", "Walsh", "Kowalczyk", "Sørensen", "Åberg", "Hughes", "Whitfield",
        "Dunbar", "Lloyd", "Ferreira", "Bergström", "Holt", "McAllister", "Quinn", "Strand",
        "Eriksson", "Mbeki", "O’Donnell", "Gruffydd", "Lund", "Nakamura", "Brennan", "Ahlström"]
TAGS = ["Waiting times", "Patient flow", "Run charts", "Daily huddles", "Åtgärder",
        "Förbättringsarbete", "Pasientsikkerhet", "Medication safety", "PDSA cycles",
        "Discharge planning", "Co-design", "Staff wellbeing", "Care transitions",
        "Telephone follow-up", "Clinic letters", "Clinic templates", "Falls", "Pressure care",
        "Sepsis", "Theatre utilisation", "Self-management", "Carers", "Process mapping",
        "Value streams", "Spread", "Sustainability", "Coaching", "Leadership walkrounds",
        "Measurement", "Statistical process control", "Access", "Demand and capacity",
        "Missed appointments", "Referral triage", "Nurse-led clinics", "Patient feedback",
        "Huddle boards", "Role redesign", "Skill mix", "Continuity", "Health literacy",
        "Shared decisions", "Handover", "Checklists", "Standard work", "Microsystem assessment",
        "Patient journeys", "Patient stories", "Outpatients", "Primary care", "School health",
        "Læring og mestring", "Väntetider", "Vårdprocesser", "Dokumentation", "Brukermedvirkning",
        "Teamwork", "Learning sessions", "Small tests of change", "Über-simple fixes"]
STATUSES = ["sustained", "spreading", "testing", "embedded", "early days", "paused"]
MEASURES = [("Days from referral to first appointment", "days", "lower"),
            ("Letters sent within five working days", "%", "higher"),
            ("Missed appointments", "%", "lower"),
            ("Minutes from arrival to triage", "minutes", "lower"),
            ("Discharges before noon", "%", "higher"),
            ("Falls per week", "falls", "lower"),
            ("Clinic overrun", "minutes", "lower"),
            ("Patients seen within ten minutes of their time", "%", "higher"),
            ("Calls answered first time", "%", "higher"),
            ("Days from scan to report", "days", "lower"),
            ("Cancelled operations per week", "operations", "lower"),
            ("Prescriptions ready when promised", "%", "higher")]
STORY_TITLES = ["Halving the wait for {thing}", "Fewer missed {thing} in {svc}",
                "How a {adj} huddle changed {svc}", "{Thing} on time, every time",
                "What {place} learned about {thing}", "A {adj} fix for {thing}",
                "From tray to patient: {thing} in {place}", "{Svc} in {place} rethinks {thing}"]
ARTICLE_TITLES = ["Notes from the learning session in {place}", "Meet the {svc} team",
                  "Reading a run chart", "The 5 Ps in practice: {p}", "Letter from {place}",
                  "Coaching the coaches", "What is a clinical microsystem?",
                  "Ten questions about {thing}", "Why {thing} matter", "On {p}, again"]
THINGS = ["clinic letters", "first appointments", "discharge summaries", "test results",
          "repeat prescriptions", "physiotherapy slots", "pre-assessment calls",
          "theatre lists", "follow-up visits", "home visits", "scan reports", "care plans"]


@dataclass
class Team:
    slug: str
    name: str
    fields: dict[str, object]


@dataclass
class Ref:
    """What a later item needs to link to an earlier one."""
    path: str  # relative to content/
    title: str


def rnd(*key: object) -> random.Random:
    return random.Random(":".join([SEED, *map(str, key)]))


def day(rng: random.Random, lo: dt.date = FIRST_DAY, hi: dt.date = LAST_DAY) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def yaml(v: object) -> str:
    """A YAML scalar or flow list; JSON strings are valid YAML double-quoted."""
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(yaml(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def front(rng: random.Random, fields: dict[str, object], extra: str = "") -> str:
    lines = ["---"]
    for key, v in fields.items():
        # One value may be written as a plain string (SPEC); exercise both forms.
        if isinstance(v, list) and len(v) == 1 and rng.random() < 0.25:
            v = v[0]
        lines.append(f"{key}: {yaml(v)}")
    return "\n".join(lines) + "\n" + extra + "---\n\n"


def people() -> list[str]:
    rng, seen, names = rnd("people"), set(), []
    while len(names) < 250:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if prose.slugify(name) not in seen:  # avoid two spellings merging into one term
            seen.add(prose.slugify(name))
            names.append(name)
    return names


def teams() -> list[Team]:
    out, seen = [], set()
    for t in range(N_TEAMS):
        rng = rnd("team", t)
        region, country, places = rng.choice(REGIONS)
        place, service = rng.choice(places), rng.choice(SERVICES)
        slug = prose.slugify(f"{place} {service}")
        if slug in seen:
            slug = f"{slug}-{t}"
        seen.add(slug)
        org = rng.choice(ORGS[country])
        fields = {"name": f"{place} {service}",
                  "service_area": service,
                  "organisation": f"{place} {org}",
                  "region": region, "country": country,
                  "programme": rng.choice(PROGRAMMES),
                  "joined": day(rng, dt.date(2001, 1, 1), dt.date(2020, 12, 31))}
        out.append(Team(slug, fields["name"], fields))
    return out


def title(rng: random.Random, templates: list[str], place: str) -> str:
    def cap(s: str) -> str:
        return s[0].upper() + s[1:]
    svc = rng.choice(SERVICES).lower()
    subs = {"thing": rng.choice(THINGS), "svc": svc, "adj": rng.choice(prose.SLOTS["adj"]),
            "place": place, "p": rng.choice(prose.THEMES)}
    subs |= {cap(k): cap(v) for k, v in list(subs.items())}
    return rng.choice(templates).format(**subs)


def measure(rng: random.Random, story_day: dt.date) -> str:
    name, unit, better = rng.choice(MEASURES)
    n = rng.randint(12, 40)
    end = story_day - dt.timedelta(days=7 * rng.randint(1, 8))
    start = end - dt.timedelta(days=end.weekday() + 7 * (n - 1))  # weekly, on Mondays
    change = rng.randint(max(4, n // 3), max(5, 2 * n // 3))
    level = rng.uniform(40, 80) if unit == "%" else rng.uniform(8, 60)
    step = level * rng.uniform(0.15, 0.4) * (1 if better == "higher" else -1)
    lines = [f"  - name: {yaml(name)}", f"    unit: {yaml(unit)}", f"    better: {better}"]
    if n >= 16 and rng.random() < 0.3:
        lines.append(f"    baseline: {change}")
    lines.append("    points:")
    for k in range(n):
        v = level + (step if k >= change else 0) + rng.gauss(0, level * 0.08)
        v = min(100, max(0, round(v))) if unit == "%" else max(0, round(v, 1))
        lines.append(f"      - {{date: {start + dt.timedelta(weeks=k)}, value: {v}}}")
    return "\n".join(lines) + "\n"


def pick(rng: random.Random, pool: list, lo: int, hi: int) -> list:
    return rng.sample(pool, rng.randint(lo, hi))


def link_sentences(rng: random.Random, i: int, here: str, earlier: list[Ref],
                   team: Team) -> list[str]:
    """1-2 links to earlier items (the prefix property needs j < i) and one to a team."""
    out = []
    if i == 0:
        out.append(f"More about the network is on the [About page]({posixpath.relpath('pages/about.md', here)}).")
    else:
        for _ in range(rng.randint(1, 2)):
            j = rng.randrange(max(0, i - 40), i) if rng.random() < 0.6 else rng.randrange(i)
            ref = earlier[j]
            rel = posixpath.relpath(ref.path, here)
            if "/" not in rel and rng.random() < 0.5:  # same folder: also try the long form
                rel = f"../{posixpath.basename(here)}/{rel}"
            out.append(f"Compare [{ref.title}]({rel}).")
    out.append(f"See also the [{team.name}](/teams/{team.slug}.md) team profile.")
    return out


def issue_day(number: int) -> dt.date:
    # Fortnightly from 2003; wraps inside 2003-2024 beyond ~570 issues.
    return dt.date(2003, 1, 15) + dt.timedelta(days=(14 * (number - 1)) % 8000)


def issue_file(number: int, names: list[str], team_list: list[Team]) -> str:
    rng = rnd("issue", number)
    fields = {"number": number, "date": issue_day(number),
              "title": f"MicroNewsletter #{number}: {title(rng, ARTICLE_TITLES, rng.choice(REGIONS)[2][0])}",
              "editors": pick(rng, names, 1, 2)}
    writer = prose.Writer(rng)
    text = writer.paragraph() + "\n\n" + writer.paragraph(2, 4)
    team = rng.choice(team_list)
    text += f" This issue's cover team is [{team.name}](/teams/{team.slug}.md)."
    if number > 1:  # earlier issues always exist, later ones may not
        text += f" Last time's editorial is [here](../{issue_folder(number - 1)}/issue.md)."
    return front(rng, fields) + text + "\n"


def issue_folder(number: int) -> str:
    return f"issue-{number:04d}"


def item(i: int, earlier: list[Ref], names: list[str], team_list: list[Team]) -> tuple[Ref, str]:
    """Item i's path (relative to content/) and file text."""
    rng = rnd(i)
    region = rng.choice(REGIONS)
    heading = title(rng, STORY_TITLES if i % 10 >= 3 else ARTICLE_TITLES, rng.choice(region[2]))
    slug = "-".join(prose.slugify(heading).split("-")[:8]) + f"-{i}"
    tags = pick(rng, TAGS, 1, 4)
    themes = pick(rng, prose.THEMES, 1, 2)
    authors = pick(rng, names, 1, 3)
    extra = ""
    if i % 10 < 3:
        path = f"issues/{issue_folder(i // 10 + 1)}/{slug}.md"
        item_teams = pick(rng, team_list, 0, 2)
        fields = {"title": heading, "authors": authors, "teams": [t.slug for t in item_teams],
                  "themes": themes, "tags": tags, "order": i % 10 + 1}
        if not item_teams:
            del fields["teams"]
    else:
        path = f"stories/{slug}.md"
        item_teams = pick(rng, team_list, 1, 3)
        when = day(rng)
        fields = {"title": heading, "date": when, "teams": [t.slug for t in item_teams],
                  "themes": themes, "tags": tags, "authors": authors,
                  "summary": prose.Writer(rng).sentence(emphasis=False),
                  "status": rng.choice(STATUSES)}
        if rng.random() < 0.15:
            extra = "measures:\n" + "".join(measure(rng, when) for _ in range(rng.randint(1, 2)))
    team = item_teams[0] if item_teams else rng.choice(team_list)
    links = link_sentences(rng, i, posixpath.dirname(path), earlier, team)
    text = prose.Writer(rng).body(target=rng.randint(600, 1350), links=links,
                                  table=rng.random() < 0.2, quote=rng.random() < 0.3,
                                  footnote=rng.random() < 0.1,
                                  more=i % 10 < 3 and rng.random() < 0.3)
    return Ref(path, heading), front(rng, fields, extra) + text


def team_file(team: Team) -> str:
    rng = rnd("team-body", team.slug)
    f = team.fields
    opening = (f"{team.name} is a {str(f['service_area']).lower()} team at {f['organisation']}, "
               f"in {f['region']}, {f['country']}. It joined the network through the "
               f"{f['programme']}.")
    return front(rng, f) + opening + " " + prose.Writer(rng).paragraph(2, 4) + "\n"


SITE_YAML = """title: "ECMN Benchmark Archive"
description: "A synthetic MicroNewsletter archive for timing ecmn-press."
base_url: "https://bench.example.org/archive/"
language: en
timezone: Europe/London
"""


def write(n: int, out: Path) -> None:
    content = out / "content"
    if content.exists() and any(content.iterdir()):
        sys.exit(f"{content} is not empty; refusing to mix two corpora")
    files: dict[str, str] = {"site.yaml": SITE_YAML}
    names, team_list = people(), teams()
    for team in team_list:
        files[f"teams/{team.slug}.md"] = team_file(team)
    files["pages/about.md"] = (
        '---\ntitle: "About the network"\norder: 1\nmenu: true\n---\n\n'
        "A synthetic archive: every team, story and issue here is invented for benchmarks. "
        f"Start with the [{team_list[0].name}](/teams/{team_list[0].slug}.md) team.\n")
    refs: list[Ref] = []
    for i in range(n):
        if i % 10 == 0:
            number = i // 10 + 1
            files[f"issues/{issue_folder(number)}/issue.md"] = issue_file(number, names, team_list)
        ref, text = item(i, refs, names, team_list)
        refs.append(ref)
        files[ref.path] = text
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    write(int(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
