"""HTML fragments as plain text: what the e-mail edition's text part is made of."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from ecmn_press.text.html_text import WIDTH, References, html_to_text, wrap
from ecmn_press.text.markdown import new_engine


def text(markdown: str, refs: References | None = None) -> str:
    return html_to_text(new_engine().render(markdown), refs)


def test_paragraphs_are_wrapped_at_72_columns_and_keep_every_word():
    para = " ".join(f"word{i}" for i in range(60))
    out = text(f"{para}\n\nSecond paragraph.")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    assert len(lines) > 3
    assert out.split("\n\n")[0].split() == para.split()
    assert out.endswith("\n\nSecond paragraph.")


def test_headings_are_underlined_or_in_capitals():
    out = text("# Top\n\n## Section two\n\n### Small one\n\nBody.")
    assert out == "Top\n===\n\nSection two\n-----------\n\nSMALL ONE\n\nBody."


def test_bullet_and_numbered_lists_with_nesting():
    out = text("Intro.\n\n- one\n- two\n  - inner\n- three\n\n3. third\n4. fourth\n\nAfter.")
    assert out == (
        "Intro.\n\n- one\n- two\n  - inner\n- three\n\n3. third\n4. fourth\n\nAfter."
    )


def test_long_list_items_wrap_under_their_own_text():
    out = text("- " + " ".join(["alpha"] * 30))
    lines = out.splitlines()
    assert lines[0].startswith("- alpha")
    assert all(line.startswith("  alpha") for line in lines[1:])
    assert max(map(len, lines)) <= WIDTH


def test_blockquotes_are_prefixed_on_every_line():
    out = text("Before.\n\n> " + " ".join(["quoted"] * 20) + "\n>\n> Second.\n\nAfter.")
    before, quote, after = out.split("\n\n", 2)[0], out.split("\n\n", 1)[1].rsplit("\n\n", 1)[0], out.rsplit("\n\n", 1)[1]
    assert before == "Before." and after == "After."
    assert all(line.startswith(">") for line in quote.splitlines())
    assert quote.splitlines()[-2:] == [">", "> Second."]


def test_code_blocks_keep_their_lines_and_spaces():
    out = text("```\nif x:\n    return  1\n" + "y" * 90 + "\n```")
    assert out.splitlines() == ["    if x:", "        return  1", "    " + "y" * 90]


def test_links_become_numbered_references_shared_across_fragments():
    refs = References()
    first = text("See [the team](https://example.org/net/teams/hull/) and [again](https://example.org/net/teams/hull/).", refs)
    second = text("Also [a story](https://example.org/net/stories/x/) and [the team](https://example.org/net/teams/hull/).", refs)
    assert first == "See the team [1] and again [1]."
    assert second == "Also a story [2] and the team [1]."
    assert list(refs.urls) == ["https://example.org/net/teams/hull/", "https://example.org/net/stories/x/"]


def test_bare_urls_mail_addresses_and_fragments_are_not_numbered():
    refs = References()
    out = text("Go to <https://example.org/a> or [write](mailto:ed@example.org), <ed@example.org>, [up](#top).", refs)
    assert " ".join(out.split()) == "Go to https://example.org/a or write <ed@example.org>, ed@example.org, up."
    assert refs.urls == []


def test_images_show_their_alt_text_and_decorative_ones_vanish():
    assert text("![A run chart of waits](chart.svg)") == "[image: A run chart of waits]"
    assert html_to_text('<p>Before <img src="x.png" alt=""> after</p>') == "Before after"


def test_footnote_marks_stay_as_text_and_back_links_go():
    refs = References()
    out = text("A claim.[^1]\n\n[^1]: The source.", refs)
    assert "A claim.[1]" in out
    assert "1. The source." in out
    assert "↩" not in out
    assert refs.urls == []


def test_tables_are_aligned_columns():
    out = text("| Team | Days |\n|---|---:|\n| Hull | 12 |\n| Rothwick | 7 |")
    assert out.splitlines() == [
        "Team      Days",
        "--------  ----",
        "Hull      12",
        "Rothwick  7",
    ]


def test_tables_too_wide_for_columns_become_labelled_lines():
    wide = "x" * 60
    out = text(f"| Team | Measure | Collected by |\n|---|---|---|\n| Hull | {wide} | Secretaries |")
    assert out.splitlines() == ["Team: Hull", f"Measure: {wide}", "Collected by: Secretaries"]


def test_scripts_styles_and_entities():
    html = "<style>p{color:red}</style><p>Fish &amp; chips&nbsp;&mdash; caf&eacute;</p><script>alert(1)</script>"
    assert html_to_text(html) == "Fish & chips\xa0— café"


def test_hard_breaks_and_rules():
    assert text("Line one\\\nline two\n\n---\n\nEnd.") == "Line one\nline two\n\n* * *\n\nEnd."


def test_long_urls_are_never_broken():
    url = "https://example.org/" + "a" * 100
    out = text(f"Read {url} today.")
    assert url in out.splitlines()


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"),
                        min_size=1, max_size=30).filter(str.strip), max_size=60),
       st.integers(min_value=5, max_value=100))
def test_wrapping_breaks_lines_where_textwrap_does(words, width):
    # Words are never blank (a no-break space alone): paragraphs are stripped and
    # their runs of white space made single spaces before they are wrapped.
    paragraph = " ".join(words)
    assert wrap(paragraph, width) == textwrap.wrap(paragraph, width=width, break_long_words=False,
                                                   break_on_hyphens=False)
