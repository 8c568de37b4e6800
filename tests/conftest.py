"""Shared fixtures: small sites written inline, builds with a fixed clock,
and, for browser tests, Debian's Chromium and a loopback server that serves
a built site under a sub-path as its host would."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from ecmn_press.build.pipeline import BuildResult, build
from ecmn_press.cli import main
from ecmn_press.content.config import BuildOptions

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
SITE_YAML = "title: Test Network\nbase_url: https://example.org/net/\n"
TEAM = "---\nname: Hull Neurology\nregion: Humber\ncountry: England\n---\nA neurology team.\n"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never touch the developer's real cache folder, and see our bugs' tracebacks."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    mp.setenv("ECMN_PRESS_DEBUG", "1")
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


@pytest.fixture()
def example_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the example site to edit, with a cache folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "themes", site / "themes")
    return site


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a file as an editor would: the first `old` becomes `new` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def differences_from_clean_build(site: Path, out: Path) -> list[str]:
    """The output paths where `out` differs from a clean build of `site` (no cache), missing or extra included."""
    clean = out.parent / f"{out.name}-clean"
    shutil.rmtree(clean, ignore_errors=True)
    assert not run_build(site, clean, cache=False).failed()
    got, want = read_tree(out), read_tree(clean)
    shutil.rmtree(clean)
    return sorted(p for p in got.keys() | want.keys() if got.get(p) != want.get(p))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The repository's example site, built once per test run, with its search index."""
    out = tmp_path_factory.mktemp("example") / "out"
    result = build(REPO, out, options(search=True, cache=False))
    assert not result.failed(), lines(result)
    return out


@pytest.fixture(scope="session")
def awkward_site(tmp_path_factory) -> Path:
    """tests/awkward.py's site (long words, wide tables, Swedish), built once per test run."""
    from awkward import build_awkward  # it imports this module

    return build_awkward(tmp_path_factory.mktemp("awkward"))


@pytest.fixture(scope="session")
def starter_sites(tmp_path_factory) -> dict[str, Path]:
    """A site as `ecmn-press new site` makes it, built with its drafts ("drafts") and as published ("published")."""
    from ecmn_press import starter

    root = tmp_path_factory.mktemp("starter")
    settings = starter.SiteSettings("Rivertown care network", "https://example.org/starter/", "UTC", "en")
    for new in starter.new_site(root / "site", settings, NOW.date()):
        write_files(root, {new.path.relative_to(root).as_posix(): new.text})
    built = {}
    for name, drafts in (("drafts", True), ("published", False)):
        result = build(root / "site", root / name, options(search=True, cache=False, drafts=drafts, strict=True))
        assert not result.failed(strict=True), lines(result)
        built[name] = root / name
    return built


def cli(*args: str):
    """Run the command line in-process; returns click's result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- browser tests ---------------------------------------------------------------
# pytest-playwright provides `page`, `context` and `browser`; we only point it
# at Debian's Chromium (Playwright's own download cannot work offline) with
# flags that keep it from reaching the network. Never run `playwright install`.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    found = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        # A failure, not a skip: browser tests must run wherever the suite runs.
        pytest.fail("Debian's chromium is not installed: run scripts/test.sh, or apt-get install chromium")
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves `directory` at `base` ('/net/'); anything outside it is a 404."""

    base = "/"

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if not url_path.startswith(self.base):
            return str(Path(self.directory) / ".not-under-the-base-path")
        return super().translate_path("/" + path[len(self.base):])

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # keep test output clean


def serve_folder(folder: Path, base: str = "/net/") -> tuple[ThreadingHTTPServer, str]:
    """Serve `folder` on 127.0.0.1 (a free port) under `base`; returns the server and the site's URL."""
    handler = partial(type("Handler", (_SubPathHandler,), {"base": base}), directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{base}"


@pytest.fixture(scope="session")
def serve():
    """serve(folder, base='/net/') -> 'http://127.0.0.1:PORT/net/', stopped when the session ends."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path, base: str = "/net/") -> str:
        server, url = serve_folder(folder, base)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
