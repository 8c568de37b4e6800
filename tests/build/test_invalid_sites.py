"""One broken mini-site per kind of editor mistake (tests/invalid/<case>/).

Each case is laid over a valid base site that has already been built: the
build must exit 1, print exactly the expected `path:line:col` lines, show no
traceback, and leave the previous output byte for byte as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import cli, read_tree

CASES = Path(__file__).parent.parent / "invalid"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def test_there_is_a_case_for_every_kind_of_mistake():
    required = {
        "broken-yaml", "missing-field", "wrong-type", "bad-date", "unknown-team", "unknown-theme",
        "duplicate-issue-number", "duplicate-slug", "url-collision", "bad-slug", "not-utf8",
        "empty-file", "broken-md-link", "broken-media-link", "theme-template-error", "bad-images",
    }
    assert required <= set(NAMES)


@pytest.mark.parametrize("case", NAMES)
def test_broken_site_is_reported_and_output_untouched(case, tmp_path):
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(CASES / "_base", site)
    first = cli("build", "--site", str(site), "--output", str(out), "--no-search")
    assert first.exit_code == 0, first.stderr
    before = read_tree(out)

    shutil.copytree(CASES / case, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    result = cli("build", "--site", str(site), "--output", str(out), "--no-search")
    expected = (CASES / case / "expected.txt").read_text().splitlines()
    printed = result.stderr.splitlines()
    assert result.exit_code == 1
    assert printed[:-1] == expected
    assert printed[-1].startswith("build failed: ")
    assert "Traceback" not in result.stderr + result.stdout
    assert read_tree(out) == before

    checked = cli("check", "--site", str(site))
    assert checked.exit_code == 1 and checked.stderr.splitlines()[:-1] == expected
