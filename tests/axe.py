"""axe-core, the accessibility engine, run inside a Playwright page.

axe-core comes from npm (package.json pins it; scripts/test.sh runs
`npm ci`), and is injected into the page under test as a script, so it sees
the page exactly as Chromium lays it out: colours, sizes, hidden parts and
the current colour scheme included. Every rule tagged for WCAG 2.0, 2.1 or
2.2 at level A or AA, or as one of axe's best practices, runs; that is more
than axe's default, which leaves WCAG 2.2's target-size check off. None is
turned off. (axe itself still leaves out its deprecated rules.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
# axe's default set, named: a rule outside these tags would not be run.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_path() -> Path:
    if not AXE_JS.is_file():
        # A failure, not a skip: the accessibility checks must run wherever the suite runs.
        pytest.fail("axe-core is not installed: run `npm ci` in the repository (scripts/test.sh does)")
    return AXE_JS


def run_axe(page) -> dict:
    """axe's results for the page as it is now: {'violations': [...], 'passes': [...], ...}."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path()))
    return page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )


def describe(violations: list[dict]) -> str:
    """One line per failing element: rule, impact, what is wrong, where."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: {summary}")
    return "\n".join(lines)
