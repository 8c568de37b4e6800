"""Hypothesis plays a contributor: arbitrary file names, symbolic links and
URLs. The build always returns; a refusal names the file in printable form;
no file from outside the site and no script URL is ever published."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

from conftest import TEAM, lines, read_tree, run_build, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SECRET = "SECRET-7f3a-outside-the-site"
STORY = "---\ntitle: S\ndate: 2005-06-20\nteams: hull\n---\nText.\n"


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    write_files(site, {
        "content/site.yaml": "title: T\nbase_url: https://e.org/x/\n",
        "content/teams/hull.md": TEAM,
        "content/media/in.txt": "inside\n",
    })
    (tmp_path / "secret.md").write_text(STORY.replace("Text.", SECRET))
    return site


def _printable(line: str) -> bool:
    """No control character, line separator or undecodable byte that a terminal would misshow."""
    return not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) <= 0xDFFF or c in "\u2028\u2029"
                   for c in line)


name_bytes = st.binary(min_size=1, max_size=40).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b".."))


@SLOW
@given(names=st.lists(name_bytes, min_size=1, max_size=4, unique=True),
       folder=st.sampled_from(["stories", "media", "pages", "teams"]))
def test_any_file_name(tmp_path, names, folder):
    site = _site(tmp_path)
    (site / "content" / folder).mkdir(exist_ok=True)
    for name in names:
        with open(os.fsencode(site / "content" / folder) + b"/" + name + (b".md" if folder != "media" else b""), "wb") as f:
            f.write(STORY.encode())
    result = run_build(site, tmp_path / "out")
    for line in lines(result):
        assert "\n" not in line and _printable(line), repr(line)


targets = st.sampled_from([
    "{secret}", "/etc/passwd", "/dev/zero", "/dev/null", "nowhere", "loop", "..", ".", "../..",
    "../teams/hull.md", "../media/in.txt", "../../.git", "/proc/self/environ",
])


@SLOW
@given(links=st.lists(st.tuples(st.sampled_from(["stories/l.md", "media/l.txt", "media/d", "pages/p.md", "l"]), targets),
                      min_size=1, max_size=4, unique_by=lambda pair: pair[0]))
def test_any_symbolic_links(tmp_path, links):
    site = _site(tmp_path)
    (site / ".git").mkdir(exist_ok=True)
    (site / ".git/config").write_text(SECRET)
    for where, target in links:
        path = site / "content" / where
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(str(tmp_path / "secret.md") if target == "{secret}" else (path.name if target == "loop" else target), path)
    result = run_build(site, tmp_path / "out")  # must return: /dev/zero and loops must not hang it
    if (tmp_path / "out").exists():
        for path, data in read_tree(tmp_path / "out").items():
            assert SECRET.encode() not in data and b"root:x:0" not in data, path


schemes = st.sampled_from(["javascript", "JaVaScRiPt", "data", "vbscript", "https", "http", "mailto", "file", ""])
decorations = st.sampled_from(["", " ", "\t", "\n", "\x01", "&#x6A;", "&#106;", "java\tscript", "&colon;", "%20"])


@st.composite
def urls(draw) -> str:
    scheme = draw(schemes)
    lead, inner = draw(decorations), draw(decorations)
    rest = draw(st.sampled_from(["alert(1)", "//example.org/x", "text/html,<b>", "a@b.org", "/media/in.txt"]))
    return lead + (scheme[:2] + inner + scheme[2:] + ":" if scheme else "") + rest


class _Urls(HTMLParser):
    ATTRS = {"href", "src", "srcset", "poster", "cite", "action", "formaction", "data", "background"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [v or "" for k, v in attrs if k in self.ATTRS]


def _as_browser_reads(url: str) -> str:
    # WHATWG URL parsing: strip leading/trailing C0 and space, drop tabs and newlines.
    return "".join(ch for ch in url if ch not in "\t\n\r").strip("".join(map(chr, range(0x21)))).lower()


@SLOW
@given(website=urls(), cover=urls(), nav=urls(), raw=urls())
def test_any_url_fields(tmp_path, website, cover, nav, raw):
    site = _site(tmp_path)
    quote = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace("\x01", "\\x01") + '"'  # noqa: E731
    write_files(site, {
        "content/site.yaml": f"title: T\nbase_url: https://e.org/x/\nnav:\n  - title: N\n    url: {quote(nav)}\n",
        "content/teams/hull.md": f"---\nname: Hull\nwebsite: {quote(website)}\n---\nA team.\n",
        "content/issues/one/issue.md": f"---\nnumber: 1\ndate: 2005-01-01\ncover: {quote(cover)}\n---\n"
                                       f"<a href='{raw}'>r</a> <img alt='' srcset='{raw} 2x'>\n",
    })
    result = run_build(site, tmp_path / "out")
    if result.failed():
        assert all(":" in line.split(" error: ")[0] for line in lines(result) if " error: " in line)
        return
    for path, data in read_tree(tmp_path / "out").items():
        if path.endswith((".html", ".xml", ".json")) and not path.startswith("assets/"):
            parser = _Urls()
            parser.feed(data.decode())
            for url in parser.found:
                for part in url.split(","):
                    assert not _as_browser_reads(part).startswith(("javascript:", "data:", "vbscript:", "file:")), (path, url)
