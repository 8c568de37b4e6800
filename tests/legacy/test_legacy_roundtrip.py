"""Legacy import, then build: the imported issues build without edits, and
the published pages carry every paragraph of the plain text."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import lines, run_build

from ecmn_press.legacy import import_files
from ecmn_press.legacy.parse import parse

SAMPLES = Path(__file__).parent / "samples"
NEWSLETTERS = sorted(p for p in SAMPLES.glob("*.txt") if p.name != "not-a-newsletter.txt")
_WORD = re.compile(r"[^\W_]+")
# List bullets and numbers, and section numbers: layout, not words of a paragraph.
_MARKER = re.compile(r"^\s*(?:[-*+•·o–—]|\d{1,3}(?:\.\d{1,2})*[.)]?)\s+(?=\S)")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_words(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " " + " ".join(w.casefold() for w in _WORD.findall(" ".join(parser.parts))) + " "


def source_paragraphs(text: str) -> list[str]:
    """The source's blank-line-separated paragraphs below the masthead, as
    word sequences, without page furniture or list markers."""
    issue, _ = parse(text)
    assert issue is not None
    paragraphs: list[str] = []
    current: list[str] = []
    for no, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if no in issue.consumed:
            continue
        if not line.strip() or "\f" in line:
            if current:
                paragraphs.append(" ".join(current))
            current = []
            if not line.strip("\f \t"):
                continue
        current += [w.casefold() for w in _WORD.findall(_MARKER.sub("", line.replace("\f", "")))]
    if current:
        paragraphs.append(" ".join(current))
    return [p for p in paragraphs if p]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("roundtrip") / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(
        "title: Test Network\nbase_url: https://example.org/net/\n", encoding="utf-8")
    result = import_files(NEWSLETTERS, root, dry_run=False, force=False, today=dt.date(2026, 1, 1))
    assert not result.failed, [f.format() for f in result.errors]
    build = run_build(root, root / "output")
    return root, result, build


def test_imported_issues_build_without_errors_or_warnings(built):
    _, _, build = built
    assert lines(build) == []


@pytest.mark.parametrize("path", NEWSLETTERS, ids=lambda p: p.name)
def test_every_paragraph_reaches_the_published_article(built, path):
    root, result, _ = built
    text = path.read_text(encoding="utf-8")
    issue, _ = parse(text)
    assert issue is not None
    article = next(f for f in result.files if f.source == str(path) and not f.relpath.endswith("/issue.md"))
    slug = Path(article.relpath).stem
    published = page_words(root / "output" / "issues" / str(issue.number) / slug / "index.html")
    for paragraph in source_paragraphs(text):
        assert f" {paragraph} " in published, paragraph


@pytest.mark.parametrize("path", NEWSLETTERS, ids=lambda p: p.name)
def test_the_issue_page_shows_the_masthead(built, path):
    root, _, _ = built
    issue, _ = parse(path.read_text(encoding="utf-8"))
    assert issue is not None
    published = page_words(root / "output" / "issues" / str(issue.number) / "index.html")
    for text in [issue.title, issue.subtitle or "", *issue.authors]:
        assert " ".join(w.casefold() for w in _WORD.findall(text)) in published
    assert issue.date.strftime("%Y-%m-%d") in (root / "output" / "issues" / str(issue.number) / "index.html").read_text(encoding="utf-8")
