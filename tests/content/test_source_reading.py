"""Reading a content file: the quick paths give what the plain definitions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ecmn_press.content.sources import _plainly_clean, _read_content_file, decode
from ecmn_press.core.diagnostics import Report
from ecmn_press.core.model import CONTROL_CHARACTERS

# Lines that are, or nearly are, front matter fences, among ordinary ones.
lines = st.sampled_from(["---", "...", "--- ", "---\u00a0", "...\t", " ---", "----", "-- -", "title: x", "", "body"])
files = st.lists(lines | st.text(max_size=12).filter(lambda t: "\n" not in t), max_size=10).map("\n".join)


def _by_lines(text: str):
    """The definition: front matter runs from a first line '---' to the next
    line that is '---' or '...' once trailing spaces are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # newlines as the build reads them
    rows = text.split("\n")
    if rows[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(rows)):
        if rows[i].rstrip() in ("---", "..."):
            return "\n".join(rows[1:i]), "\n".join(rows[i + 1:]), i + 2
    return "never closed"


@settings(max_examples=300, deadline=None)
@given(files)
def test_front_matter_is_split_where_the_line_definition_splits_it(text):
    report = Report()
    source = _read_content_file(text.encode("utf-8"), "content/stories/s.md", "story", report)
    if source is None:
        if text.strip() and not report.has_errors(False):
            raise AssertionError("read nothing and said nothing")
        if text.strip() and not any("control" in d.message for d in report.items):
            assert _by_lines(text) == "never closed"
        return
    assert (source.front_matter, source.body.text, source.body.first_line) == _by_lines(text)
    # A later build that knows these bytes were read cleanly decodes them only when asked, to the same parts.
    known = _read_content_file(text.encode("utf-8"), "content/stories/s.md", "story", Report(),
                               {source.digest: source.front_matter_digest})
    assert known is not None and known.front_matter_digest == source.front_matter_digest
    assert (known.text, known.front_matter, known.body) == (source.text, source.front_matter, source.body)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_text_called_plainly_clean_has_no_control_character(text):
    if _plainly_clean(text.encode("utf-8")):
        assert CONTROL_CHARACTERS.search(text) is None and "&#" not in text
    else:  # and the exact search still decides, with the same answer as before
        report = Report()
        clean = decode(text.encode("utf-8"), "content/s.md", report) is not None
        assert clean == (CONTROL_CHARACTERS.search(text.replace("\r\n", "\n").replace("\r", "\n")) is None
                         and not any("control character" in d.message for d in report.items))
