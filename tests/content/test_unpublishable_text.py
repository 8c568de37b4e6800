"""Text that cannot be published is an error at its place, never an internal
error: control characters (written, escaped in YAML, or as `&#1;`), names too
long to be a URL, and summaries that look like HTML."""

from __future__ import annotations

import feedparser
import pytest
from conftest import TEAM, cli, lines, run_build

STORY = "---\ntitle: {title}\ndate: 2005-06-20\nteams: hull\ntags: [{tag}]\n---\n{body}\n"


def _story(title="A story", tag="ok", body="Text."):
    return STORY.format(title=title, tag=tag, body=body)


def _check_equals_build(site, tmp_path) -> list[str]:
    checked = cli("check", "--site", str(site))
    built = cli("build", "--site", str(site), "--output", str(tmp_path / "out"), "--no-search")
    assert checked.exit_code == built.exit_code == 1
    assert "internal error" not in checked.stderr + built.stderr
    assert checked.stderr.splitlines()[:-1] == built.stderr.splitlines()[:-1]
    return checked.stderr.splitlines()[:-1]


# One of each class: C0 controls, vertical tab and form feed, the escape, and XML's non-characters.
@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\ufffe", "\uffff"])
def test_a_control_character_in_the_body_is_an_error_at_its_place(make_site, tmp_path, char):
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/s.md": _story(body=f"One\nTwo{char}three")})
    assert _check_equals_build(site, tmp_path) == [
        f"content/stories/s.md:8:4: error: control character U+{ord(char):04X} is not allowed in text "
        "(delete it: it is invisible in most editors and cannot be published)"
    ]


@pytest.mark.parametrize("escaped, code", [(r"\x01", 1), (r"\x0b", 0x0B), (r"\u001f", 0x1F), (r"\0", 0)])
def test_a_control_character_escaped_in_yaml_is_an_error_at_the_value(make_site, tmp_path, escaped, code):
    site = make_site({"content/teams/hull.md": TEAM,
                      "content/stories/s.md": _story(title=f'"Fish {escaped} chips"', tag=f'"b{escaped}"')})
    assert _check_equals_build(site, tmp_path) == [
        f"content/stories/s.md:2:8: error: 'title' holds the control character U+{code:04X} (remove it: it cannot be published)",
        f"content/stories/s.md:5:8: error: 'tags' holds the control character U+{code:04X} (remove it: it cannot be published)",
    ]


@pytest.mark.parametrize("reference", ["&#1;", "&#x0B;", "&#0000031;", "&#65535;"])
def test_a_reference_to_a_control_character_is_an_error(make_site, tmp_path, reference):
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/s.md": _story(body=f"Go {reference} on")})
    [line] = _check_equals_build(site, tmp_path)
    assert line.startswith(f"content/stories/s.md:7:4: error: '{reference}' stands for the control character")


def test_ordinary_references_and_tabs_are_fine(make_site):
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/s.md": _story(body="A &#65; &#x2014;\tB &amp;")})
    assert lines(run_build(site)) == []


def test_a_control_character_in_settings_is_an_error(make_site, tmp_path):
    site = make_site({"content/teams/hull.md": TEAM}, site_yaml='title: "T\\x07"\nbase_url: https://e.org/\n')
    assert _check_equals_build(site, tmp_path) == [
        "content/site.yaml:1:8: error: 'title' holds the control character U+0007 (remove it: it cannot be published)",
    ]


def test_names_too_long_for_a_url_are_errors_at_the_name(make_site, tmp_path):
    long_tag, long_author = "x" * 320, "Åsa " * 80
    story = _story(tag=long_tag).replace("tags:", f"authors: {long_author.strip()}\ntags:")
    slugged = "---\ntitle: B\ndate: 2005-06-20\nteams: hull\nslug: " + "b" * 299 + "\n---\nText.\n"
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/s.md": story, "content/stories/t.md": slugged})
    assert _check_equals_build(site, tmp_path) == [
        "content/stories/s.md:5:10: error: author name is too long to make a URL from (319 characters, at most 100) (shorten it)",
        "content/stories/s.md:6:8: error: tag name is too long to make a URL from (320 characters, at most 100) (shorten it)",
        "content/stories/t.md:5:7: error: 'slug' is too long (299 characters, at most 100)",
    ]


def test_a_file_name_too_long_for_a_url_is_an_error(make_site, tmp_path):
    site = make_site({"content/teams/hull.md": TEAM, f"content/stories/{'a' * 150}.md": _story()})
    [line] = _check_equals_build(site, tmp_path)
    assert line.endswith("cannot be a URL slug (rename the file to at most 100 characters, or set a shorter slug:)")


def test_a_plain_text_summary_stays_text_in_every_feed(make_site, tmp_path):
    story = _story().replace("tags: [ok]", 'summary: "Fish <img src=x onerror=alert(1)> & chips"')
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/s.md": story})
    assert not run_build(site, tmp_path / "out").failed()
    for name in ("rss.xml", "feed.xml"):
        entry = feedparser.parse((tmp_path / "out" / name).read_bytes()).entries[0]
        # Whatever the format says the summary is, a reader shows these characters, not an image.
        shown = entry.summary if entry.summary_detail.type == "text/plain" else _as_html_text(entry.summary)
        assert shown == "Fish <img src=x onerror=alert(1)> & chips", name
    assert "<img" not in _rss_description_as_html(tmp_path / "out/rss.xml")


def _as_html_text(html: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.tags: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

    parser = Text()
    parser.feed(html)
    assert parser.tags == [], f"HTML elements in a plain-text summary: {parser.tags}"
    return "".join(parser.parts)


def _rss_description_as_html(path) -> str:
    import xml.etree.ElementTree as ET

    return ET.parse(path).getroot().find("channel/item/description").text
