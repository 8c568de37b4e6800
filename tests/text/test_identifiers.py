"""Patient-identifier warnings: check digits, formats, positions, silencing.

Only test numbers appear here: NHS numbers in the 999 range reserved for
testing (plus 943 476 5919, NHS Digital's documented example) and the
Skatteverket test number 19121212-1212. A coordination-number variant of the
same test date (day 12 + 60 = 72) is the only derived one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ecmn_press.text import identifiers
from ecmn_press.text.identifiers import (
    luhn_ok,
    nhs_check_digit_ok,
    scan,
    swedish_date_ok,
)

REPO = Path(__file__).resolve().parents[2]
CORPUS_SCRIPT = Path("/work/shared/bench/make_corpus.py")

VALID_NHS = ["9990000018", "9990000026", "9990000050", "9990000069", "9998765439", "9434765919"]


def found(text: str) -> list[tuple[int, int, str]]:
    return [(d.position.line, d.position.col, d.message) for d in scan("x.md", text)]


def quoted(text: str) -> list[str]:
    return [d.message.split("'")[1] for d in scan("x.md", text)]


# --- check digits -----------------------------------------------------------


@pytest.mark.parametrize("number", VALID_NHS)
def test_nhs_check_digit_accepts_valid_test_numbers(number):
    assert nhs_check_digit_ok(number)


@pytest.mark.parametrize(
    "number",
    [
        "9990000019",  # check digit should be 8
        "9434765918",  # one off the documented example
        "9990000000",  # 999000000x has remainder 10 for its check: never issued
        "999000001",  # nine digits
        "99900000181",  # eleven
        "",
    ],
)
def test_nhs_check_digit_rejects_invalid(number):
    assert not nhs_check_digit_ok(number)


def test_nhs_remainder_zero_gives_check_digit_zero():
    # 999000005: sum is a multiple of 11, so 11 - 0 = 11 -> 0.
    assert nhs_check_digit_ok("9990000050")
    assert not nhs_check_digit_ok("9990000051")


def test_luhn():
    assert luhn_ok("1212121212")
    assert not luhn_ok("1212121213")
    assert not luhn_ok("")
    assert not luhn_ok("12a")


def test_swedish_calendar_dates():
    assert swedish_date_ok("121212", "19")
    assert swedish_date_ok("121272", "19")  # coordination number: day 12 + 60
    assert not swedish_date_ok("121232", None)  # day 32
    assert not swedish_date_ok("121300", None)  # month 13
    assert not swedish_date_ok("120231", None)  # 31 February
    assert swedish_date_ok("000229", "20")
    assert not swedish_date_ok("000229", "19")  # 1900 was not a leap year
    assert swedish_date_ok("040229", None)
    assert not swedish_date_ok("030229", None)
    assert not swedish_date_ok("121212", "12")  # nobody alive was born in 1212


# --- NHS numbers --------------------------------------------------------------


@pytest.mark.parametrize("written", ["9434765919", "943 476 5919", "943-476-5919", "943\u00a0476\u00a05919"])
def test_nhs_separator_variants(written):
    assert found(f"The NHS number {written} was in the draft.\n") == [
        (1, 16, f"possible NHS number '{written}' — review before publishing")
    ]


@pytest.mark.parametrize("number", VALID_NHS)
def test_each_valid_test_number_warns(number):
    assert quoted(f"Ref {number}.") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "NHS number 999 000 0019.",  # wrong check digit
        "NHS number 9990000000.",  # check digit would be 10
        "943 476-5919",  # mixed separators
        "9434 765 919",  # not 3-3-4
        "94347 65919",
        "0.9434765919 and 9434765919.5",  # part of decimals
        "1,9434765919 and 9434765919,25",
        "12345434765919 and 94347659191",  # part of longer digit runs
        "ID9434765919 and 9434765919mg",  # glued to letters
        "12 943 476 5919",  # a longer space-grouped number
        "ref 2023-9434765919 and 9434765919-2",
    ],
)
def test_nhs_negatives(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Tel: 999 000 0026",
        "phone 9990000018",
        "Call 999-000-0026 to book.",
        "Mobile: 9434765919",
        "+44 9434765919",
        "+44 (0) 999 000 0026",
        "9990000018 (mobile)",
    ],
)
def test_phone_context_wins_over_a_valid_check_digit(text):
    assert found(text) == []


def test_markdown_emphasis_around_a_number_still_warns():
    assert quoted("**9434765919** and _999 000 0018_") == ["9434765919", "999 000 0018"]


# --- Swedish personal identity numbers ------------------------------------------


@pytest.mark.parametrize(
    "written", ["19121212-1212", "121212-1212", "121212+1212", "191212121212", "19121272-1219"]
)
def test_swedish_variants(written):
    assert found(f"Personnummer {written} i texten.") == [
        (1, 14, f"possible Swedish personal identity number '{written}' — review before publishing")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "19121212-1213",  # Luhn fails
        "121212-1213",
        "1212121212",  # ten digits, no separator: only the 12-digit form goes without
        "19121212+1212",  # '+' only belongs to the short form
        "121232-1212",  # day 32
        "121312-1212",  # month 13
        "2005-06-20 and 20/06/2005 and 20.06.2005",  # dates alone
        "20050620",
        "1191212121212",  # longer run
        "12121212-1212",  # valid date and check, but born in the year 1212
    ],
)
def test_swedish_negatives(text):
    assert [d for d in scan("x.md", text) if "Swedish" in d.message] == []


# --- dates of birth next to names ------------------------------------------------
# The rule: a cue (DOB, D.O.B., date of birth, born, born on, född, f.) then,
# within a few characters, a full date (day, month and year) in a common
# spelling, and a person's name nearby: a title and a capitalised word
# (Mrs Example) or two to four capitalised words (Jane Smith) that are not
# sentence glue (The, When, months) nor an organisation (a word like Unit,
# Trust, Hospital, or a following "team"). Nearby means the 120 characters
# before the cue (reaching into the line above) or the 60 after the date on
# the same line.


@pytest.mark.parametrize(
    "text, span",
    [
        ("Mrs Ada Example, DOB 12/03/1961, was seen.", "DOB 12/03/1961"),
        ("Jane Smith (D.O.B. 12.03.1961)", "D.O.B. 12.03.1961"),
        ("Jane Smith, d.o.b: 12-03-61", "d.o.b: 12-03-61"),
        ("Jane Smith, date of birth 1961-03-12", "date of birth 1961-03-12"),
        ("Jane Smith was born on 12 March 1961.", "born on 12 March 1961"),
        ("Jane Smith was born on the 12th of March 1961.", "born on the 12th of March 1961"),
        ("Dr Okafor, born March 12, 1961, retired.", "born March 12, 1961"),
        ("Born on 12 March 1961, Karin Ek trained in Jönköping.", "Born on 12 March 1961"),
        ("Karin Ek, född 1961-03-12", "född 1961-03-12"),
        ("Karin Ek (f. 12 mars 1961)", "f. 12 mars 1961"),
        ("Name: Ada Example\nDOB: 12/03/1961\n", "DOB: 12/03/1961"),
    ],
)
def test_dob_positives(text, span):
    assert quoted(text) == [span]


@pytest.mark.parametrize(
    "text",
    [
        "Jane Smith was born in 1961.",  # a year alone
        "Jane Smith was born in March 1961.",  # no day
        "The unit was born on 3 March 2004.",  # no person
        "Our idea was born on 3 March 2004 at the huddle.",
        "The Leeds Frailty Unit was born on 3 March 2004.",  # an organisation
        "Leeds Frailty team was born on 3 March 2004.",
        "Issue 2 is dated 20 June 2005; Jane Smith wrote it.",  # a date without a cue
        "Jane Smith, DOB unknown, 12/03/1961 was the visit.",
        "Jane Smith DOB 13/13/1961",  # no such month, read either way
        "Jane Smith\n\nThe unit was born on 3 March 2004.",  # name two lines up
        "The stubborn 12/03/1961 audit",  # 'born' inside a word
    ],
)
def test_dob_negatives(text):
    assert found(text) == []


# --- hard-wrapped prose: Markdown publishes a single line break as a space ------------


def test_wrapped_nhs_number_warns_at_its_first_line_and_quotes_it_as_published():
    text = "The referral letter quoted 943 476\n5919 in full.\n"
    assert found(text) == [(1, 28, "possible NHS number '943 476 5919' — review before publishing")]


def test_wrapped_date_of_birth_and_name():
    text = "We met Mrs Ada\nExample, who was born on 12\nMarch 1961, at home.\n"
    assert found(text) == [
        (2, 18, "possible date of birth next to a name 'born on 12 March 1961' — review before publishing")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ward 943 476\n\n5919 is a paragraph apart.",  # a blank line ends the number
        "943\n476\n5919",  # a number per line is a list of numbers
        "Jane Smith\n\nwas born on\n\n12 March 1961",
    ],
)
def test_paragraph_breaks_are_never_bridged(text):
    assert found(text) == []


# --- positions, silencing, everything that must stay quiet --------------------------

PLANTED = """---
title: "Ward round notes"
summary: "Seen with NHS number 999 000 0018"
---

