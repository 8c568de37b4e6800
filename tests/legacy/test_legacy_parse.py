"""Legacy import, parsing: what is inferred from a plain-text back issue and
what is reported. Fixture texts live in tests/legacy/samples/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ecmn_press.legacy.dates import find_date
from ecmn_press.legacy.markdown import render
from ecmn_press.legacy.model import Heading, LegacyIssue, ListBlock, Paragraph
from ecmn_press.legacy.parse import parse
from ecmn_press.legacy.titlecase import title_case

SAMPLES = Path(__file__).parent / "samples"
TODAY = dt.date(2026, 1, 1)


def load(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def parsed(text: str, name: str = "x.txt") -> tuple[LegacyIssue, list]:
    issue, findings = parse(text, source_name=name, today=TODAY)
    assert issue is not None, [f for f in findings if f.severity == "error"]
    return issue, findings


def headings(issue: LegacyIssue) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in issue.blocks if isinstance(b, Heading)]


def lists(issue: LegacyIssue) -> list[list[str]]:
    return [[i.text for i in b.items] for b in issue.blocks if isinstance(b, ListBlock)]


def messages(findings, severity: str) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in findings if f.severity == severity]


MINI = "MicroNewsletter # 2 - Date: {date}\n\nSMALL TEAMS\n\nA subtitle (written by Ann Lee)\n\nSome text.\n"


# --- the sample --------------------------------------------------------------


def test_sample_masthead():
    issue, findings = parsed(load("micronewsletter-3.txt"))
    assert issue.number == 3
    assert issue.date == dt.date(2005, 10, 3)
    assert issue.title == "Small Teams, Big Questions"
    assert issue.subtitle == "What a year of coaching taught a Swedish paediatric clinic"
    assert issue.authors == ["Karin Ek", "Tom Walsh"]
    assert not messages(findings, "warning") and not messages(findings, "error")


def test_sample_body_structure():
    issue, _ = parsed(load("micronewsletter-3.txt"))
    assert headings(issue) == [
        (2, "Background"),
        (2, "How the work was organised"),
        (2, "What changed"),
        (3, "Patients"),
        (3, "Processes"),
        (2, "Next steps"),
    ]
    assert lists(issue) == [[
        'the "5 Ps" assessment of the clinic',
        "a flowchart of a typical follow-up visit",
        "a simple weekly count of missed appointments",
    ]]
    md = render(issue.blocks)
    assert md.startswith("## Background\n\nThe paediatric clinic in a mid-sized Swedish county")
    assert "### Patients\n\nFamilies were asked" in md
    assert "\n- the \"5 Ps\" assessment of the clinic\n- a flowchart" in md


def test_sample_reports_what_it_inferred_with_lines():
    _, findings = parsed(load("micronewsletter-3.txt"))
    info = messages(findings, "info")
    assert (3, "dropped the network name line 'European Clinical Microsystem Network ECMN'") in info
    assert (5, "issue number: 3") in info
    assert (5, "date: 2005-10-03 (from '3rd October 2005')") in info
    assert (7, "title: 'Small Teams, Big Questions' (from the upper-case headline)") in info
    assert (9, "authors: Karin Ek, Tom Walsh") in info
    assert (29, "sub-heading 'Patients'") in info
    number = next(f for f in findings if f.message == "issue number: 3")
    assert number.col == 19  # points at the digit


# --- Windows and old Mac line endings ------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_do_not_change_the_result(newline):
    text = load("micronewsletter-3.txt")
    plain, plain_findings = parsed(text)
    other, other_findings = parsed(text.replace("\n", newline))
    assert render(other.blocks) == render(plain.blocks)
    assert (other.number, other.date, other.title, other.subtitle, other.authors) == (
        plain.number, plain.date, plain.title, plain.subtitle, plain.authors)
    assert other_findings == plain_findings  # same line numbers too


# --- issue number --------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "MicroNewsletter # 4",
    "MicroNewsletter #4",
    "MicroNewsletter no. 4",
    "MICRONEWSLETTER NO 4",
    "Micro Newsletter Number 4",
    "ECMN MicroNewsletter, Issue 4",
    "Issue 4",
    "Issue No. 4",
])
def test_issue_number_spellings(line):
    issue, _ = parsed(f"{line}\n\nSMALL TEAMS\n\n(written by Ann Lee)\n\nText.\n")
    assert issue.number == 4


def test_issue_number_from_the_file_name_is_a_warning():
    issue, findings = parsed("20 June 2005\n\nSMALL TEAMS\n\nText.\n", name="micronewsletter-11.txt")
    assert issue.number == 11
    assert any("took 11 from the file name" in m for _, m in messages(findings, "warning"))


def test_no_issue_number_is_an_error():
    issue, findings = parse("SMALL TEAMS\n\nDate: 20 June 2005\n\nText.\n", source_name="notes.txt")
    assert issue is None
    assert messages(findings, "error") == [(1, "no issue number found; add a line like "
                                               "'MicroNewsletter # 3 - Date: 3rd October 2005' "
                                               "at the top and import again")]


def test_not_a_newsletter_is_a_clear_error():
    issue, findings = parse(load("not-a-newsletter.txt"), source_name="not-a-newsletter.txt")
    assert issue is None
    errors = messages(findings, "error")
    assert len(errors) == 1 and "does not look like a MicroNewsletter" in errors[0][1]
    assert not messages(findings, "warning")  # no noise about dates or authors


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\f"])
def test_empty_text_is_an_error(text):
    issue, findings = parse(text)
    assert issue is None and [f.severity for f in findings if f.severity == "error"] == ["error"]


# --- dates ----------------------------------------------------------------------


@pytest.mark.parametrize("spelling, expected", [
    ("June 20th 2005", dt.date(2005, 6, 20)),
    ("June 20, 2005", dt.date(2005, 6, 20)),
    ("3rd October 2005", dt.date(2005, 10, 3)),
    ("3rd of October, 2005", dt.date(2005, 10, 3)),
    ("20 June 2005", dt.date(2005, 6, 20)),
    ("Monday, 20 June 2005", dt.date(2005, 6, 20)),
    ("20/06/2005", dt.date(2005, 6, 20)),
    ("20.06.2005", dt.date(2005, 6, 20)),
    ("2005-06-20", dt.date(2005, 6, 20)),
    ("Sept. 3 2005", dt.date(2005, 9, 3)),
])
def test_date_spellings(spelling, expected):
    issue, findings = parsed(MINI.format(date=spelling))
    assert issue.date == expected
    assert not messages(findings, "warning")


def test_day_and_month_both_possible_is_read_uk_style_with_a_warning():
    issue, findings = parsed(MINI.format(date="06/07/2005"))
    assert issue.date == dt.date(2005, 7, 6)
    assert messages(findings, "warning") == [(1, "date '06/07/2005' read as day/month, as in the UK: 2005-07-06")]


def test_month_only_uses_the_first_with_a_warning():
    issue, findings = parsed(load("month-only.txt"))
    assert (issue.number, issue.date) == (12, dt.date(2007, 6, 1))
    assert messages(findings, "warning") == [(1, "date 'June 2007' has no day; used 2007-06-01")]


def test_date_on_its_own_line_without_label():
    issue, _ = parsed("MicroNewsletter #2\n\n20 June 2005\n\nSMALL TEAMS\n\n(written by A Lee)\n\nText.\n")
    assert issue.date == dt.date(2005, 6, 20)
    assert issue.consumed[3] == "date"


def test_no_date_line_warns_and_uses_the_latest_date_in_the_text():
    issue, findings = parsed(load("no-date-two-authors.txt"))
    assert issue.date == dt.date(2005, 3, 1)
    warnings = messages(findings, "warning")
    assert any(line == 13 and m.startswith("no date found; used 2005-03-01") for line, m in warnings)


def test_no_date_anywhere_uses_a_placeholder_and_says_so():
    issue, findings = parsed("MicroNewsletter #2\n\nSMALL TEAMS\n\n(written by A Lee)\n\nText.\n")
    assert issue.date == dt.date(2000, 1, 1)
    assert any("no date found; used 2000-01-01 as a placeholder" in m for _, m in messages(findings, "warning"))


def test_a_date_after_today_is_warned_about():
    _, findings = parse(MINI.format(date="1 March 2031"), today=TODAY)
    assert any("after today" in m for _, m in messages(findings, "warning"))


def test_invalid_calendar_dates_are_not_dates():
    assert find_date("31/02/2005") is None
    assert find_date("30/02/2005 or 1 March 2005").date == dt.date(2005, 3, 1)


# --- title ----------------------------------------------------------------------


@pytest.mark.parametrize("upper, readable", [
    ("SMALL TEAMS, BIG QUESTIONS", "Small Teams, Big Questions"),
    ("WHAT THE NHS LEARNT FROM A GP PRACTICE", "What the NHS Learnt from a GP Practice"),
    ("FRONT-LINE TEAMS IN THE SHA: A YEAR OF CHANGE", "Front-Line Teams in the SHA: A Year of Change"),
    ("GPS AND SHAS OF THE ECMN", "GPs and SHAs of the ECMN"),
    ("THE ECG CLINIC'S NEW ROTA", "The ECG Clinic's New Rota"),
    ("ÅSA AND THE JÖNKÖPING MODEL", "Åsa and the Jönköping Model"),
    ("WHAT IT IS FOR", "What It Is For"),
    ('THE "5 Ps" IN PRACTICE', 'The "5 Ps" in Practice'),
])
def test_title_case_keeps_acronyms(upper, readable):
    assert title_case(upper) == readable


def test_headline_over_two_lines_is_one_title():
    issue, _ = parsed("MicroNewsletter #2 - 20 June 2005\n\nSMALL TEAMS,\nBIG QUESTIONS\n\n(written by A Lee)\n\nText.\n")
    assert issue.title == "Small Teams, Big Questions"
    assert issue.subtitle is None


def test_no_headline_warns_and_uses_the_default_title():
    issue, findings = parsed("MicroNewsletter #2 - 20 June 2005\n\nA subtitle (written by A Lee)\n\nText.\n")
    assert issue.title == "MicroNewsletter #2"
    assert issue.subtitle == "A subtitle"
    assert (1, "no upper-case headline found; the issue is titled 'MicroNewsletter #2'") in messages(findings, "warning")


# --- authors and subtitle -----------------------------------------------------------


def test_three_authors_with_commas_over_a_wrapped_byline():
    issue, findings = parsed(load("no-date-two-authors.txt"))
    assert issue.authors == ["Helen Marsh", "Dr Omar Haddad", "Lucy Brennan"]
    assert issue.subtitle == "A practice in the Wolds tried the 5 Ps on its own appointment system"
    assert issue.title == "What the NHS Learnt from a GP Practice"
    assert {7, 8, 9} <= set(issue.consumed)


@pytest.mark.parametrize("byline, authors", [
    ("(written by Karin Ek)", ["Karin Ek"]),
    ("(written by Karin Ek and Tom Walsh)", ["Karin Ek", "Tom Walsh"]),
    ("(written by Karin Ek, Tom Walsh, and Åsa Lindqvist)", ["Karin Ek", "Tom Walsh", "Åsa Lindqvist"]),
    ("(by Karin Ek & Tom Walsh)", ["Karin Ek", "Tom Walsh"]),
    ("Written by Karin Ek and Pieter de Vries", ["Karin Ek", "Pieter de Vries"]),
    ("By Karin Ek", ["Karin Ek"]),
])
def test_byline_spellings(byline, authors):
    issue, _ = parsed(f"MicroNewsletter #2 - 20 June 2005\n\nSMALL TEAMS\n\n{byline}\n\nText.\n")
    assert issue.authors == authors


def test_subtitle_on_its_own_line_above_the_byline():
    issue, _ = parsed("MicroNewsletter #2 - 20 June 2005\n\nSMALL TEAMS\n\nWhat we learnt\n\n(written by A Lee)\n\nText.\n")
    assert issue.subtitle == "What we learnt"
    assert issue.authors == ["A Lee"]
    assert [b.text for b in issue.blocks] == ["Text."]


def test_a_sentence_starting_with_by_is_not_a_byline():
    issue, findings = parsed("MicroNewsletter #2 - 20 June 2005\n\nSMALL TEAMS\n\nBy January the team had met twice.\n")
    assert issue.authors == []
    assert (1, "no author found (expected '(written by NAME)' or '(written by NAME and NAME)')") in messages(findings, "warning")
    assert [b.text for b in issue.blocks] == ["By January the team had met twice."]


# --- headings -----------------------------------------------------------------------


def test_unnumbered_headings_are_level_two_and_ambiguous_lines_are_warned():
    issue, findings = parsed(load("unnumbered-headings.txt"))
    assert headings(issue) == [(2, "Where we started"), (2, "What We Did")]
    warnings = messages(findings, "warning")
    assert (18, "'What the team learnt from the first month of data collectio…' could be a heading "
                "or a paragraph; kept as a paragraph") in warnings
    assert (22, "'The team will repeat the count in the autumn' could be a heading or a paragraph; "
                "kept as a paragraph") in warnings


def test_numbered_headings_and_numbered_lists_are_told_apart():
    issue, findings = parsed(load("numbered-ambiguity.txt"))
    assert headings(issue) == [(2, "Background"), (2, "What they did"), (2, "Results")]
    assert lists(issue) == [
        ["Fewer missed appointments", "One named doctor for each child", "Shorter waits for follow-up"],
        ["The booking rules were rewritten so that each child has a named doctor.",
         "Reception staff phoned families the day before each visit.",
         "Missed appointments were counted every week."],
        ["A numbered line out of sequence"],
    ]
    warnings = messages(findings, "warning")
    assert (13, "'2. One named doctor for each child' could be section heading 2 or an item of the list "
                "around it; kept as a list item") in warnings
    assert any(line == 29 and "could be a numbered heading or a list item" in m for line, m in warnings)


def test_numbered_sub_sections_and_upper_case_headings():
    text = ("MicroNewsletter #2 - 20 June 2005\n\nSMALL TEAMS\n\n(written by A Lee)\n\n"
            "1. BACKGROUND\n\nText one.\n\n1.1 The first clinic\n\nText two.\n\nRESULTS\n\nText three.\n")
    issue, _ = parsed(text)
    assert headings(issue) == [(2, "Background"), (3, "The first clinic"), (3, "Results")]


def test_all_caps_line_directly_above_a_paragraph_is_a_heading():
    text = ("MicroNewsletter #2 - 20 June 2005\n\nSMALL TEAMS\n\n(written by A Lee)\n\n"
            "WHAT WE DID\nWe kept a tally sheet at the nurses' station for four weeks.\n\n"
            "Next steps\nAnd then a much longer line that carries on the paragraph text.\n\n"
            "Four words on top\nAnd then a much longer line that carries on the paragraph text.\n")
    issue, findings = parsed(text)
    assert headings(issue) == [(2, "What We Did"), (2, "Next steps")]
    assert any(line == 13 and "could be a heading or the start of a paragraph" in m
               for line, m in messages(findings, "warning"))


# --- lists -------------------------------------------------------------------------------


def test_bullets_of_every_kind_and_continuations():
    issue, findings = parsed(load("bullets.txt"))
    first, numbered, last = issue.blocks[2], issue.blocks[5], issue.blocks[7]
    assert isinstance(first, ListBlock)
    assert [i.text for i in first.items] == [
        "a list written with round bullets",
        "copied from a word processor, where the second item runs over two lines",
        "no space after this bullet",
        "star bullets, as typed in e-mail",
        "another star",
        "the letter o, as a symbol font leaves it",
        "a second one, so the run is a list",
        "an indented one, nested under it",
    ]
    assert [i.depth for i in first.items] == [0, 0, 0, 0, 0, 0, 0, 1]
    assert [i.ordinal for i in numbered.items] == ["1.", "2.", "3."]  # type: ignore[union-attr]
    assert [i.text for i in last.items] == ["one more dash item", "and the last"]  # type: ignore[union-attr]
    md = render(issue.blocks)
    assert "- a second one, so the run is a list\n  - an indented one, nested under it" in md
    assert "\n1. Each child is booked with a named doctor.\n2. Missed" in md


def test_a_single_line_starting_with_o_is_text():
    issue, _ = parsed(MINI.format(date="20 June 2005").replace("Some text.", "o dear, said the clinic manager."))
    assert [b.text for b in issue.blocks if isinstance(b, Paragraph)] == ["o dear, said the clinic manager."]


def test_unindented_capitalised_line_after_a_finished_item_is_a_paragraph_with_a_warning():
    text = MINI.format(date="20 June 2005").replace("Some text.", "- the first item.\nThe team then met again.")
    issue, findings = parsed(text)
    assert lists(issue) == [["the first item."]]
    assert issue.blocks[-1] == Paragraph("The team then met again.", 8)
    assert any(line == 8 and "could continue the list item above" in m for line, m in messages(findings, "warning"))


# --- paragraphs and Markdown ------------------------------------------------------------


def test_paragraphs_are_reflowed_and_markdown_characters_escaped():
    issue, _ = parsed(load("wrapped-and-escapes.txt"))
    md = render(issue.blocks)
    assert ("The radiotherapy team used a simple improve-ment cycle: plan, do, study, act. "
            "Each cycle lasted two weeks and the team kept a log of what they changed.") in md
    assert "\\# of patients seen rose from 41 to 57 per week, and \\*every\\* change" in md
    assert "with its date \\<not its author> \\& reason." in md
    assert "1.5 million people live in the area the team serves, so small\\_changes" in md
    assert "\\[see the appendix\\]" in md
    assert md.endswith("## The end\n\n- 3 teams joined\n")


def test_a_paragraph_that_looks_like_a_list_or_rule_stays_a_paragraph_in_markdown():
    md = render([Paragraph("1. is not a list here", 1), Paragraph("---", 2), Paragraph("+ plus", 3),
                 Paragraph("> not a quote", 4), Heading(2, "Issue #", 5)])
    assert md == "1\\. is not a list here\n\n\\---\n\n\\+ plus\n\n\\> not a quote\n\n## Issue \\#\n"


# --- page furniture ------------------------------------------------------------------------


def test_page_furniture_is_dropped_and_listed():
    issue, findings = parsed(load("page-furniture.txt"))
    assert (issue.number, issue.date, issue.title) == (7, dt.date(2006, 6, 20), "Teams That Learn from Patients")
    assert issue.authors == ["Åsa Lindqvist", "Pieter de Vries", "Mary O'Neill"]
    assert headings(issue) == [(2, "Background"), (2, "Three clinics"), (2, "What we would tell other teams")]
    info = messages(findings, "info")
    for line, what in [
        (2, "dropped the network name line 'European Clinical Microsystems Network (ECMN)'"),
        (16, "dropped page number 'Page 1 of 3'"),
        (17, "dropped a page break (form feed)"),
        (18, "dropped running header 'ECMN MicroNewsletter 7 - June 2006'"),
        (24, "dropped page number '- 2 -'"),
        (31, "dropped page number '3 / 3'"),
        (39, "dropped the network name line 'European Clinical Microsystem Network ECMN'"),
    ]:
        assert (line, what) in info
    # The paragraph broken by a page turn reads on across it.
    assert Paragraph(
        "A dermatology clinic in the Netherlands started with a simple question card handed out at the "
        "reception desk. Within six weeks the team had over two hundred answers, most of them about "
        "waiting in the clinic itself.", 22) in issue.blocks
    assert not messages(findings, "warning")


def test_network_name_inside_a_sentence_is_kept():
    text = MINI.format(date="20 June 2005").replace(
        "Some text.", "Teams that joined the\nEuropean Clinical Microsystem Network\nmet in Jönköping.")
    issue, _ = parsed(text)
    assert issue.blocks[-1].text == "Teams that joined the European Clinical Microsystem Network met in Jönköping."


def test_a_lone_number_without_page_breaks_is_kept_with_a_warning():
    text = MINI.format(date="20 June 2005").replace("Some text.", "Some text.\n\n12\n\nMore text.")
    issue, findings = parsed(text)
    assert Paragraph("12", 9) in issue.blocks
    assert (9, "'12' could be a page number; kept as text") in messages(findings, "warning")


def test_control_characters_and_non_breaking_text_survive_as_words():
    text = MINI.format(date="20 June 2005").replace("Some text.", "Some\x07text and\u2028more.")
    issue, findings = parsed(text)
    assert issue.blocks[-1].text == "Some text and more."
    assert any("control characters" in m for _, m in messages(findings, "warning"))


# --- stray and missing blank lines ------------------------------------------------------------


def test_missing_blank_lines_give_the_same_issue():
    text = load("micronewsletter-3.txt")
    squeezed = "\n".join(line for line in text.splitlines() if line.strip()) + "\n"
    plain, _ = parsed(text)
    issue, findings = parsed(squeezed)
    assert (issue.number, issue.date, issue.title, issue.subtitle, issue.authors) == (
        plain.number, plain.date, plain.title, plain.subtitle, plain.authors)
    assert render(issue.blocks) == render(plain.blocks)
    assert not messages(findings, "warning")


def test_extra_blank_lines_give_the_same_issue():
    text = load("micronewsletter-3.txt")
    plain, _ = parsed(text)
    issue, _ = parsed(text.replace("\n\n", "\n\n\n\n"))
    assert render(issue.blocks) == render(plain.blocks)


def test_stray_and_missing_blank_lines_in_hard_wrapped_text():
    issue, findings = parsed(load("stray-blank-lines.txt"))
    assert issue.title == "A Community Hospital Looks at Its Discharges"
    assert issue.subtitle == "Why patients waited to go home, and what the ward did about it"
    assert issue.authors == ["Mary O'Neill", "Tom Walsh"]
    assert headings(issue) == [(2, "The question"), (2, "What they changed"), (3, "Letters")]
    paragraphs = [b.text for b in issue.blocks if isinstance(b, Paragraph)]
    assert paragraphs[1:3] == [
        "They started by listing every step between the decision to discharge and the moment the "
        "patient left the ward.",
        "Most of the steps were done by different people on different days.",
    ]
    assert paragraphs[3] == ("The pharmacy began to prepare discharge medicines the evening before, and the "
                             "ward clerk booked transport as soon as the doctor agreed the date.")
    assert (19, "continues the sentence above across a blank line; joined") in messages(findings, "info")


def test_running_copies_of_the_issue_line_go_but_sentences_about_the_issue_stay():
    text = ("MicroNewsletter # 3 - October 2005\n\nSMALL TEAMS\n\n(written by A Lee)\n\nFirst text.\n\n"
            "MicroNewsletter # 3 - October 2005\n\nMicroNewsletter # 3 was sent to every team.\n")
    issue, findings = parsed(text)
    assert [b.text for b in issue.blocks] == ["First text.", "MicroNewsletter # 3 was sent to every team."]
    assert (9, "dropped running header 'MicroNewsletter # 3 - October 2005'") in messages(findings, "info")


def test_a_labelled_date_further_down_is_used():
    issue, findings = parsed("MicroNewsletter #2\n\nSMALL TEAMS\n\n(written by A Lee)\n\nText.\n\nDate: 20 June 2005\n")
    assert issue.date == dt.date(2005, 6, 20)
    assert [b.text for b in issue.blocks] == ["Text."]
    assert (9, "date: 2005-06-20 (from '20 June 2005')") in messages(findings, "info")


def test_a_byline_at_the_end_gives_the_authors():
    issue, _ = parsed("MicroNewsletter #2 - 20 June 2005\n\nSMALL TEAMS\n\nText.\n\n(written by Ann Lee and Bo Ek)\n")
    assert issue.authors == ["Ann Lee", "Bo Ek"]
    assert [b.text for b in issue.blocks] == ["Text."]


def test_byline_without_parentheses_and_a_name_that_is_a_place():
    issue, findings = parsed("MicroNewsletter #2 - 20 June 2005\n\nSMALL TEAMS\n\n"
                             "What a year taught us, written by Karin Ek, Jönköping County Council\n\nText.\n")
    assert issue.subtitle == "What a year taught us"
    assert issue.authors == ["Karin Ek", "Jönköping County Council"]
    assert (5, "'Jönköping County Council' may not be a person's name; kept as an author") in messages(findings, "warning")


def test_a_title_case_headline_is_taken_with_a_warning():
    issue, findings = parsed("MicroNewsletter #2 - 20 June 2005\n\nSmall Teams, Big Questions\n\n"
                             "What we learnt (written by Ann Lee)\n\nText.\n")
    assert (issue.title, issue.subtitle, issue.authors) == ("Small Teams, Big Questions", "What we learnt", ["Ann Lee"])
    assert (3, "no upper-case headline; took 'Small Teams, Big Questions' as the title") in messages(findings, "warning")


def test_section_numbers_without_a_dot():
    issue, _ = parsed("MicroNewsletter #2 - 20 June 2005\n\nSMALL TEAMS\n\n(written by A Lee)\n\n1 Background\n\n"
                      "Text.\n\n3 teams joined later.\n\n2 What Happened\n\nMore.\n")
    assert headings(issue) == [(2, "Background"), (2, "What Happened")]
    assert Paragraph("3 teams joined later.", 11) in issue.blocks
