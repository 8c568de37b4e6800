"""How `ecmn-press serve` feels on a big archive, search on, timed in headless Chromium.

- first page: from starting `serve` to the home page answering;
- edit shown: a story open in the browser, a word added to its file, until
  the open page shows it (the page reloads itself);
- edit in search: from the same save until the preview's search page finds
  the new word.

Needs Playwright and Debian's Chromium, as the browser tests do.
"""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT = 600.0


def _wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(url)


def measure(n: int, command: list[str], site: Path, work: Path, port: int = 8765) -> dict:
    from playwright.sync_api import sync_playwright

    work.mkdir(parents=True, exist_ok=True)
    settings = (site / "content" / "site.yaml").read_text(encoding="utf-8")
    base = re.search(r"^base_url:\s*\S+?//[^/]+(/\S*)?$", settings, re.M)
    base_path = ((base.group(1) if base else None) or "/").strip("\"'")
    root = f"http://127.0.0.1:{port}{base_path}"
    stories = sorted((site / "content" / "stories").rglob("*.md"))
    story = stories[len(stories) // 3]
    slug = re.search(r"^slug:\s*\"?([a-z0-9-]+)", story.read_text(encoding="utf-8"), re.M)
    story_url = f"{root}stories/{slug.group(1) if slug else story.stem}/"
    log = (work / "serve.log").open("wb")
    start = time.monotonic()
    proc = subprocess.Popen(command + ["serve", "--site", str(site), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(root, start + TIMEOUT)
        first = time.monotonic() - start
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(story_url)
            page.wait_for_timeout(500)  # the reload stream is open
            word = f"zebrafinch{int(time.time())}"
            text = story.read_text(encoding="utf-8")
            saved = time.monotonic()
            story.write_text(text + f"\nA note on {word} today.\n", encoding="utf-8")
            page.wait_for_function(f"document.body.innerText.includes('{word}')", timeout=TIMEOUT * 1000)
            shown = time.monotonic() - saved
            found = None
            search = browser.new_page()
            while time.monotonic() - saved < TIMEOUT:
                search.goto(f"{root}search/?q={word}")
                try:
                    search.wait_for_function("document.querySelectorAll('#search-results li').length > 0",
                                             timeout=2000)
                    found = time.monotonic() - saved
                    break
                except Exception:  # noqa: BLE001 - not indexed yet: ask again
                    continue
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    return {"n": n, "first": first, "shown": shown, "search": found}


def print_table(rows: list[dict]) -> None:
    print("\n`serve`, search on (headless Chromium)\n")
    print("| N | first page served | edit shown in the open page | edit found by search |")
    print("|---:|---:|---:|---:|")
    for r in rows:
        search = f"{r['search']:.2f} s" if r["search"] is not None else "not found"
        print(f"| {r['n']:,} | {r['first']:.2f} s | {r['shown']:.2f} s | {search} |")
