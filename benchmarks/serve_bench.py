"""How `ecmn-press serve` feels on a big archive, search on, timed in headless Chromium.

    python benchmarks/serve_bench.py --site /tmp/ecmn-bench/peers-5000/ours [--runs 3]

Each run works on a fresh copy of the site (the corpus is never edited) and:

- cold start: an empty cache folder, from starting `serve` to the home page
  answering with the built page (never a placeholder);
- search ready: from the same start until the preview's search index is
  complete (every shard indexed);
- edit shown: a story open in the browser, a new word added to its file,
  until the open page shows it (the page reloads itself);
- edit in search: from the same save until the preview's search page,
  opened with the new word as its query, shows it (the page reloads itself
  when the shards change, as an editor's would);
- warm start: `serve` stopped and started again on the same site and cache,
  until the home page answers.

Prints the median of the runs (and each run). Needs Playwright and Debian's
Chromium, as the browser tests do. `bench.py --serve` calls `measure` too.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT = 600.0
FIGURES = ["first", "search_ready", "shown", "search", "warm"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                if reply.status == 200 and b"</html>" in reply.read():
                    return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(url)


def _start(command: list[str], site: Path, port: int, env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(command + ["serve", "--site", str(site), "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=60)


def measure(n: int, command: list[str], site: Path, work: Path, port: int | None = None) -> dict:
    """One run on `site` (edited in place: pass a copy), with its own empty cache under `work`."""
    from playwright.sync_api import sync_playwright

    work.mkdir(parents=True, exist_ok=True)
    port = port or _free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    shutil.rmtree(work / "cache", ignore_errors=True)
    settings = (site / "content" / "site.yaml").read_text(encoding="utf-8")
    base = re.search(r"^base_url:\s*\S+?//[^/]+(/\S*)?$", settings, re.M)
    base_path = ((base.group(1) if base else None) or "/").strip("\"'")
    root = f"http://127.0.0.1:{port}{base_path}"
    stories = sorted((site / "content" / "stories").rglob("*.md"))
    story = stories[len(stories) // 3]
    slug = re.search(r"^slug:\s*\"?([a-z0-9-]+)", story.read_text(encoding="utf-8"), re.M)
    story_url = f"{root}stories/{slug.group(1) if slug else story.stem}/"
    log = work / "serve.log"
    start = time.monotonic()
    proc = _start(command, site, port, env, log)
    try:
        _wait_for(root, start + TIMEOUT)
        first = time.monotonic() - start
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            search = browser.new_page()
            search.set_default_timeout(TIMEOUT * 1000)  # a page not made yet waits for the first build
            while True:  # the index is built in the background: ready when no shard is pending
                with urllib.request.urlopen(f"{root}search/", timeout=TIMEOUT) as reply:
                    if b'"pending": 0}' in reply.read():
                        break
                if time.monotonic() - start > TIMEOUT:
                    raise TimeoutError("search index")
                time.sleep(0.1)
            search_ready = time.monotonic() - start
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT * 1000)
            page.goto(story_url)
            page.wait_for_timeout(500)  # the reload stream is open
            word = "zebrafinch" + "".join(chr(ord("a") + int(d)) for d in str(int(time.time())))
            text = story.read_text(encoding="utf-8")
            saved = time.monotonic()
            story.write_text(text + f"\nA note on {word} today.\n", encoding="utf-8")
            page.wait_for_function(f"document.body.innerText.includes('{word}')", timeout=TIMEOUT * 1000)
            shown = time.monotonic() - saved
            found = None
            # The search page, opened once, reloads itself (query kept) whenever the shards change.
            search.goto(f"{root}search/?q={word}")
            while time.monotonic() - saved < TIMEOUT:
                try:
                    search.wait_for_function("document.querySelectorAll('#search-results li').length > 0",
                                             timeout=TIMEOUT * 1000)
                    found = time.monotonic() - saved
                    break
                except Exception:  # noqa: BLE001 - it reloaded itself while we waited: wait on the new page
                    continue
            browser.close()
    finally:
        _stop(proc)
    start = time.monotonic()
    proc = _start(command, site, port, env, log)
    try:
        _wait_for(root, start + TIMEOUT)
        warm = time.monotonic() - start
    finally:
        _stop(proc)
    return {"n": n, "first": first, "search_ready": search_ready, "shown": shown, "search": found, "warm": warm}


def print_table(rows: list[dict]) -> None:
    print("\n`serve`, search on (headless Chromium)\n")
    print("| N | first page, cold start | search index complete | edit shown in the open page "
          "| edit found by search | first page, restart |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        cells = [f"{r[k]:.2f} s" if r.get(k) is not None else "not found" for k in FIGURES]
        print(f"| {r['n']:,} | " + " | ".join(cells) + " |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, required=True, help="a site folder (copied; never edited)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, help="where the copies and caches go [a temporary folder]")
    args = ap.parse_args()
    n = sum(1 for _ in (args.site / "content").rglob("*.md"))
    work = args.work or Path(tempfile.mkdtemp(prefix="serve-bench-"))
    command = [sys.executable, "-m", "ecmn_press"]
    runs = []
    try:
        for i in range(args.runs):
            copy = work / f"run-{i}" / "site"
            shutil.rmtree(copy.parent, ignore_errors=True)
            shutil.copytree(args.site, copy)
            runs.append(measure(n, command, copy, copy.parent))
            print_table(runs[-1:])
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    median = {"n": n}
    for k in FIGURES:
        values = [r[k] for r in runs if r[k] is not None]
        median[k] = statistics.median(values) if len(values) == len(runs) else None
    print(f"\nmedian of {len(runs)} runs:")
    print_table([median])
    return 0


if __name__ == "__main__":
    sys.exit(main())
