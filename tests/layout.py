"""What a reader sees, checked in Chromium: the measuring is tests/layout.js.

`check_layout(page)` runs it on the page as it is drawn now and returns its
findings, each a dict {rule, where, text, detail}; `describe` makes them
readable in a failed assertion. The rules (see layout.js): overlap, overflow,
broken, small, clipped.
"""

from __future__ import annotations

from pathlib import Path

LAYOUT_JS = (Path(__file__).resolve().parent / "layout.js").read_text(encoding="utf-8")
RULES = ("overlap", "overflow", "broken", "small", "clipped")
WIDTHS = (320, 375, 768, 1280)
SCHEMES = ("light", "dark")


def check_layout(page, min_px: float = 12) -> list[dict]:
    return page.evaluate(LAYOUT_JS, {"minPx": min_px})


def describe(findings: list[dict]) -> str:
    return "\n".join(f"  {f['rule']}: {f['where']}: {f['text']!r}: {f['detail']}" for f in findings)
