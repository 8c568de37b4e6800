"""Shared fixtures: small sites written inline, builds with a fixed clock."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecmn_press.build import BuildResult, build
from ecmn_press.cli import main
from ecmn_press.config import BuildOptions

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
SITE_YAML = "title: Test Network\nbase_url: https://example.org/net/\n"
TEAM = "---\nname: Hull Neurology\nregion: Humber\ncountry: England\n---\nA neurology team.\n"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never touch the developer's real cache folder."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def make_site(tmp_path):
    """make_site({'content/stories/x.md': '...'}) -> a site folder with a site.yaml."""

    def make(files: dict[str, str | bytes], *, site_yaml: str | None = SITE_YAML, name: str = "site") -> Path:
        root = tmp_path / name
        if site_yaml is not None and "content/site.yaml" not in files:
            write_files(root, {"content/site.yaml": site_yaml})
        write_files(root, files)
        (root / "content").mkdir(parents=True, exist_ok=True)
        return root

    return make


def options(**kwargs) -> BuildOptions:
    kwargs.setdefault("now", NOW)
    kwargs.setdefault("search", False)
    return BuildOptions(**kwargs)


def run_build(site: Path, output: Path | None = None, **kwargs) -> BuildResult:
    return build(site, output, options(**kwargs))


def lines(result: BuildResult) -> list[str]:
    return [d.format() for d in result.report.sorted()]


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cli(*args: str):
    """Run the command line in-process; returns click's result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)
