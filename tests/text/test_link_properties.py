"""Random Markdown, random links: each is resolved, and each broken one
reported once, at the place the test wrote it.

Hypothesis builds a body from blocks (paragraphs, headings, quotes, list
items, tables, footnotes) holding links of every kind, fine or broken, among
text and decoys that only look like links. While writing, the test notes
the line and column of each link's opening `[` (`<` for an autolink; for a
reference link, where its definition's URL starts), so the expected places
do not come from the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from ecmn_press.core.model import Body
from ecmn_press.text.links import LinkResolver, LinkTable
from ecmn_press.text.markdown import new_engine, render

PATH = "content/pages/p.md"
MD = new_engine()
TABLE = LinkTable("/", {"content/stories/ok.md": "stories/ok/"}, {}, frozenset({"content/media/ok.png"}),
                  frozenset({"content/stories/ok.md", "content/media/ok.png"}), frozenset())

words = st.sampled_from(["a", "care", "ward", "*em*", "_it_", "**strong**", "~~old~~", "x.", "b,", "p \\| q"])
decoys = st.sampled_from([
    "`[c](../stories/missing-code.md)`", "\\[e](../stories/missing-escaped.md)", "[nolabel]",
    '<span title="[h](../stories/missing-html.md)">', "&amp;", "\\*",
])
link_texts = st.sampled_from(["t", "two words", "a `](` b", "c \\] d", "e [f] g", "*em* h", "`code`"])


@dataclass
class Link:
    kind: str  # inline, image, autolink, full, collapsed, shortcut
    broken: bool
    text: str
    multiline: bool
    label: int  # reference links: which definition
    in_note: bool  # written inside an inline footnote ^[...]


links = st.builds(
    Link, st.sampled_from(["inline", "image", "autolink", "full", "collapsed", "shortcut"]), st.booleans(),
    link_texts, st.booleans(), st.integers(0, 5), st.booleans(),
)
items = st.one_of(links, words, decoys)


@dataclass
class Writer:
    """The body being written, with where each link went."""

    first_line: int
    text: str = ""
    line: int = 0
    col: int = 1
    prefix: str = ""  # what a wrapped line starts with inside the current block
    places: list[tuple[str, tuple[int, int]]] = field(default_factory=list)  # (target, (line, col))
    used: dict[int, bool] = field(default_factory=dict)  # reference label -> broken
    uses: list[int] = field(default_factory=list)  # reference label of each reference link, in order
    count: int = 0

    def __post_init__(self) -> None:
        self.line = self.first_line

    def write(self, part: str) -> None:
        for piece in part.split("\n")[:-1]:
            self.text += piece + "\n" + self.prefix
            self.line, self.col = self.line + 1, len(self.prefix) + 1
        last = part.split("\n")[-1]
        self.text += last
        self.col += len(last)

    def here(self) -> tuple[int, int]:
        return self.line, self.col

    def link(self, link: Link, can_wrap: bool) -> None:
        self.count += 1
        n = self.count
        text = link.text.replace(" ", "\n", 1) if link.multiline and can_wrap else link.text
        if link.in_note:
            self.write("^[note ")
        if link.kind == "autolink":
            self.places.append((f"https://example.org/{n}", self.here()))
            self.write(f"<https://example.org/{n}>")
        elif link.kind in ("inline", "image"):
            target = (f"/media/missing-{n}.png" if link.broken else "/media/ok.png") if link.kind == "image" \
                else (f"../stories/missing-{n}.md" if link.broken else "../stories/ok.md")
            if link.kind == "image":
                self.write("!")
            self.places.append((target, self.here()))
            self.write(f"[{text}]({target})")
        else:
            self.used.setdefault(link.label, link.broken)
            self.uses.append(link.label)
            label = f"R{link.label}" if n % 2 else f"r{link.label}"  # labels match without case
            self.write({"full": f"[{text}][{label}]", "collapsed": f"[{label}][]", "shortcut": f"[{label}]"}[link.kind])
        if link.in_note:
            self.write("]")

    def items(self, parts: list, can_wrap: bool) -> None:
        for i, part in enumerate(parts):
            if i:
                self.write("\n" if can_wrap and i % 3 == 0 else " ")
            if isinstance(part, Link):
                self.link(part, can_wrap)
            else:
                self.write(part)

    def definitions(self, forms: list[int]) -> None:
        """The definitions of the labels used, in one of four spellings each."""
        for k, (label, broken) in enumerate(sorted(self.used.items())):
            target = f"../stories/missing-r{label}.md" if broken else "../stories/ok.md"
            form = forms[k % len(forms)] if forms else 0
            self.write(f"[r{label}]:")
            if form == 1:
                self.write("\n   ")
            else:
                self.write(" ")
            if form == 2:
                self.write("<")
            where = self.here()
            self.write(target + (">" if form == 2 else "") + (' "title"' if form == 3 else "") + "\n")
            self.places.extend((target, where) for use in self.uses if use == label)


blocks = st.tuples(st.sampled_from(["paragraph", "heading", "quote", "item", "table", "footnote"]),
                   st.lists(items, min_size=1, max_size=8))


def write_block(w: Writer, kind: str, parts: list, n: int) -> None:
    if kind == "paragraph":
        w.items(parts, can_wrap=True)
    elif kind == "heading":
        w.write("## ")
        w.items(parts, can_wrap=False)
        w.write(" ##")
    elif kind in ("quote", "item"):
        w.write("> " if kind == "quote" else "- ")
        w.prefix = "> " if kind == "quote" else "  "
        w.items(parts, can_wrap=True)
        w.prefix = ""
    elif kind == "table":
        w.write("| head | more |\n| --- | --- |\n")
        for row in range(0, len(parts), 4):  # two cells a row, of two items or fewer
            w.write("| p \\| q " if row % 8 == 0 else "| ")  # an escaped pipe reaches the parser as `|`
            w.items(parts[row : row + 2], can_wrap=False)
            w.write(" | ")
            w.items(parts[row + 2 : row + 4] or ["x \\| y"], can_wrap=False)
            w.write(" |\n")
    else:
        w.write(f"See[^n{n}].\n\n[^n{n}]: ")
        w.prefix = "    "
        w.items(parts, can_wrap=True)
        w.prefix = ""
    w.write("\n\n")


@settings(max_examples=300, deadline=None)
@given(first_line=st.integers(1, 9), body=st.lists(blocks, min_size=1, max_size=6),
       forms=st.lists(st.integers(0, 3), max_size=6))
def test_every_link_is_placed_and_every_broken_one_reported_once_there(first_line, body, forms):
    w = Writer(first_line)
    for n, (kind, parts) in enumerate(body):
        write_block(w, kind, parts, n)
    w.definitions(forms)
    resolver = LinkResolver(TABLE, PATH)
    seen = []

    def resolve(href, position, image):
        seen.append((href, (position.line, position.col)))
        return resolver(href, position, image)

    render(MD, Body(w.text, first_line), PATH, resolve, False)
    assert sorted(seen) == sorted(w.places), w.text
    broken = sorted({place for target, place in w.places if "missing-" in target})
    reported = [(d.position.line, d.position.col) for d in resolver.report.items]
    assert sorted(reported) == broken, w.text
    assert all(d.severity == "error" and "does not exist" in d.message for d in resolver.report.items)
