"""The import direction holds: each module imports only modules below it.

The list runs from the bottom (standard library only) to the front ends
(nothing imports them). A new module must be placed in it on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ecmn_press"

LAYERS = [
    # bottom: standard library only
    ["__init__", "diagnostics", "slugs", "anhoj", "workers", "imagesize", "html_text", "numtext", "metadata"],
    # typed content and its readers
    ["model", "yamldoc", "identifiers", "absolute", "sanitize", "cache", "bundle_order", "chart_svg"],
    ["fields", "charts", "mailhtml", "kept"],
    ["config", "measures", "sources"],
    ["schema"],
    ["relate"],
    ["urls"],
    ["plan", "links", "markdown", "chart_views"],
    ["bodies", "views"],
    ["listings", "render"],
    ["context"],
    # producers: each a function of the linked site
    ["pages", "feeds", "sitemap", "measures_csv", "edition", "search"],
    ["output", "fanout"],
    ["build"],
    # front ends: nothing imports them
    ["scaffold", "legacy", "serve"],
    ["cli"],
    ["__main__"],
]
PRODUCERS = {"feeds", "sitemap", "measures_csv", "search", "edition"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0]  # sub-packages (legacy/) count as one module


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            if node.level == 1 and path.parent != PACKAGE:
                continue  # inside a sub-package: its own modules
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ecmn_press"):
            parts = node.module.split(".")
            found.add(parts[1] if len(parts) > 1 else "__init__")
    return found


def _rank() -> dict[str, int]:
    return {name: level for level, names in enumerate(LAYERS) for name in names}


def test_every_module_has_a_layer():
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    assert modules - set(_rank()) == set(), "place new modules in LAYERS"


def test_imports_point_down_only():
    rank = _rank()
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        me = _module_name(path)
        for other in _imports(path):
            if other == me or other not in rank:
                continue
            if rank[other] >= rank[me] and not (rank[other] == rank[me] and other == "__init__"):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {other}")
    assert wrong == []


def test_producers_do_not_import_page_rendering():
    for name in PRODUCERS:
        path = PACKAGE / f"{name}.py"
        if path.exists():
            assert "pages" not in _imports(path), name


def test_markdown_knows_nothing_of_links_or_urls():
    assert not {"links", "urls", "plan"} & _imports(PACKAGE / "markdown.py")


def test_only_the_front_ends_print():
    fronts = {"cli", "serve", "__main__"}
    for path in PACKAGE.rglob("*.py"):
        if _module_name(path) in fronts:
            continue
        tree = ast.parse(path.read_text())
        calls = [
            n for n in ast.walk(tree)
            if isinstance(n, ast.Call) and (
                (isinstance(n.func, ast.Name) and n.func.id == "print")
                or (isinstance(n.func, ast.Attribute) and n.func.attr in ("echo", "secho"))
            )
        ]
        assert calls == [], f"{path.relative_to(PACKAGE)} prints"
