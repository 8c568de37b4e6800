"""`ecmn-press new` makes files that are valid and build as they are."""

from __future__ import annotations

from conftest import TEAM, cli, lines, run_build


def test_every_kind_scaffolds_a_file_that_builds(make_site, tmp_path):
    site = make_site({"content/teams/hull.md": TEAM})
    s = str(site)
    assert cli("new", "issue", "--site", s, "--date", "2005-06-20", "--title", "Small changes").exit_code == 0
    assert cli("new", "article", "--site", s, "1", "first-steps").exit_code == 0
    assert cli("new", "story", "--site", s, "letters", "--team", "hull", "--date", "2005-01-01").exit_code == 0
    assert cli("new", "team", "--site", s, "day-surgery", "--name", "Day Surgery Unit").exit_code == 0
    assert cli("new", "page", "--site", s, "join", "--menu").exit_code == 0

    issue = (site / "content/issues/2005-06-issue-01/issue.md").read_text()
    assert issue.startswith("---\nnumber: 1\ndate: 2005-06-20\ntitle: Small changes\n")
    assert (site / "content/issues/2005-06-issue-01/first-steps.md").exists()

    result = run_build(site, tmp_path / "out", drafts=True)
    assert lines(result) == []
    for page in ("issues/1/first-steps", "stories/letters", "teams/day-surgery", "join"):
        assert (tmp_path / "out" / page / "index.html").exists(), page
    # New issues and stories start as drafts, so nothing half-written goes out.
    plain = run_build(site, tmp_path / "out2")
    assert {h.path for h in plain.held_back} >= {"content/stories/letters.md", "content/issues/2005-06-issue-01/issue.md"}


def test_next_issue_number_and_refusals(make_site):
    site = make_site({"content/teams/hull.md": TEAM, "content/issues/a/issue.md": "---\nnumber: 4\ndate: 2005-01-01\n---\nx\n"})
    s = str(site)
    made = cli("new", "issue", "--site", s, "--date", "2006-01-01")
    assert made.exit_code == 0 and (site / "content/issues/2006-01-issue-05/issue.md").exists()

    again = cli("new", "page", "--site", s, "about")
    assert again.exit_code == 0
    before = (site / "content/pages/about.md").read_text()
    twice = cli("new", "page", "--site", s, "about", "--title", "Other")
    assert twice.exit_code == 2 and "already exists" in twice.stderr
    assert (site / "content/pages/about.md").read_text() == before

    bad = cli("new", "story", "--site", s, "My Story", "--team", "hull")
    assert bad.exit_code == 2 and "try 'my-story'" in bad.stderr
    no_team = cli("new", "story", "--site", s, "x", "--team", "hul")
    assert no_team.exit_code == 2 and "unknown team 'hul' (teams: hull)" in no_team.stderr
    no_issue = cli("new", "article", "--site", s, "9", "x")
    assert no_issue.exit_code == 2 and "there is no issue 9 (issues: 4, 5)" in no_issue.stderr
