"""Legacy import, files: what `import_files` writes (or would write), when it
refuses, and that its front matter reads back as the build expects."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from ecmn_press.core.slugs import SLUG_RE
from ecmn_press.legacy import import_files, preview, report

SAMPLES = Path(__file__).parent / "samples"
SAMPLE = SAMPLES / "micronewsletter-3.txt"
TODAY = dt.date(2026, 1, 1)
FOLDER = "content/issues/2005-10-issue-03"
ARTICLE = f"{FOLDER}/what-a-year-of-coaching-taught-a-swedish-paediatric-clinic.md"


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    return root


def run(paths, site: Path, *, dry_run=False, force=False):
    return import_files([Path(p) for p in paths], site, dry_run=dry_run, force=force, today=TODAY)


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def front_matter(text: str) -> tuple[dict, str]:
    m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    assert m, text
    return yaml.safe_load(m.group(1)), m.group(2)


def test_writes_an_issue_folder(site):
    result = run([SAMPLE], site)
    assert not result.failed
    assert [f.relpath for f in result.files] == [f"{FOLDER}/issue.md", ARTICLE]
    files = tree(site)
    issue_meta, editorial = front_matter(files[f"{FOLDER}/issue.md"])
    assert issue_meta == {
        "number": 3,
        "date": dt.date(2005, 10, 3),
        "title": "Small Teams, Big Questions",
        "subtitle": "What a year of coaching taught a Swedish paediatric clinic",
    }
    assert editorial.strip() == "This issue was imported from the plain-text edition of the newsletter."
    article_meta, body = front_matter(files[ARTICLE])
    assert article_meta == {
        "title": "What a year of coaching taught a Swedish paediatric clinic",
        "authors": ["Karin Ek", "Tom Walsh"],
        "order": 1,
        "imported_from": "micronewsletter-3.txt",
    }
    assert body.lstrip().startswith("## Background\n")


def test_front_matter_is_plain_yaml_with_real_types(site):
    run(sorted(SAMPLES.glob("*.txt")), site)
    issue_files = sorted((site / "content" / "issues").glob("*/issue.md"))
    assert len(issue_files) == len(list(SAMPLES.glob("*.txt"))) - 1  # all but the one that is no newsletter
    for path in sorted((site / "content" / "issues").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert "!!python" not in text and "!<" not in text
        meta, _ = front_matter(text)
        assert isinstance(meta["title"], str) and meta["title"]
        if path.name == "issue.md":
            assert type(meta["number"]) is int and meta["number"] > 0
            assert type(meta["date"]) is dt.date
            assert re.fullmatch(r"\d{4}-\d\d-issue-\d{2,}", path.parent.name)
        else:
            assert SLUG_RE.fullmatch(path.stem)
            assert meta["order"] == 1
            assert all(isinstance(a, str) for a in meta.get("authors", []))


def test_titles_that_look_like_other_yaml_types_stay_strings(site, tmp_path):
    source = tmp_path / "odd.txt"
    source.write_text("MicroNewsletter #2 - 20 June 2005\n\nYES\n\nnull: 2005 (written by No One)\n\nText.\n",
                      encoding="utf-8")
    result = run([source], site)
    assert not result.failed, report(result)
    issue_meta, _ = front_matter(result.files[0].text)
    article_meta, _ = front_matter(result.files[1].text)
    assert issue_meta["title"] == "Yes"
    assert article_meta["title"] == "null: 2005"
    assert issue_meta["subtitle"] == "null: 2005"


def test_dry_run_writes_nothing_and_carries_the_text(site):
    before = tree(site)
    result = run([SAMPLE], site, dry_run=True)
    assert tree(site) == before
    assert [f.relpath for f in result.files] == [f"{FOLDER}/issue.md", ARTICLE]
    shown = preview(result)
    assert f"==> {ARTICLE} <==\n---\ntitle: What a year" in shown
    assert "would write content/issues/2005-10-issue-03/issue.md" in report(result)
    # ...and the real run writes exactly what the dry run showed.
    written = run([SAMPLE], site)
    assert [f.text for f in written.files] == [f.text for f in result.files]


def test_an_existing_issue_is_never_overwritten_without_force(site):
    run([SAMPLE], site)
    (site / ARTICLE).write_text("---\ntitle: Edited\nimported_from: x\n---\nEdited by hand.\n", encoding="utf-8")
    before = tree(site)
    result = run([SAMPLE], site)
    assert result.failed and not result.files
    assert tree(site) == before
    assert [f.format() for f in result.errors] == [
        f"{SAMPLE}:5:1: error: issue 3 already exists at {FOLDER}/issue.md; use --force to replace it"
    ]


def test_existing_issue_is_found_by_number_whatever_its_folder(site):
    other = site / "content" / "issues" / "third"
    other.mkdir(parents=True)
    (other / "issue.md").write_text("---\nnumber: 3\ndate: 2005-10-01\n---\nHand-made.\n", encoding="utf-8")
    (site / "content" / "issues" / "broken").mkdir()
    (site / "content" / "issues" / "broken" / "issue.md").write_text("---\nnumber: [\n---\n", encoding="utf-8")
    result = run([SAMPLE], site)
    assert any("already exists at content/issues/third/issue.md" in f.message for f in result.errors)


def test_force_replaces_the_issue_in_its_own_folder(site):
    other = site / "content" / "issues" / "third"
    other.mkdir(parents=True)
    (other / "issue.md").write_text("---\nnumber: 3\ndate: 2005-10-01\n---\nHand-made.\n", encoding="utf-8")
    (other / "old-import.md").write_text("---\ntitle: Old\nimported_from: old.txt\n---\nOld.\n", encoding="utf-8")
    (other / "by-hand.md").write_text("---\ntitle: Kept\n---\nAn editor's article.\n", encoding="utf-8")
    result = run([SAMPLE], site, force=True)
    assert not result.failed
    names = sorted(p.name for p in other.iterdir())
    assert names == ["by-hand.md", "issue.md", "what-a-year-of-coaching-taught-a-swedish-paediatric-clinic.md"]
    assert result.removed == ["content/issues/third/old-import.md"]
    assert "number: 3\ndate: 2005-10-03" in (other / "issue.md").read_text(encoding="utf-8")
    assert not (site / FOLDER).exists()


def test_a_folder_holding_something_else_is_not_written_into(site):
    (site / FOLDER).mkdir(parents=True)
    (site / FOLDER / "notes.md").write_text("mine\n", encoding="utf-8")
    result = run([SAMPLE], site, force=True)
    assert result.failed
    assert (site / FOLDER / "notes.md").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in (site / FOLDER).iterdir()) == ["notes.md"]


def test_one_bad_file_does_not_stop_the_others(site, tmp_path):
    missing = tmp_path / "missing.txt"
    result = run([SAMPLES / "not-a-newsletter.txt", missing, SAMPLE], site)
    assert result.failed
    assert [f.relpath for f in result.files] == [f"{FOLDER}/issue.md", ARTICLE]
    errors = [f.format() for f in result.errors]
    assert errors[0].startswith(f"{SAMPLES / 'not-a-newsletter.txt'}:1:1: error: this does not look like a MicroNewsletter")
    assert errors[1] == f"{missing}:1:1: error: cannot read the file: No such file or directory"


def test_the_same_number_twice_in_one_run(site, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    result = run([SAMPLE, copy], site)
    assert result.failed
    assert [f.message for f in result.errors] == [f"issue 3 is also imported from {SAMPLE} in this run; nothing written"]


def test_not_utf8_is_read_as_windows_1252_with_a_warning(site, tmp_path):
    source = tmp_path / "cp1252.txt"
    source.write_bytes(SAMPLE.read_text(encoding="utf-8").replace("Karin Ek", "Åsa Öberg").encode("cp1252"))
    result = run([source], site)
    assert not result.failed
    warnings = [f for f in result.findings if f.severity == "warning"]
    assert [(w.line, w.message) for w in warnings] == [
        (9, "the file is not valid UTF-8; bytes that are not were read as Windows-1252")]
    assert "- Åsa Öberg\n" in result.files[1].text


def test_windows_line_endings_write_the_same_files(site, tmp_path):
    source = tmp_path / "crlf.txt"
    source.write_bytes(SAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    crlf = run([source], site, dry_run=True)
    plain = run([SAMPLE], site, dry_run=True)
    assert [f.text.replace("crlf.txt", "micronewsletter-3.txt") for f in crlf.files] == [f.text for f in plain.files]
    assert all("\r" not in f.text for f in crlf.files)


def test_binary_and_empty_files_are_refused(site, tmp_path):
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run([png, empty, tmp_path], site)
    assert [f.message for f in result.errors][:2] == ["this is a binary file, not plain text", "the file is empty"]
    assert result.errors[2].message.startswith("cannot read the file")
    assert not result.files and not (site / "content" / "issues").exists()


def test_a_folder_that_is_not_a_site_is_refused(tmp_path):
    result = import_files([SAMPLE], tmp_path, dry_run=False, force=False)
    assert result.failed and not result.files
    assert [f.format() for f in result.errors] == [
        f"content/site.yaml:1:1: error: '{tmp_path}' is not a site folder (it has no content/site.yaml); pass --site DIR, "
        "or start one with `ecmn-press new site DIR`"
    ]
    assert list(tmp_path.iterdir()) == []


def test_writes_leave_no_temporary_files(site):
    run(sorted(SAMPLES.glob("*.txt")), site)
    leftovers = [p for p in (site / "content").rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []


def test_report_lines_are_compiler_style(site):
    result = run([SAMPLES / "month-only.txt"], site)
    lines = report(result)
    source = SAMPLES / "month-only.txt"
    assert lines[0] == f"{source}:1:23: note: issue number: 12"
    assert f"{source}:1:27: warning: date 'June 2007' has no day; used 2007-06-01" in lines
    assert lines[-1] == "wrote content/issues/2007-06-issue-12/coaches-from-four-countries-compare-notes.md"


def test_unwritable_site_is_an_error_not_a_traceback(site):
    # A file where the issues folder should be makes every write fail, even as root.
    (site / "content" / "issues").write_text("not a folder\n", encoding="utf-8")
    result = run([SAMPLE], site)
    assert result.failed and not result.files
    assert [f.message for f in result.errors] == [
        f"cannot write into {FOLDER}: Not a directory"
    ]


def test_utf16_with_a_byte_order_mark_is_read(site, tmp_path):
    source = tmp_path / "notepad.txt"
    source.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    result = run([source], site, dry_run=True)
    assert not result.failed
    assert ("info", "read as UTF-16") in [(f.severity, f.message) for f in result.findings]
    assert "- Karin Ek\n- Tom Walsh\n" in result.files[1].text


def test_findings_name_the_file_as_given(site, monkeypatch):
    monkeypatch.chdir(SAMPLES)
    result = run(["micronewsletter-3.txt"], site, dry_run=True)
    assert report(result)[0] == ("micronewsletter-3.txt:3:1: note: dropped the network name line "
                                 "'European Clinical Microsystem Network ECMN'")


def test_utf8_with_a_few_windows_1252_bytes_keeps_both(site, tmp_path):
    source = tmp_path / "mixed.txt"
    text = SAMPLE.read_text(encoding="utf-8").replace("Karin Ek", "Åsa Öberg")
    data = text.encode("utf-8").replace(b"Tom Walsh", "Tomás Walsh".encode("cp1252"))
    source.write_bytes(data)
    result = run([source], site, dry_run=True)
    assert "- Åsa Öberg\n- Tomás Walsh\n" in result.files[1].text


def test_force_never_replaces_an_article_an_editor_wrote(site):
    run([SAMPLE], site)
    article = site / ARTICLE
    article.write_text("---\ntitle: Rewritten by hand\n---\nMine.\n", encoding="utf-8")
    result = run([SAMPLE], site, force=True)
    assert result.failed
    assert [f.message for f in result.errors] == [f"{ARTICLE} exists and was not written by an import; "
                                                  "move it away and import again"]
    assert article.read_text(encoding="utf-8") == "---\ntitle: Rewritten by hand\n---\nMine.\n"
