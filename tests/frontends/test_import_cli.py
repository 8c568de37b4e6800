"""`ecmn-press import` on the command line: output, exit codes, nothing overwritten."""

from __future__ import annotations

from conftest import cli, lines, run_build

SAMPLE = """European Clinical Microsystem Network ECMN

MicroNewsletter # 7 - Date: 20 June 2007

A CLINIC THAT LISTENS

How one team asked first (written by Karin Ek)

1. Background

The team asked families what mattered.
"""


def test_import_writes_a_buildable_issue_and_reports_what_it_inferred(make_site, tmp_path):
    site = make_site({})
    source = tmp_path / "mn7.txt"
    source.write_text(SAMPLE)
    done = cli("import", "--site", str(site), str(source))
    assert done.exit_code == 0
    assert f"{source}:3:19: note: issue number: 7" in done.stderr
    assert "wrote content/issues/2007-06-issue-07/issue.md" in done.stderr
    result = run_build(site, tmp_path / "out")
    assert lines(result) == []
    assert "A Clinic That Listens" in (tmp_path / "out/issues/7/index.html").read_text()


def test_dry_run_prints_and_writes_nothing_and_no_overwrite_without_force(make_site, tmp_path):
    site = make_site({})
    source = tmp_path / "mn7.txt"
    source.write_text(SAMPLE)
    dry = cli("import", "--site", str(site), "--dry-run", str(source))
    assert dry.exit_code == 0 and "==> content/issues/2007-06-issue-07/issue.md <==" in dry.stdout
    assert not (site / "content/issues").exists()

    assert cli("import", "--site", str(site), str(source)).exit_code == 0
    issue = site / "content/issues/2007-06-issue-07/issue.md"
    issue.write_text(issue.read_text().replace("A Clinic That Listens", "Edited by hand"))
    again = cli("import", "--site", str(site), str(source))
    assert again.exit_code == 1 and "issue 7 already exists" in again.stderr
    assert "Edited by hand" in issue.read_text()
    forced = cli("import", "--site", str(site), "--force", str(source))
    assert forced.exit_code == 0 and "Edited by hand" not in issue.read_text()


def test_a_file_that_is_not_a_newsletter_fails_cleanly(make_site, tmp_path):
    site = make_site({})
    note = tmp_path / "shopping.txt"
    note.write_text("eggs\nmilk\nbread\n")
    done = cli("import", "--site", str(site), str(note))
    assert done.exit_code == 1 and "does not look like a MicroNewsletter" in done.stderr
    assert not (site / "content/issues").exists()
