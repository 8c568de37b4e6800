"""The layout checks themselves (tests/layout.js): each finds a page made to
break its rule, and a clean page, holding everything the rules allow, gives
no finding at all."""

from __future__ import annotations

import pytest
from layout import check_layout, describe

STYLE = ("<style>body{margin:0;padding:16px;font:16px/1.5 sans-serif;overflow-wrap:break-word}"
         " p{margin:0 0 8px}</style>")

BROKEN_PAGES = {
    "overlap": """
        <div style="position:relative;height:60px">
          <p style="position:absolute;top:0">Read issue number five</p>
          <p style="position:absolute;top:4px;left:20px">Spreading what works</p>
        </div>""",
    "overflow": """<div style="width:600px">A box wider than the window.</div>""",
    "broken": """
        <p style="width:150px;word-break:break-all">Community hospital outpatients and specialist services</p>""",
    "broken-in-a-squeezed-cell": """
        <table style="width:120px"><tr><td style="overflow-wrap:anywhere">Hospital</td>
        <td style="overflow-wrap:anywhere">Community</td><td>specialist</td></tr></table>""",
    "broken-in-a-squeezed-flex-item": """
        <h3 style="display:flex;gap:4px;width:130px;overflow-wrap:break-word">3.
        <a href="#" style="min-width:0">Professionals</a></h3>""",
    "small": """<p style="font-size:10px">Ten pixels is too small to read.</p>""",
    "small-by-transform": """<p style="transform:scale(0.6);transform-origin:0 0">Drawn at 9.6 px</p>""",
    "small-in-svg": """
        <svg viewBox="0 0 400 100" style="width:200px"><text x="0" y="40" font-size="12">Drawn at six</text></svg>""",
    "clipped-by-hidden": """
        <div style="height:20px;overflow:hidden;width:200px">Two lines of text in a box one line high, so the second is cut</div>""",
    "clipped-by-scroll-box": """
        <ul style="max-height:60px;overflow-y:auto;margin:0;width:200px">
          <li>Beech Ward</li><li>Brookfield Surgery</li><li>Cardiology Clinic</li><li>Day Surgery Unit</li>
        </ul>""",
    "clipped-by-ellipsis": """
        <p style="width:100px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">A title far too long for its box</p>""",
    "clipped-svg-text": """
        <svg viewBox="0 0 100 40" style="width:300px"><text x="60" y="30" font-size="14">Spills out</text></svg>""",
    "clipped-placeholder": """<input style="width:60px" placeholder="Search the site">""",
}


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", BROKEN_PAGES)
def test_each_rule_finds_a_page_made_to_break_it(phone, name):
    phone.set_content(f"<!doctype html><html lang=en><head>{STYLE}</head><body>{BROKEN_PAGES[name]}</body></html>")
    rule = name.split("-")[0]
    found = check_layout(phone)
    assert [f for f in found if f["rule"] == rule], f"{rule} not found:\n{describe(found)}"
    # And only that rule: a check that fires on everything proves nothing.
    assert {f["rule"] for f in found} == {rule}, describe(found)


CLEAN = """
<a href="#main" style="position:absolute;top:-4rem">Skip to content</a>
<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">Visually hidden words</span>
<h1 style="font-size:28px;line-height:1.15">A heading of several words that wraps onto lines</h1>
<p>Body text with <a href="https://example.org/">a link</a>, <sup>1</sup> a note and
<mark>marked</mark> words; e-mail and step-by-step break at their hyphens.</p>
<p>A long address breaks where it must:
https://example.org/a-very-long-path-segment-without-spaces/another-very-long-segment-of-it/end</p>
<p>Ettmycketlångtordutanmellanslagsomintefårplatspåraden breaks too: no line could hold it.</p>
<div role="region" tabindex="0" style="overflow-x:auto">
  <table style="width:100%"><tr><th>Stream</th><th>Teams that started</th><th>Still meeting</th>
  <th>Still measuring</th><th>Tested a change since June</th></tr>
  <tr><td>Hospital and specialist services</td><td>12</td><td>9</td><td>8</td><td>7</td></tr></table>
</div>
<details><summary>The data</summary><p style="font-size:8px">Folded away, so not drawn.</p></details>
<p hidden>Hidden text at any size</p>
<svg viewBox="0 0 300 100" style="width:288px"><text x="4" y="20" font-size="14">Chart text at 13 px</text></svg>
<input placeholder="Search" style="width:200px">
<p><span style="display:inline-block;font-size:12px;padding:0 0.45rem;letter-spacing:0.04em">Draft</span>
at 12 px in a box whose width is not a whole number of pixels</p>
<ul style="max-height:200px;overflow-y:auto"><li>Short</li><li>List</li></ul>
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_a_clean_page_gives_no_finding(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.set_content(f"<!doctype html><html lang=en><head>{STYLE}</head><body>{CLEAN}</body></html>")
        found = check_layout(page)
        assert found == [], describe(found)
    finally:
        context.close()
