"""Every link is handed to the resolver with the place it is written.

A link's place is its opening `[` (for an image the `[` after `!`, for an
autolink the `<`); a reference link's place is where its definition's URL
starts, as that is what to fix. In the texts below `¦` marks each expected
place (twice for two links placed there) and is taken out before rendering.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

import pytest
from conftest import lines, run_build

from ecmn_press.core.model import Body
from ecmn_press.text.links import LinkResolver, LinkTable
from ecmn_press.text.markdown import new_engine, render

MARK = "¦"
PATH = "content/pages/p.md"
MD = new_engine()
TABLE = LinkTable("/", {"content/stories/ok.md": "stories/ok/"}, {}, frozenset({"content/media/ok.png"}),
                  frozenset({"content/stories/ok.md", "content/media/ok.png"}), frozenset())


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without marks, and the (line, col) of each mark in it."""
    text, places, line, col = [], [], 1, 1
    for char in marked:
        if char == MARK:
            places.append((line, col))
            continue
        text.append(char)
        line, col = (line + 1, 1) if char == "\n" else (line, col + 1)
    return "".join(text), places


def calls(text: str, first_line: int = 1) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []

    def resolve(href, position, image=False):
        assert position.path == PATH
        found.append((href, position.line, position.col))

    render(MD, Body(text, first_line), PATH, resolve, False)
    return found


@contextmanager
def collector_paused():
    # As the build renders (build.pipeline): with a million tokens alive, the
    # cyclic collector's passes would take more time than the rendering.
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


CASES = {
    "one link twice on a line": "See ¦[a](x.md) and ¦[a](x.md).",
    "table": "| ¦[a](a.md) | b \\| ¦[c](c.md) |\n|---|---|\n| `[x](x.md)` | ¦[y](y.md) |\n| p \\| q | r ¦[z](z.md) \\| |",
    "cells with the same text": "| `[a](x.md)` | ¦[a](x.md) |\n|---|---|\n| ¦[b](b.md) | ¦[b](b.md) |",
    "table in a quote": "> | h | ¦[h](h.md) |\n> |---|---|\n> | ¦[a](a.md) | b |",
    "footnotes": "Text[^1] and ^[inline ¦[i](i.md)].\n\n[^1]: Note ¦[n](n.md)\n    more ¦[m](m.md)",
    "headings": "# ¦[a](a.md) #\n\nSetext ¦[b](b.md)\nsecond ¦[c](c.md)\n---\n\n###### x ¦[d](d.md)",
    "nested emphasis": "**bold *it ¦[a](a.md)* ~~¦[s](s.md)~~** _¦[u](u.md)_",
    "images": "!¦[alt](/media/a.png) and ¦[!¦[inner](/media/b.png)](x.md)",
    "autolinks": "¦<https://example.org/a> and ¦<mail@example.org>",
    "`](` in link text": "¦[a `](` b](x.md) ¦[c \\](x) d](y.md) ¦[e [f] g](z.md)",
    "link text over lines": "one ¦[two\nthree](x.md) four ¦[five\n  six\nseven](y.md)",
    "containers": "> quote ¦[q](q.md)\n> > deeper ¦[d](d.md)\n\n- item ¦[i](i.md)\n  1. sub ¦[s](s.md)\n\n- a\n\t- tab ¦[t](t.md)",
    "indented lines": "  ¦[a](a.md)\n   ¦[b](b.md)  \nc ¦[d](d.md)   ",
    "a lazy quote line": "> quote\nlazy ¦[l](l.md)",
    "reference links": "Uses [a][r], [R][] and [r].\n\n[r]: ¦¦¦../x.md \"title\"",
    "definitions": (
        "[a][one] [b][two] [c][three] [d][four] [e][five]\n\n"
        "[one]:\n  ¦one.md\n[two]: <¦two words.md>\n> [three]: ¦three.md\n\n- [four]:\n  ¦four.md\n\n"
        "[fi\\]ve]: ¦five.md\n[e][fi\\]ve]"
    ),
    "a definition inside a footnote": "[e][six]\n\n[^n]: [six]: ¦six.md",
    "decoys": (
        "`[a](x.md)` \\[b](y.md) <!-- [c](z.md) --> [undefined] [x] [y]\n\n    [d](w.md)\n\n"
        "```\n[e](v.md)\n```\n\n<div>[f](u.md)</div>\n\nreal ¦[g](g.md)"
    ),
    "NUL before a link": "a\0b ¦[x](x.md)\n\n> a\0b ¦[y](y.md)",
    "wide characters": "é😀 ¦[x](x.md) – ¦[y](y.md)",
}


