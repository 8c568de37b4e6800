"""Front matter problems are reported where the editor wrote them.

Two places PyYAML gets wrong on its own: a character YAML may not contain
(it names a stream position in its own words) and a value written as an
alias (it names the anchor). Texts here are front matter as it reaches the
loader, the file's line 2 onwards (`line_offset` 1).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecmn_press.content import yamldoc
from ecmn_press.content.fields import Fields
from ecmn_press.core.diagnostics import Report

PATH = "content/stories/s.md"
FRONT = "title: Clinic letters\ndate: 2005-03-01\nteams: [hull]\nsummary: Letters within a week\n"


def load(text: str) -> tuple[yamldoc.Located | None, list[str]]:
    report = Report()
    loaded = yamldoc.load(text, PATH, 1, report)
    return loaded, [d.format() for d in report.items]


def where(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """File line and column of the nth `needle` in front matter `text`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    before = text[:at]
    return before.count("\n") + 2, at - (before.rfind("\n") + 1) + 1


@pytest.mark.parametrize(("char", "message"), [
    ("\x00", "control character U+0000 is not allowed here"),
    ("\x01", "control character U+0001 is not allowed here"),
    ("\x1b", "control character U+001B is not allowed here"),
    ("\x7f", "control character U+007F is not allowed here"),
    ("\x9f", "control character U+009F is not allowed here"),
    ("\ufffe", "character U+FFFE is not allowed here"),
    ("\uffff", "character U+FFFF is not allowed here"),
])
def test_a_character_yaml_refuses_is_reported_at_its_own_place(char, message):
    text = FRONT.replace("Letters within", "Letters" + char + " within")
    loaded, lines = load(text)
    assert loaded is None
    assert lines == [f"{PATH}:5:17: error: invalid YAML: {message}"]


def test_the_finding_a_nul_on_line_5_column_11():
    text = "title: T\ndate: 2005-03-01\nteams: [hull]\nsummary: a\x00b\n"
    assert load(text)[1] == [f"{PATH}:5:11: error: invalid YAML: control character U+0000 is not allowed here"]


def test_characters_yaml_allows_are_not_reported():
    text = FRONT.replace("Letters", "Lett\ters é ✓ 😀 \ufeff\u00a0")
    loaded, lines = load(text)
    assert lines == [] and loaded is not None


def test_in_site_settings_too():
    report = Report()
    assert yamldoc.load("title: T\nbase_url: https://e.org/\x01\n", "content/site.yaml", 0, report) is None
    assert [d.format() for d in report.items] == [
        "content/site.yaml:2:25: error: invalid YAML: control character U+0001 is not allowed here"]


@settings(max_examples=150, deadline=None)
@given(at=st.integers(min_value=0, max_value=len(FRONT)),
       char=st.sampled_from([chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), *range(127, 133),
                                               *range(134, 160), 0xFFFE, 0xFFFF)]))
def test_any_refused_character_anywhere_is_reported_exactly_there(at, char):
    text = FRONT[:at] + char + FRONT[at:]
    line, col = where(text, char)
    lines = load(text)[1]
    assert len(lines) == 1
    assert lines[0].startswith(f"{PATH}:{line}:{col}: error: invalid YAML: ")
    assert f"U+{ord(char):04X} is not allowed here" in lines[0] and "\n" not in lines[0]


def test_an_alias_value_is_reported_at_the_alias():
    text = "title: T\nnote: &a9 {kind: memo}\ndate: 2005-03-01\ntags: *a9\n"
    loaded, _ = load(text)
    assert loaded is not None
    report = Report()
    assert Fields(loaded, report).names("tags") == []
    line, col = where(text, "*a9")
    assert [d.format() for d in report.items] == [
        f"{PATH}:{line}:{col}: error: 'tags' must be a name or a list of names, found a mapping"]


def test_aliases_as_list_items_and_keys_are_placed_where_written():
    text = "a: &x one\nb: [&y two, *x, *y]\n*x : three\nc: &l [four]\nd: *l\n"
    loaded, lines = load(text)
    assert loaded is not None and lines == []
    assert loaded.value == {"a": "one", "b": ["two", "one", "two"], "one": "three", "c": ["four"], "d": ["four"]}
    items = [(e.position().line, e.position().col) for e in loaded.child("b").elements()]
    assert items == [where(text, "&y"), where(text, "*x"), where(text, "*y")]
    assert loaded.key_position("one").col == 1 and loaded.key_position("one").line == 4
    d = loaded.child("d")
    assert (d.position().line, d.position().col) == where(text, "*l", 0)
    # The aliased list's items are written at the anchor; that is where to fix them.
    (four,) = d.elements()
    assert (four.position().line, four.position().col) == where(text, "four")


def test_an_alias_inside_its_own_anchor_does_not_break_the_loader():
    loaded, lines = load("a: &r [*r, 1]\nb: *r\n")
    assert loaded is not None and lines == []
    assert loaded.child("b").position().line == 3


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["plain", "anchor", "alias"]), st.integers(0, 99)), min_size=1, max_size=12))
def test_every_value_is_placed_where_it_is_written(entries):
    lines, expected, anchors = [], {}, []
    for n, (kind, value) in enumerate(entries):
        key = f"k{n}"
        if kind == "alias" and anchors:
            written = f"*{anchors[value % len(anchors)]}"
        elif kind == "anchor":
            anchors.append(f"a{n}")
            written = f"&a{n} v{value}"
        else:
            written = f"v{value}"
        lines.append(f"{key}: {written}")
        expected[key] = (len(lines) + 1, len(key) + 3)
    loaded, problems = load("\n".join(lines) + "\n")
    assert loaded is not None and problems == []
    for key, place in expected.items():
        position = loaded.child(key).position()
        assert (position.line, position.col) == place, key
