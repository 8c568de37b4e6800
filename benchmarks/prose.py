"""Invented newsletter prose for the benchmark corpus.

Every function draws only from the `random.Random` it is given, so a seed
always yields the same text. The words need not be true; they must weigh
like an improvement newsletter: a broad vocabulary (search indexes grow with
it), headings, lists, tables, quotes, footnotes, emphasis and inline code.
Nothing here may look like a patient identifier: numbers stay small and no
full dates appear in prose, because the generator warns on both.
"""

from __future__ import annotations

import random
import re
import unicodedata

THEMES = ["purpose", "patients", "professionals", "processes", "patterns"]

SLOTS: dict[str, list[str]] = {
    "team": ["the team", "our microsystem", "the clinic team", "the ward team",
             "the front desk", "the whole practice", "the day unit", "the outpatient staff",
             "the night shift", "the booking office", "the therapy team", "the unit"],
    "role": ["consultant", "ward clerk", "staff nurse", "medical secretary",
             "practice manager", "physiotherapist", "healthcare assistant", "pharmacist",
             "patient representative", "registrar", "radiographer", "school nurse",
             "dietitian", "receptionist", "specialist nurse", "occupational therapist",
             "porter", "service manager", "GP partner", "theatre coordinator"],
    "process": ["the referral letter", "the discharge summary", "the morning handover",
                "booking of follow-up appointments", "the pre-assessment telephone call",
                "the repeat prescription request", "triage of new referrals",
                "the results round", "the clinic template", "the transfer to the ward",
                "the consent conversation", "the medicines reconciliation",
                "the weekly multidisciplinary meeting", "the home visit rota",
                "the scan request", "admission on the day of surgery"],
    "measure": ["days from referral to first appointment", "letters typed within a week",
                "missed appointments", "minutes from arrival to triage",
                "discharges before noon", "falls on the ward", "clinic overrun",
                "patients seen on time", "calls answered first time",
                "prescriptions ready on the day promised", "days from scan to report",
                "cancelled operations"],
    "change": ["a shared huddle board", "a one-page referral form", "a daily ten-minute huddle",
               "nurse-led telephone follow-up", "a single point of contact",
               "a discharge checklist", "a text message reminder",
               "a protected slot for urgent cases", "a named nurse for each family",
               "a visual rota on the office door", "pre-filled request forms",
               "a patient-held care plan", "dictation straight after each visit",
               "a weekly look at the run chart", "a group education session"],
    "tool": ["a fishbone diagram", "a process map", "the 5 Ps assessment", "a run chart",
             "a flow chart drawn on brown paper", "a spaghetti diagram", "a patient diary",
             "a short staff survey", "a Pareto chart", "a week of activity sampling",
             "the microsystem workbook", "a value stream map"],
    "period": ["the first month", "six weeks", "one long winter", "the following spring",
               "three PDSA cycles", "two quarters", "the summer holidays",
               "eight weeks", "a whole year", "the autumn term"],
    "feeling": ["sceptical", "curious", "tired", "cautiously hopeful", "impatient",
                "worried about workload", "openly doubtful", "keen"],
    "patients": ["patients", "families", "carers", "parents", "young people with epilepsy",
                 "older people living alone", "people with diabetes",
                 "children and their parents", "people waiting for surgery",
                 "patients on long-term anticoagulation", "new mothers",
                 "people recovering from a stroke"],
    "problem": ["letters sat in a tray for weeks", "nobody owned the follow-up list",
                "the phone rang unanswered every morning", "clinics overran by an hour",
                "patients arrived without their results",
                "the same questions were asked three times",
                "beds were held up by late discharges", "referrals bounced between teams",
                "appointments were booked twice", "notes were missing at the start of clinic",
                "the ward round started at a different time each day",
                "urgent requests queued behind routine ones"],
    "p": THEMES,
    "place": ["Jönköping", "Bergen", "Hull", "Inverness", "Malmö", "Bridgend", "Linköping",
              "Trondheim", "Truro", "Edinburgh"],
    "spot": ["in the corridor", "at the nurses' station", "by the whiteboard",
             "in the staff room", "over coffee", "at the Tuesday meeting",
             "on the ward round", "in the office behind reception"],
    "verb": ["mapped", "measured", "redesigned", "tested", "simplified", "questioned",
             "timed", "photographed", "sorted", "rewrote", "walked through", "observed"],
    "adj": ["small", "quiet", "stubborn", "simple", "awkward", "surprising", "practical",
            "modest", "plain", "steady", "low-key", "cheap"],
    "lesson": ["start smaller than seemed sensible", "measure before changing anything",
               "ask the patients first", "let the people who do the work redesign it",
               "expect the first test to fail", "put the data on the wall",
               "celebrate small wins", "keep the huddle short", "write down what was agreed",
               "protect time for improvement", "invite the night staff",
               "look for the workaround before blaming the people"],
    "topic": ["anticoagulation", "spirometry", "wound dressings", "insulin starts",
              "epilepsy reviews", "hip fractures", "cataract lists", "asthma plans",
              "blood pressure checks", "memory assessments", "hearing tests",
              "foot screening", "physiotherapy referrals", "radiotherapy planning",
              "immunisation clinics", "palliative care at home", "breastfeeding support",
              "heart failure follow-up", "sleep studies", "day-case hernia repair",
              "school health checks", "medication reviews", "cardiac rehabilitation",
              "pressure care", "continence advice", "speech therapy waits"],
    "code": ["URG-1", "clinic_template_v3", "=MEDIAN(C2:C30)", "flag:priority",
             "DNA-recall", "follow_up_due", "triage.xlsx", "board-v2", "PDSA-4",
             "status=waiting", "slot_type=urgent", "huddle.docx"],
}

