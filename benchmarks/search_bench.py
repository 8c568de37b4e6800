"""Search figures for `bench.py --search`: how long indexing took, how big the
index is on disk, and how many bytes headless Chromium downloads to show the
first results of a one-word query.

The bytes are measured in the browser: the built site is served on loopback
under its base path, a fresh browser context opens `search/?q=WORD`, and the
bodies of every response are summed once the results are on screen. Needs
Playwright for Python and Debian's chromium (what the browser tests use).
"""

from __future__ import annotations

import gzip
import re
import statistics
import subprocess
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Types a host would compress on the fly; Pagefind's own .pf_* files and wasm are gzip already.
_TEXT = ("text/", "application/javascript", "application/json")
_SEARCH_MS = re.compile(r"^\s+search\s+(\d+) ms$", re.M)


def indexing_seconds(logs: list[Path]) -> float | None:
    """Median 'search' stage time from `ecmn-press build --timings` logs."""
    found = [int(m.group(1)) / 1000 for log in logs for m in _SEARCH_MS.finditer(log.read_text(errors="replace"))]
    return statistics.median(found) if found else None


def cli_seconds(out: Path, runs: int) -> float:
    """Median wall seconds of the Pagefind binary alone over the built site, as a
    site built by another generator is indexed (`pagefind --site public`), into a
    scratch bundle: what indexing costs with nothing of ecmn-press around it."""
    from pagefind.service import get_executable

    executable = get_executable()
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            start = time.perf_counter()
            subprocess.run([str(executable), "--site", str(out), "--output-path", str(Path(scratch) / "pagefind"),
                            "--quiet"], check=True, stdin=subprocess.DEVNULL, capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def index_size(out: Path) -> tuple[int, int]:
    """(files, bytes) of the pagefind/ folder."""
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


class _SubPath(SimpleHTTPRequestHandler):
    base = "/"

    def translate_path(self, path: str) -> str:
        if not urlsplit(path).path.startswith(self.base):
            return str(Path(self.directory) / ".outside-the-base-path")
        return super().translate_path("/" + path[len(self.base):])

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


def query_bytes(out: Path, base_path: str, words: list[str]) -> list[dict]:
    """For each word: results text, bytes fetched from pagefind/, all bytes, and gzip estimates."""
    from playwright.sync_api import sync_playwright  # only this report needs a browser

    handler = partial(type("Handler", (_SubPath,), {"base": base_path}), directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for word in words:
                rows.append(_one_query(browser, site, word))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def _one_query(browser, site: str, word: str) -> dict:
    context = browser.new_context()  # a first visit: nothing cached
    responses: list[tuple[str, str, bytes]] = []

    def keep(response) -> None:
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
            body = b""
        responses.append((response.url, response.headers.get("content-type", ""), body))

    context.on("response", keep)
    page = context.new_page()
    page.goto(f"{site}search/?q={word}")
    page.wait_for_selector("#search-status:not(:empty)", timeout=120_000)
    page.wait_for_load_state("networkidle")
    status = page.locator("#search-status").inner_text()
    context.close()

    def sizes(selected: list[tuple[str, str, bytes]]) -> tuple[int, int]:
        raw = sum(len(body) for _, _, body in selected)
        zipped = sum(len(gzip.compress(body, 6)) if kind.startswith(_TEXT) else len(body)
                     for _, kind, body in selected)
        return raw, zipped

    pagefind = [r for r in responses if "/pagefind/" in r[0]]
    pf_raw, pf_gz = sizes(pagefind)
    all_raw, all_gz = sizes(responses)
    return {
        "word": word, "status": status, "requests": len(responses), "pagefind_requests": len(pagefind),
        "pagefind_bytes": pf_raw, "pagefind_gzip": pf_gz, "all_bytes": all_raw, "all_gzip": all_gz,
    }


def kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB"
