"""The package's shape holds: sub-packages in one direction, modules too.

`PACKAGES` runs from the bottom (the core, which imports nothing of
ecmn_press but its version) to the front ends, which nothing imports. A
sub-package may import only those below it; two on one level (content and
charts) know nothing of each other. Inside that, `MODULES` keeps the order
modules had before they were grouped. A new module or sub-package must be
placed in these lists on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ecmn_press"

PACKAGES = [
    ["core"],
    ["images", "i18n"],
    ["content", "charts"],
    ["text"],
    ["site"],
    ["mail", "search"],
    ["build"],
    # front ends
    ["preview_http"],
    ["preview_request", "preview_place", "preview_search"],
    ["preview_pages"],
    ["scaffold", "legacy", "serve"],
    ["starter", "cli_report"],
    ["cli"],
    ["__main__"],
]
FRONT_ENDS = {"preview_http", "preview_request", "preview_place", "preview_search", "preview_pages", "scaffold",
              "legacy", "serve", "starter", "cli_report", "cli", "__main__"}

MODULES = [
    ["core.diagnostics", "core.slugs", "core.weburls", "i18n.codes", "charts.anhoj", "core.workers",
     "text.html_text", "text.tables", "core.numtext", "core.background", "text.fragments"],
    ["core.files", "i18n.dates", "core.model", "content.file_status", "content.yamldoc", "text.identifiers", "text.absolute",
     "text.sanitize", "text.positions", "core.cache", "search.bundle_order", "charts.svg", "images.svgsize",
     "images.store"],
    ["content.fields", "i18n.catalogues", "site.metadata", "site.sandbox", "site.kept", "site.since", "images.settings"],
    ["content.config", "content.measures", "content.sources", "images.variants", "images.probe", "charts.words"],
    ["content.schema", "images.encode", "images.rasterise", "images.plan", "charts.run_chart"],
    ["content.relate", "content.translations", "images.make"],
    ["content.urls", "images.library"],
    ["content.plan", "text.links", "text.markdown", "charts.figures", "site.paging", "site.names", "site.search_words", "mail.mailhtml",
     "images.markup", "images.encoding"],
    ["text.bodies", "site.views", "content.languages"],
    ["site.listings", "site.templates"],
    ["site.template_deps"],
    ["site.context"],
    ["site.pages", "site.feeds", "site.sitemap", "site.measures_csv", "mail.edition", "search.index"],
    ["build.output", "search.shards"],
    ["build.unchanged", "build.media"],
    ["build.fanout"],
    ["build.pipeline"],
    ["preview_http"],
    ["preview_request", "preview_place", "preview_search"],
    ["preview_pages"],
    ["scaffold", "legacy", "serve"],
    ["starter", "cli_report"],
    ["cli"],
    ["__main__"],
]
PRODUCERS = ["site/feeds.py", "site/sitemap.py", "site/measures_csv.py", "search/index.py", "mail/edition.py"]


def _dotted(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts)


def _unit(dotted: str) -> str:
    """The module as MODULES names it: legacy/ counts as one, a package's __init__ as the package."""
    parts = dotted.split(".")
    if parts[0] == "legacy":
        return "legacy"
    if parts[-1] == "__init__" and len(parts) > 1:
        return parts[0]
    return ".".join(parts[:2])


def _package(dotted: str) -> str:
    return dotted.split(".")[0]


def _imports(path: Path) -> set[str]:
    """The ecmn_press modules a file imports, as dotted names below ecmn_press."""
    me = _dotted(path).split(".")
    here = me[:-1]  # the file's own package (a package's __init__ lives in its folder too)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = here[: len(here) - (node.level - 1)]
        elif node.module and node.module.split(".")[0] == "ecmn_press":
            base = []
        else:
            continue
        module = (node.module or "").split(".") if node.module else []
        if not node.level:
            module = module[1:]
        target = base + module
        for alias in node.names:
            candidate = target + [alias.name]
            if (PACKAGE.joinpath(*candidate).with_suffix(".py")).exists() or PACKAGE.joinpath(*candidate).is_dir():
                found.add(".".join(candidate))
            else:
                found.add(".".join(target) or "__init__")
    return found


def _files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _rank(levels: list[list[str]]) -> dict[str, int]:
    return {name: level for level, names in enumerate(levels) for name in names}


def test_every_module_and_package_has_a_place():
    units = {_unit(_dotted(p)) for p in _files()} - {"__init__"}
    packages = {_package(u) for u in units}
    assert units - set(_rank(MODULES)) - set(_rank(PACKAGES)) == set(), "place new modules in MODULES"
    assert packages - set(_rank(PACKAGES)) == set(), "place new sub-packages in PACKAGES"


def test_sub_packages_import_downwards_only():
    rank = _rank(PACKAGES)
    wrong = []
    for path in _files():
        mine = _package(_dotted(path))
        for other in {_package(d) for d in _imports(path)} - {mine, "__init__"}:
            if (other in FRONT_ENDS and mine not in FRONT_ENDS) or rank[other] >= rank[mine]:
                wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert wrong == []


def test_modules_import_downwards_only():
    rank = _rank(MODULES)
    wrong = []
    for path in _files():
        me = _unit(_dotted(path))
        for other in {_unit(d) for d in _imports(path)} - {me, "__init__"}:
            if other in rank and me in rank and rank[other] >= rank[me]:
                wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert wrong == []


def test_the_layer_check_sees_a_wrong_import(tmp_path, monkeypatch):
    # The checks above are only worth something if they notice an upward import.
    fake = tmp_path / "ecmn_press"
    (fake / "core").mkdir(parents=True)
    (fake / "site").mkdir()
    (fake / "site" / "views.py").write_text("")
    (fake / "core" / "model.py").write_text("from ..site.views import X\nfrom . import slugs\n")
    (fake / "core" / "slugs.py").write_text("")
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    assert _imports(fake / "core" / "model.py") == {"site.views", "core.slugs"}


def test_each_sub_package_states_its_charter_and_holds_more_than_one_module():
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        tree = ast.parse((folder / "__init__.py").read_text())
        doc = ast.get_docstring(tree)
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) >= 2, f"{folder.name} holds one module: fold it into another"
        if folder.name == "legacy":
            continue  # a front end whose __init__ is its entry point
        assert doc and "\n" not in doc.strip() and "Imports" in doc, f"{folder.name}: one line, with what it imports"
        assert len(tree.body) == 1, f"{folder.name}/__init__.py holds code; it is a charter only"


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in _files() if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


def test_producers_do_not_import_page_rendering():
    for name in PRODUCERS:
        assert "site.pages" not in _imports(PACKAGE / name), name


def test_markdown_knows_nothing_of_links_or_urls():
    assert not {"text.links", "content.urls", "content.plan"} & _imports(PACKAGE / "text" / "markdown.py")


def test_only_the_front_ends_print():
    for path in _files():
        if _package(_dotted(path)) in {"cli", "cli_report", "serve", "__main__"}:
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