SENTENCES = [
    "When we first {verb} {process}, we found that {problem}.",
    "Nobody had planned it that way; over the years {process} had grown around the people doing it.",
    "We spent {period} collecting data on {measure} before changing anything.",
    "A {adj} change — {change} — made more difference than any of us expected.",
    "Our first test of {change} lasted {period} and involved just one {role}.",
    "Looking at our {p} through {tool} showed us that {problem}.",
    "The median for {measure} fell from {big} to {small} over {period}.",
    "About {pct} per cent of {patients} told us they would prefer {change}.",
    "Several colleagues were {feeling} at first, and said so {spot}.",
    "It took {period} before the new way of working felt normal.",
    "We kept a run chart of {measure} on the wall {spot}.",
    "Each cycle was small: one {role}, one morning, one change.",
    "{Patients} were invited to the planning meetings from the start.",
    "The {role} and the {role} met every week for {period} to review the chart.",
    "We learned to {lesson}.",
    "If we did it again, we would {lesson}.",
    "The biggest surprise was how much {patients} already knew about {process}.",
    "Our {p} assessment kept pointing us back to {process}.",
    "We used {tool} to make the waste visible.",
    "By the end of {period}, {measure} had settled at a new level.",
    "Not every idea worked: {change} was dropped after two cycles.",
    "A patient representative reminded us that {problem}, and that it mattered to families.",
    "Nothing here needed new money; it needed {adj} attention to {process}.",
    "Other teams in the network have tried {change} for {topic} with similar results.",
    "The data were collected by hand at first, on a sheet kept {spot}.",
    "We shared the results at the regional learning session, where people from other sites asked hard questions.",
    "In hindsight, the problem was never {measure} alone but {process} as a whole.",
    "Staff turnover made it hard to keep momentum during {period}.",
    "{P} became a standing item at our monthly meeting.",
    "{Period} later, the change is still in place and nobody wants to go back.",
    "A {adj} spreadsheet with one column per week was all we needed.",
    "The {role} now owns {process} and checks it every morning.",
    "We asked {patients} what a good day in the clinic would look like.",
    "There is still work to do on {measure}, especially for {topic}.",
    "The chart showed a clear shift after {change} was introduced.",
    "We had assumed that {problem}; the data disagreed.",
    "Small tests let us learn quickly without putting anyone at risk.",
    "What started as {change} grew into a new way of running {process}.",
    "It helped that the {role} had been on the network's coaching course.",
    "The booking code `{code}` now marks the cases that cannot wait.",
    "Every Friday the {role} updates `{code}` so the Monday huddle starts with fresh numbers.",
    "For {topic}, the old route involved {small} hand-offs between {big} people.",
    "“Why do we do it this way?” was the question that started everything.",
    "We counted {small} separate forms in {process}, and most of them asked for the same things.",
    "The {role} timed {process} with a stopwatch for {period}.",
    "{Team} now starts each day by asking what got in the way yesterday.",
    "The {role} kept a tally of {measure} on the back of a handover sheet.",
    "Within {period} the queue for {topic} was shorter than anyone could remember.",
    "We stopped asking whether {change} would work and started asking how we would know.",
    "Half of the delay in {process} turned out to be waiting for a signature.",
    "Two of the {role}s swapped jobs for a week to see {process} from the other side.",
    "The network's coach asked one question at every visit: what did you learn this week?",
    "We wrote the new routine for {topic} on a single laminated card.",
    "{Patients} noticed the difference before we saw it in the data.",
    "The old rule that {problem} had never been written down anywhere.",
    "Our work on {p} began with a list of everything that annoyed us about {process}.",
    "Nobody was told to change; the {role} simply showed the chart at each huddle.",
    "The hardest part was not the change itself but agreeing what to measure.",
    "Weekly points made the chart noisy, but monthly points hid too much.",
    "One {adj} test on a quiet afternoon told us more than a month of meetings.",
    "We asked the reception staff what they would change, and they had a list ready.",
    "Since then, {change} has been copied by two neighbouring teams.",
    "For {patients}, the difference was a phone call they no longer had to make.",
    "The managers' job was to clear obstacles, not to set targets.",
    "Our rule of thumb: if it cannot be tested by Friday, it is too big.",
    "At the learning session in {place}, teams compared run charts pinned along one wall.",
    "Some weeks the chart went the wrong way, and we learned most from those.",
    "{Team} met for fifteen minutes after the last patient on Thursdays.",
    "It turned out that {topic} followed the same route as everything else, with an extra queue at the end.",
    "The {role} drew {process} on the whiteboard; it took four colours and most of an hour.",
]

