"""Legacy import keeps every word: the words of the source text, less the
masthead (which becomes front matter) and recognised page furniture, are
exactly the words of the article's Markdown, as a multiset.

Words are runs of letters and digits, compared case-folded, so re-flowing,
escaping, hyphenated line breaks and title-casing do not count as changes,
while a dropped, duplicated or invented word does.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecmn_press.legacy.markdown import render
from ecmn_press.legacy.model import Heading, LegacyIssue, ListBlock, Paragraph
from ecmn_press.legacy.parse import parse

SAMPLES = Path(__file__).parent / "samples"
NEWSLETTERS = sorted(p for p in SAMPLES.glob("*.txt") if p.name != "not-a-newsletter.txt")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", text))]


def source_words(text: str, issue: LegacyIssue) -> Counter[str]:
    """Words of the lines the importer did not consume, less the markers it
    removes by design: section numbers of headings and 'o' bullets."""
    found: Counter[str] = Counter()
    for no, line in enumerate(re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")), start=1):
        if no not in issue.consumed:
            found.update(words(line))
    for block in issue.blocks:
        if isinstance(block, Heading) and block.number:
            found.subtract(words(block.number))
        elif isinstance(block, ListBlock):
            found.subtract("o" for item in block.items if item.marker == "o")
        elif isinstance(block, Paragraph) and block.line in issue.consumed:
            found.update(words(block.text))  # text beside the issue number, kept as a paragraph
    return +found


def assert_words_kept(text: str, issue: LegacyIssue) -> None:
    source = source_words(text, issue)
    markdown = Counter(words(render(issue.blocks)))
    assert source == markdown, {"lost": source - markdown, "invented": markdown - source}


@pytest.mark.parametrize("path", NEWSLETTERS, ids=lambda p: p.name)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_word_of_every_sample_is_kept(path, newline):
    text = path.read_text(encoding="utf-8").replace("\n", newline)
    issue, _ = parse(text, source_name=path.name)
    assert issue is not None
    assert_words_kept(text, issue)


@pytest.mark.parametrize("path", NEWSLETTERS, ids=lambda p: p.name)
def test_masthead_words_go_to_front_matter(path):
    text = path.read_text(encoding="utf-8")
    issue, _ = parse(text, source_name=path.name)
    assert issue is not None
    lines = text.splitlines()
    consumed = Counter(w for no, why in issue.consumed.items() if why != "running header"
                       for w in words(lines[no - 1]))
    if issue.headline:
        assert words(issue.title) == words(issue.headline)
    kept = Counter(words(" ".join([issue.title if issue.headline else "", issue.subtitle or "", *issue.authors])))
    assert not kept - consumed  # nothing in front matter that the masthead did not say


def test_the_helper_notices_a_lost_word():
    text = (SAMPLES / "micronewsletter-3.txt").read_text(encoding="utf-8")
    issue, _ = parse(text)
    assert issue is not None
    issue.blocks.pop()
    with pytest.raises(AssertionError):
        assert_words_kept(text, issue)


# Newsletter-shaped documents built from pieces the importer must handle,
# including the awkward ones, in any order.
_PIECES = st.sampled_from([
    "The team met every Tuesday.", "Families were asked what mattered", "improve-", "ment came next.",
    "- a dash item", "* a star item", "• a round bullet", "o an o bullet", "1. Background",
    "2. How it went", "3) a numbered item", "1. A long numbered sentence that ends here.",
    "Patients", "WHAT WE DID", "# not a heading", "1.5 million people", "Page 2 of 4", "- 3 -",
    "\f", "European Clinical Microsystem Network ECMN", "ECMN", "12", "(written by Ann Lee)",
    "June 2005", "A&E <b>bold</b> *stars* _under_ [link](x)", "   indented continuation",
    "Åsa Lindqvist visited Jönköping", "Text\x07with a bell", "",
])
_MASTHEAD = st.sampled_from([
    "MicroNewsletter # 3 - Date: 3rd October 2005\n\nSMALL TEAMS, BIG QUESTIONS\n\nA subtitle (written by A Lee and B Ek)\n\n",
    "European Clinical Microsystem Network ECMN\n\nIssue 4\n\n20/06/2005\n\n",
    "MicroNewsletter #5\n\n",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MASTHEAD, st.lists(_PIECES, max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_words_are_kept_in_any_arrangement(masthead, pieces, newline):
    text = (masthead + "\n".join(pieces)).replace("\n", newline)
    issue, _ = parse(text)
    assert issue is not None
    assert_words_kept(text, issue)
