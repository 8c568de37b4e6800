"""The command line: exit codes, summaries, and output folders it refuses."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import TEAM, cli, read_tree

STORY = "---\ntitle: A story\ndate: 2005-01-01\nteams: hull\n---\nText.\n"


@pytest.fixture
def site(make_site):
    return make_site({"content/teams/hull.md": TEAM, "content/stories/a.md": STORY})


def test_version_and_console_script():
    done = subprocess.run(
        [sys.executable, "-m", "ecmn_press", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("ecmn-press, version ")


def test_build_prints_a_one_line_summary(site, tmp_path):
    result = cli("build", "--site", str(site), "--output", str(tmp_path / "out"), "--no-search")
    assert result.exit_code == 0
    (summary,) = result.stderr.splitlines()
    assert summary.startswith("Built ") and " pages, " in summary and "0 held back" in summary
    assert summary.endswith(" s")


def test_summary_names_held_back_items(make_site, tmp_path):
    site = make_site({
        "content/teams/hull.md": TEAM,
        "content/stories/a.md": STORY.replace("---\n", "---\ndraft: true\n", 1),
        "content/stories/b.md": STORY.replace("2005-01-01", "2099-01-01"),
    })
    result = cli("build", "--site", str(site), "--output", str(tmp_path / "out"), "--no-search")
    assert result.exit_code == 0
    out = result.stderr
    assert "2 held back" in out.splitlines()[0]
    assert "held back: content/stories/a.md: draft, draft: true (use --drafts to include)" in out
    assert "held back: content/stories/b.md: scheduled, dated 2099-01-01, after the build time (use --future to include)" in out


def test_check_writes_nothing(site):
    before = read_tree(site)
    result = cli("check", "--site", str(site))
    assert result.exit_code == 0 and result.stderr.startswith("Checked ")
    assert read_tree(site) == before


@pytest.mark.parametrize("where", ["site", "parent", "content", "content/sub", "themes/x"])
def test_refuses_output_folders_that_would_hurt_the_site(site, where):
    target = {"site": site, "parent": site.parent}.get(where, site / where)
    before = read_tree(site.parent)
    result = cli("build", "--site", str(site), "--output", str(target), "--no-search")
    assert result.exit_code == 2
    assert "refusing --output" in result.stderr
    assert read_tree(site.parent) == before


def test_refuses_a_folder_of_someone_elses_files(site, tmp_path):
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.docx").write_text("years of work")
    result = cli("build", "--site", str(site), "--output", str(other), "--no-search")
    assert result.exit_code == 2 and "did not write" in result.stderr
    assert (other / "thesis.docx").read_text() == "years of work"


def test_usage_errors_exit_2(site, tmp_path):
    assert cli("build", "--site", str(tmp_path / "nowhere")).exit_code == 2
    bad_url = cli("build", "--site", str(site), "--base-url", "example.org", "--output", str(tmp_path / "o"))
    assert bad_url.exit_code == 2 and "--base-url" in bad_url.stderr
    assert cli("build", "--site", str(site), "--jobs", "0").exit_code == 2
    assert cli("frobnicate").exit_code == 2


def test_strict_turns_warnings_into_errors(make_site, tmp_path):
    # A near-miss field name is a warning; --strict makes it an error.
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/a.md": STORY.replace("title:", "title: X\ntitel:")})
    out = tmp_path / "out"
    relaxed = cli("build", "--site", str(site), "--output", str(out), "--no-search")
    assert relaxed.exit_code == 0
    assert "content/stories/a.md:3:1: warning: unknown field 'titel' is kept only for templates (did you mean 'title'?)" in relaxed.stderr
    before = read_tree(out)
    strict = cli("build", "--site", str(site), "--output", str(out), "--no-search", "--strict")
    assert strict.exit_code == 1
    assert "content/stories/a.md:3:1: error: unknown field 'titel'" in strict.stderr
    assert read_tree(out) == before


def test_base_url_override_changes_links(site, tmp_path):
    out = tmp_path / "out"
    result = cli("build", "--site", str(site), "--output", str(out), "--no-search", "--base-url", "http://localhost:9/preview")
    assert result.exit_code == 0
    html = (out / "stories/a/index.html").read_text()
    assert 'href="/preview/teams/hull/"' in html
    assert '<link rel="canonical" href="http://localhost:9/preview/stories/a/">' in html


def test_a_bug_ends_in_one_line_not_a_traceback(site, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something inside went wrong")

    monkeypatch.setattr("ecmn_press.cli.build", broken)
    monkeypatch.delenv("ECMN_PRESS_DEBUG")
    result = cli("build", "--site", str(site), "--output", str(tmp_path / "out"), "--no-search")
    assert result.exit_code == 1
    assert result.stderr.startswith("ecmn-press: internal error: RuntimeError: something inside went wrong\n")
    assert "Traceback" not in result.stderr