SECTIONS = ["Where we started", "Our purpose", "Knowing our patients", "The professionals",
            "Mapping the process", "Patterns in the data", "What we measured",
            "Testing changes", "What happened", "Keeping the gains", "Spreading the work",
            "What we learned", "Next steps", "Looking back", "The patients' view",
            "Getting started", "Barriers along the way", "Results so far"]
SUBSECTIONS = ["The first cycle", "What staff said", "What patients said", "A false start",
               "The run chart", "Small tests", "Who did what", "Time and money",
               "The second cycle", "A note on data", "Unexpected effects", "Practical tips"]

_SLOT = re.compile(r"\{(\w+)\}")
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l",
                       "Ł": "L", "đ": "d", "þ": "th", "œ": "oe"})


def slugify(text: str) -> str:
    """ASCII slug; close enough to the generator's rule for file names."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def fill(rng: random.Random, template: str, emphasis: bool = True) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        key = name.lower()
        if key == "big":
            value = str(rng.randint(20, 90))
        elif key == "small":
            value = str(rng.randint(2, 19))
        elif key == "pct":
            value = str(rng.randint(5, 85))
        else:
            value = rng.choice(SLOTS[key])
        if name[0].isupper():
            value = value[0].upper() + value[1:]
        elif emphasis and key != "code" and rng.random() < 0.06:
            mark = rng.choice(["*", "**", "_"])
            value = f"{mark}{value}{mark}"
        return value

    return _SLOT.sub(one, template)


class Writer:
    """Deals sentence templates like cards, so one body rarely repeats itself."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.deck: list[str] = []

    def sentence(self, emphasis: bool = True) -> str:
        if not self.deck:
            self.deck = self.rng.sample(SENTENCES, len(SENTENCES))
        return fill(self.rng, self.deck.pop(), emphasis)

    def paragraph(self, lo: int = 3, hi: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def bullets(self, numbered: bool) -> str:
        rng = self.rng
        pool = SLOTS["lesson"] if numbered else SLOTS["change"] + SLOTS["problem"]
        items = [x[0].upper() + x[1:] for x in rng.sample(pool, rng.randint(3, 6))]
        if numbered:
            return "What we would tell another team:\n\n" + "\n".join(
                f"{k}. {x}." for k, x in enumerate(items, 1))
        return "What we tried or found:\n\n" + "\n".join(f"- {x}" for x in items)

    def table(self) -> str:
        rng = self.rng
        rows = ["| Measure | Before | After |", "|---|---:|---:|"]
        for name in rng.sample(SLOTS["measure"], rng.randint(3, 5)):
            rows.append(f"| {name[0].upper()}{name[1:]} | {rng.randint(20, 90)} | {rng.randint(2, 19)} |")
        return "\n".join(rows)

    def quote(self) -> str:
        role, spot = self.rng.choice(SLOTS["role"]), self.rng.choice(SLOTS["spot"])
        return f"> {self.sentence(False)} {self.sentence(False)}\n>\n> — a {role}, {spot}"

    def body(self, *, target: int, links: list[str], table: bool, quote: bool,
             footnote: bool, more: bool) -> str:
        """Intro, numbered sections until `target` words, then `links` spliced
        into random paragraphs as whole sentences."""
        rng = self.rng
        blocks = [self.paragraph(4, 6) for _ in range(rng.randint(1, 2))]
        paras = list(range(len(blocks)))
        if more:
            blocks.insert(1, "<!-- more -->")
            paras = [0] + [p + 1 for p in paras[1:]]
        extras = ["bullets", "numbered"] + ["table"] * table + ["quote"] * quote
        rng.shuffle(extras)
        heads = rng.sample(SECTIONS, len(SECTIONS))
        k = 0
        while words(blocks) < target or extras:
            k += 1
            blocks.append(f"## {k}. {heads[(k - 1) % len(heads)]}")
            for _ in range(rng.randint(1, 2)):
                paras.append(len(blocks))
                blocks.append(self.paragraph())
            if extras:
                kind = extras.pop()
                blocks.append(self.bullets(kind == "numbered") if kind in ("bullets", "numbered")
                              else getattr(self, kind)())
            elif rng.random() < 0.5:
                blocks.append(f"### {rng.choice(SUBSECTIONS)}")
                paras.append(len(blocks))
                blocks.append(self.paragraph(2, 5))
        for link in links:
            blocks[rng.choice(paras)] += " " + link
        if footnote:
            blocks[rng.choice(paras)] += "[^1]"
            blocks.append("[^1]: " + self.sentence(False))
        return "\n\n".join(blocks) + "\n"


def words(blocks: list[str]) -> int:
    return sum(len(b.split()) for b in blocks)