Our ward checks 999 000 0019 (bad check digit) and 9990000026.

Phone the ward on 01632 960 123 or +44 20 7946 0000.
Mrs Ada Example, DOB 12/03/1961, and 19121212-1212 and 19121212-1213.
"""


def test_exact_lines_and_columns_with_front_matter():
    assert found(PLANTED) == [
        (3, 32, "possible NHS number '999 000 0018' — review before publishing"),
        (6, 52, "possible NHS number '9990000026' — review before publishing"),
        (9, 18, "possible date of birth next to a name 'DOB 12/03/1961' — review before publishing"),
        (9, 38, "possible Swedish personal identity number '19121212-1212' — review before publishing"),
    ]
    d = scan("content/stories/notes.md", PLANTED)[0]
    assert d.severity == "warning"
    assert d.format() == (
        "content/stories/notes.md:3:32: warning: possible NHS number '999 000 0018'"
        " — review before publishing"
    )


@pytest.mark.parametrize(
    "comment", ["<!-- identifiers: reviewed -->", "<!--identifiers:reviewed-->", "<!--  IDENTIFIERS :  Reviewed  -->"]
)
def test_reviewed_comment_silences_the_whole_file(comment):
    assert scan("x.md", PLANTED + "\n" + comment + "\n") == []
    assert scan("x.md", comment + "\n" + PLANTED) == []


def test_reviewed_comment_must_be_the_real_thing():
    assert len(scan("x.md", PLANTED + "<!-- identifiers: not reviewed -->")) == 4


@pytest.mark.parametrize(
    "text",
    [
        "Call 01632 960 123 or 01632 960123 or 0123 456 7890 or 01234 567890.",
        "+44 20 7946 0000 and 020 7946 0000 and 0161 496 0000",
        "Between 2005 and 2024, in 1961, 2004-03-03, 3 March 2004, 03/03/2004 at 12:30.",
        "1234567890123456 and 3.14159265358979 and 1,234,567,890",
        "Issue 12, page 3, 45% fell from 120 to 96 per month.",
    ],
)
def test_ordinary_numbers_are_quiet(text):
    assert found(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_scan_never_raises_and_points_inside_the_text(text):
    lines = text.split("\n")
    for d in scan("x.md", text):
        assert d.severity == "warning"
        assert 1 <= d.position.line <= len(lines)
        assert 1 <= d.position.col <= len(lines[d.position.line - 1])


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789 -.,/:+()abcDOBborn\n", max_size=80),
    st.text(alphabet="0123456789 -.,/:+()abcDOBborn\n", max_size=80),
)
def test_digit_soup_points_inside_the_text(prefix, suffix):
    text = prefix + "943 476 5919" + suffix
    lines = text.split("\n")
    for d in scan("x.md", text):
        assert 1 <= d.position.col <= len(lines[d.position.line - 1])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=9, max_size=9), st.sampled_from(["", " ", "-"]))
def test_every_valid_nhs_number_warns_and_every_wrong_check_digit_does_not(digits, sep):
    nine = "".join(map(str, digits))
    good = [c for c in "0123456789" if nhs_check_digit_ok(nine + c)]
    assert len(good) <= 1
    for c in "0123456789":
        number = f"{nine[:3]}{sep}{nine[3:6]}{sep}{nine[6:]}{c}"
        warned = [d for d in scan("x.md", f"NHS {number}\n") if "NHS" in d.message]
        assert len(warned) == (1 if c in good else 0)


# --- real content must be quiet --------------------------------------------------------


def _scan_tree(root: Path) -> list[str]:
    warnings = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binaries are not published text
        warnings += [d.format() for d in scan(path.relative_to(root).as_posix(), text)]
    return warnings


def test_example_site_and_synthetic_corpus_give_no_warning(tmp_path):
    content = REPO / "content"
    if content.is_dir():
        assert _scan_tree(content) == []
    if CORPUS_SCRIPT.is_file():
        out = tmp_path / "corpus"
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), "200", str(out)], check=True)
        assert len(list(out.rglob("*.md"))) == 500
        assert _scan_tree(out) == []


# --- the byte hints before the gates ------------------------------------------
# Each gate is tried only when its hint on the UTF-8 bytes says it may pass; a
# hint that ever said no where its gate says yes would hide an identifier.
_GATE_ALPHABET = st.sampled_from(
    list("0123456789 \t\n\u00a0\u2009\u3000\x1c.-+:dDoObBfFiIrRtThHnNöÖé_xà©") + ["birth", "born", "d.o.b", "född", "f. "]
)


@settings(max_examples=600, deadline=None)
@example("D.\u00a0O.\u2009B. 12")
@example("d\x1co\u3000b: 1 2")
@example("Född 1990")
@example("999\u00a0000\u00a00018")
@given(st.lists(_GATE_ALPHABET, max_size=40).map("".join))
def test_the_byte_hints_pass_every_text_their_gates_pass(text):
    data = text.encode("utf-8", "surrogatepass")
    if identifiers._DIGITS_GATE.search(text):
        assert identifiers._may_hold_digits(data)
    if identifiers._CUE_GATE.search(text.lower()):
        assert identifiers._may_hold_cue(data)


@pytest.mark.parametrize("text", ["stubborn 1990", "reborn 2001", "ref. 12", "good book 12", "1234 56 78"])
def test_the_byte_hints_turn_away_ordinary_prose(text):
    data = text.encode()
    assert not identifiers._may_hold_cue(data) and not identifiers._may_hold_digits(data)
