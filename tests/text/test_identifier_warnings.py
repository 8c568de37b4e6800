"""Identifier warnings through the whole build: check, build, --strict, silencing."""

from __future__ import annotations

from conftest import TEAM, cli, lines, read_tree, run_build

# 943 476 5919 is the NHS's own example number (valid check digit);
# 943 476 5918 fails the check; 19121212-1212 is Sweden's published test number.
STORY = """---
title: Faster letters
date: 2005-01-01
teams: hull
summary: Patient 943 476 5918 is not a real number.
---
We phoned the ward on 01632 960 123 in 2005.

The referral for 943 476 5919 arrived late,
and so did the one for 19121212-1212.
"""


def test_build_and_check_warn_at_the_line_of_each_valid_identifier(make_site, tmp_path):
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/a.md": STORY})
    result = run_build(site, tmp_path / "out")
    assert not result.failed()
    assert lines(result) == [
        "content/stories/a.md:9:18: warning: possible NHS number '943 476 5919' — review before publishing",
        "content/stories/a.md:10:24: warning: possible Swedish personal identity number '19121212-1212' — review before publishing",
    ]
    checked = cli("check", "--site", str(site))
    assert checked.exit_code == 0 and "possible NHS number '943 476 5919'" in checked.stderr


def test_strict_fails_the_build_and_leaves_output_alone(make_site, tmp_path):
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/a.md": STORY.replace("943 476 5919", "a patient")})
    out = tmp_path / "out"
    assert cli("build", "--site", str(site), "--output", str(out), "--no-search").exit_code == 0
    before = read_tree(out)
    (site / "content/stories/a.md").write_text(STORY)
    strict = cli("build", "--site", str(site), "--output", str(out), "--no-search", "--strict")
    assert strict.exit_code == 1
    assert "content/stories/a.md:9:18: error: possible NHS number '943 476 5919'" in strict.stderr
    assert read_tree(out) == before


def test_the_review_comment_silences_a_file(make_site, tmp_path):
    reviewed = STORY + "\n<!-- identifiers: reviewed -->\n"
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/a.md": reviewed})
    result = run_build(site, tmp_path / "out")
    assert lines(result) == []
    assert "identifiers: reviewed" not in (tmp_path / "out/stories/a/index.html").read_text()


def test_the_example_site_raises_no_alarm():
    from conftest import REPO

    result = run_build(REPO, None)
    assert [d for d in result.report.items if "review before publishing" in d.message] == []
