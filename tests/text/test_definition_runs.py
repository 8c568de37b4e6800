"""A long run of reference definitions is read with blank lines between them
(the engine is quadratic in such runs); nothing it means or where it is
reported may change."""

from __future__ import annotations

import re

from ecmn_press.core.model import Body
from ecmn_press.text.markdown import new_engine, render
from ecmn_press.text.positions import Source

MD = new_engine()


def _body(n: int) -> str:
    uses = " ".join(f"[use {i}][r{i}]" for i in range(n))
    definitions = "\n".join(f'[r{i}]: target-{i}.md "Title {i}"' for i in range(n))
    return f"{uses}\n\n{definitions}\n\n```\n[c1]: in-code.md\n[c2]: in-code.md\n```\n"


def test_a_long_run_renders_as_written_and_is_placed_as_written():
    text = _body(40)
    source = Source(text, 5, "content/stories/s.md")
    assert len(source.inserted) == 39  # one blank line between each pair, none inside the fence
    seen = []

    def resolve(href, position, image):
        seen.append((href, position.line, position.col))
        return None

    rendered = render(MD, Body(text, 5), "content/stories/s.md", resolve, False)
    unchanged = re.sub(r' data-sourcepos="[^"]*"', "", MD.render(text))  # the text read as written
    assert rendered.html == unchanged
    assert "[c1]: in-code.md\n[c2]: in-code.md" in rendered.html
    # Each use is reported at its definition's URL: line 5 + 2 + i, after "[ri]: ".
    assert sorted(seen) == sorted((f"target-{i}.md", 7 + i, len(f"[r{i}]: ") + 1) for i in range(40))


def test_a_short_run_and_a_paragraph_continuation_are_left_alone():
    assert Source("\n".join(f"[r{i}]: t.md" for i in range(10)), 1, "x").inserted == []
    lines = "Some text\n" + "\n".join(f"[r{i}]: t.md" for i in range(40))  # paragraph text, not definitions
    assert Source(lines, 1, "x").inserted == []
