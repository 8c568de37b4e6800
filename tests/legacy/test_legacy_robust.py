"""Legacy import never raises: any text to `parse`, any bytes to `import_files`."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecmn_press.core.slugs import SLUG_RE
from ecmn_press.legacy import import_files
from ecmn_press.legacy.markdown import render
from ecmn_press.legacy.parse import parse
from ecmn_press.legacy.write import issue_files

# Fragments that reach the importer's decisions, mixed with arbitrary text.
_FRAGMENTS = st.sampled_from([
    "MicroNewsletter # 3", "Issue 4", " - Date: ", "June 20th 2005", "31/02/2005", "06/07/05", "Autumn 2005",
    "SMALL TEAMS", "(written by A and B)", "(written by )", "By ", "\n", "\n\n", "\r\n", "\r", "\f", "\t",
    "1. ", "1.1 ", "2) ", "- ", "* ", "• ", "o ", "   ", "Page 2 of 3", "- 2 -", "3", "#", ":", ".",
    "European Clinical Microsystem Network", "ECMN", "improve-", "\xad", "\x00", "\u2028", "\ufeff", "é",
    "<", "&", "*", "_", "`", "[", "]", "---", "~~~",
])
_TEXT = st.one_of(st.text(), st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=60).map("".join))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_parse_never_raises(text):
    issue, findings = parse(text, source_name="issue-3.txt", today=dt.date(2026, 1, 1))
    assert all(f.severity in ("error", "warning", "info") and f.line >= 1 and f.col >= 1 for f in findings)
    if issue is None:
        assert any(f.severity == "error" for f in findings)
        return
    assert issue.number >= 1
    render(issue.blocks)
    for name, text_ in issue_files(issue, "issue-3.txt").items():
        assert SLUG_RE.fullmatch(name.removesuffix(".md"))
        meta = yaml.safe_load(text_.split("\n---\n", 1)[0].removeprefix("---\n"))
        assert isinstance(meta, dict) and isinstance(meta["title"], str)


_BYTES = st.one_of(
    st.binary(max_size=300),
    _TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    _TEXT.map(lambda t: ("MicroNewsletter # 3\n\n" + t).encode("cp1252", "replace")),
    _TEXT.map(lambda t: ("MicroNewsletter # 3\n\n" + t).encode("utf-16")),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BYTES, min_size=1, max_size=3), st.booleans(), st.booleans())
def test_import_files_never_raises(contents, dry_run, force):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site = root / "site"
        (site / "content").mkdir(parents=True)
        (site / "content" / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
        paths = []
        for i, data in enumerate(contents):
            path = root / f"in-{i}.txt"
            path.write_bytes(data)
            paths.append(path)
        result = import_files(paths, site, dry_run=dry_run, force=force, today=dt.date(2026, 1, 1))
        assert result.failed == any(f.severity == "error" for f in result.findings)
        assert not any("internal error" in f.message for f in result.findings)
        written = {p.relative_to(site).as_posix() for p in (site / "content").rglob("*.md")}
        if dry_run:
            assert written == set()
        else:
            assert written == {f.relpath for f in result.files}