@pytest.mark.parametrize("marked", CASES.values(), ids=CASES.keys())
def test_each_link_is_placed_where_it_opens(marked):
    text, expected = unmark(marked)
    assert sorted((line, col) for _, line, col in calls(text)) == sorted(expected)


def test_places_count_from_the_body_first_line():
    text, expected = unmark("---\n\nx ¦[a](a.md)\n\n| t |\n|---|\n| ¦[b](b.md) |")
    assert [(line, col) for _, line, col in calls(text, first_line=5)] == [(l + 4, c) for l, c in expected]


def test_many_links_on_one_line_each_at_its_own_column():
    n = 20_000
    text = " ".join(f"[t](m{i}.md)" if i % 2 else "[t](../stories/ok.md)" for i in range(n))
    resolver = LinkResolver(TABLE, PATH)
    with collector_paused():
        render(MD, Body(text, 1), PATH, resolver, False)
    width = [len(f"[t](m{i}.md) " if i % 2 else "[t](../stories/ok.md) ") for i in range(n)]
    columns, col = [], 1
    for w in width:
        columns.append(col)
        col += w
    assert [(d.position.line, d.position.col) for d in resolver.report.items] == [
        (1, columns[i]) for i in range(1, n, 2)]
    assert all(d.message == f"broken link: content/pages/m{i}.md does not exist"
               for d, i in zip(resolver.report.items, range(1, n, 2)))


def test_100k_reference_links_on_one_line_are_each_placed_at_their_definition():
    n, labels = 100_000, 1_000
    uses = " ".join(f"[t][r{i % labels}]" for i in range(n))
    definitions = [f"[r{k}]: missing-{k}.md" if k % 2 else f"[r{k}]: ../stories/ok.md" for k in range(labels)]
    text = "Intro.\n\n" + uses + "\n\n" + "\n".join(definitions)  # a short summary paragraph, rendered again
    seen = []
    resolver = LinkResolver(TABLE, PATH)

    def resolve(href, position, image=False):
        seen.append((position.line, position.col))
        return resolver(href, position, image)

    with collector_paused():
        render(MD, Body(text, 1), PATH, resolve, False)
    url_col = [len(f"[r{k}]: ") + 1 for k in range(labels)]
    assert seen == [(5 + i % labels, url_col[i % labels]) for i in range(n)]
    assert [(d.position.line, d.position.col, d.message) for d in resolver.report.items] == [
        (5 + k, url_col[k], f"broken link: content/pages/missing-{k}.md does not exist") for k in range(1, labels, 2)]


def test_crlf_file_through_a_build(make_site):
    page = (b"---\r\ntitle: P\r\n---\r\nSee [a](gone-one.md) and\r\n| t | u |\r\n|---|---|\r\n"
            b"| x | ![i](/media/none.png) |\r\n\r\n[long\r\ntext](gone-two.md) [r][]\r\n\r\n[r]:\r\n   gone-three.md\r\n")
    result = run_build(make_site({"content/pages/p.md": page}))
    assert lines(result) == [
        "content/pages/p.md:4:5: error: broken link: content/pages/gone-one.md does not exist",
        "content/pages/p.md:7:8: error: broken link: media file content/media/none.png does not exist",
        "content/pages/p.md:9:1: error: broken link: content/pages/gone-two.md does not exist",
        "content/pages/p.md:13:4: error: broken link: content/pages/gone-three.md does not exist",
    ]
