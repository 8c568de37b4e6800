"""What the preview answers: built pages, pages made ahead of their build, search shards, reload events.

A rebuild makes the pages open in a browser first (build.fanout.Early) and
they are served from memory at once, so the open page shows an edit before
the rest of the site is written; the build's own files take over when it
ends. During the very first build the home page is served that way too,
and a request for anything not made yet waits for the build. Each open
page tells the event stream its own path, so that only the pages made
early are reloaded early, and a page whose file (and the theme's files)
a build left as they were is not reloaded at all.
"""

from __future__ import annotations

import json
import os
import threading
import time
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs

from .preview_request import GuardedHandler, find_file, path_segments
from .preview_search import SearchWorker

EVENTS = "/__ecmn-press/events"
_EVENT_SEGMENTS = path_segments(EVENTS)
SHARDS = "/__ecmn-press/search/"  # the search shards' bundles, outside the site's own paths
_SHARD_SEGMENTS = path_segments(SHARDS)
KEEPALIVE = 15  # seconds between comments on a quiet event stream
FIRST_BUILD_WAIT = 300  # seconds a request for a page not made yet may wait for the first build
MAX_OPEN = 16  # open pages made early; more are rebuilt in the usual order
_NOT_FOUND = b"<!doctype html><title>Not found</title><p>Not found</p>"
_SEARCH_FORM = b'id="search-form"'
_RELOAD_SCRIPT = """<script>(function () {
  var source = new EventSource("%s?page=" + encodeURIComponent(location.pathname));
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("search", function () {
    if (document.getElementById("search-form")) location.reload();  // the query is kept in the address
  });
  source.addEventListener("failed", function (event) {
    var box = document.getElementById("ecmn-press-errors") || document.createElement("pre");
    box.id = "ecmn-press-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;" +
      "padding:1rem;background:#3b0d0d;color:#fff;font:14px/1.4 monospace;z-index:99999;white-space:pre-wrap";
    box.textContent = "The last rebuild failed; this page is the previous build.\\n\\n" + JSON.parse(event.data).join("\\n");
    document.body.appendChild(box);
  });
})();</script>"""


class LiveState:
    """What the page threads share with the builds: generations, errors, pages made early, open pages."""

    def __init__(self, first_build: bool = False) -> None:
        """`first_build`: nothing is built yet, so a missing file may only be not made yet."""
        self._changed = threading.Condition()
        self.generation = 0
        self.search = 0  # bumped when the search shards change
        self.early = 0  # bumped when pages made ahead of their build are shown
        self.errors: list[str] = []
        # Replaced whole, never changed in place, so page threads read them without the lock.
        self.ahead: dict[str, bytes | Path] = {}  # output path -> page made early, or a theme file
        self.settled: frozenset[str] = frozenset()  # pages the build left as they were shown early
        self.first_done = threading.Event()
        if not first_build:
            self.first_done.set()
        self._open: dict[str, int] = {}

    def show_early(self, ahead: dict[str, bytes | Path]) -> None:
        with self._changed:
            self.ahead = ahead
            self.early += 1
            self._changed.notify_all()

    def publish(self, errors: list[str], settled: frozenset[str] = frozenset()) -> None:
        with self._changed:
            self.generation += 1
            self.errors, self.settled, self.ahead = errors, settled, {}
            self._changed.notify_all()
        self.first_done.set()

    def search_changed(self) -> None:
        with self._changed:
            self.search += 1
            self._changed.notify_all()

    def wait(self, seen: tuple[int, int, int], timeout: float) -> tuple[int, int, int]:
        with self._changed:
            self._changed.wait_for(lambda: self.seen() != seen, timeout)
            return self.seen()

    def seen(self) -> tuple[int, int, int]:
        return self.generation, self.search, self.early

    def opened(self, path: str | None, change: int) -> None:
        if path is None:
            return
        with self._changed:
            count = self._open.get(path, 0) + change
            if count > 0:
                self._open[path] = count
            else:
                self._open.pop(path, None)

    def open_pages(self) -> frozenset[str]:
        with self._changed:
            return frozenset(sorted(self._open, key=self._open.__getitem__, reverse=True)[:MAX_OPEN])


class PreviewHandler(GuardedHandler):
    """Serves the built folder under the site's base path, with live reload."""

    def __init__(self, *args, root: Path, base_path: str, state: LiveState, search: SearchWorker | None = None,
                 **kwargs) -> None:
        self.root, self.base_path, self.state, self.search = root, base_path, state, search
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._respond(body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - the stdlib's name
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        segments, slash = self.request_segments()
        if segments == _EVENT_SEGMENTS:
            return self._events(body)
        if segments[: len(_SHARD_SEGMENTS)] == _SHARD_SEGMENTS and self.search is not None:
            shard_file = find_file(self.search.root, segments[len(_SHARD_SEGMENTS) :])
            return self.send_file(shard_file, body) if shard_file else self._page(None, HTTPStatus.NOT_FOUND, body)
        base = path_segments(self.base_path)
        if segments[: len(base)] != base or (segments == base and base and not slash):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", self.base_path)
            self.send_header("Content-Length", "0")
            self.send_common_headers()
            self.end_headers()
            return None
        inside = segments[len(base) :]
        ahead = self._ahead(inside)
        if isinstance(ahead, bytes):
            return self._page(ahead, HTTPStatus.OK, body)
        if ahead is not None:
            return self.send_file(ahead, body)
        file = find_file(self.root, inside)
        if file is None and not self.state.first_done.is_set():
            self.state.first_done.wait(FIRST_BUILD_WAIT)  # not made yet: rather late than a false 404
            file = find_file(self.root, inside)
        if file is None:
            return self._page(find_file(self.root, ["404.html"]) or self._ahead(["404.html"]),
                              HTTPStatus.NOT_FOUND, body)
        if file.suffix == ".html":
            return self._page(file, HTTPStatus.OK, body)
        return self.send_file(file, body)

    def _ahead(self, inside: list[str]) -> bytes | Path | None:
        ahead = self.state.ahead
        if not ahead:
            return None
        key = "/".join(inside)
        return ahead.get(key) or ahead.get(f"{key}/index.html" if key else "index.html")

    def _page(self, file: Path | bytes | None, status: HTTPStatus, body: bool) -> None:
        try:
            page = file if isinstance(file, bytes) else file.read_bytes() if file is not None else _NOT_FOUND
        except OSError:  # gone in a rebuild since it was found
            page = _NOT_FOUND
        script = (_RELOAD_SCRIPT % EVENTS).encode()
        if _SEARCH_FORM in page and self.search is not None:
            script = self._search_script() + script
        page = page.replace(b"</body>", script + b"</body>", 1) if b"</body>" in page else page + script
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_common_headers()
        self.end_headers()
        if body:
            self.wfile.write(page)

    def _search_script(self) -> bytes:
        """Which shard bundles the search page merges (theme/static/search.js reads it)."""
        bundles, pending = self.search.published if self.search is not None else ((), 0)
        data = {"bundles": [f"{SHARDS}{folder}/" for folder in bundles], "pending": pending}
        # Folder names are digits, hex and '-', so the JSON cannot close the script element.
        return f"<script>window.ecmnPressSearch = {json.dumps(data)};</script>".encode()

    def _open_page(self) -> str | None:
        """The output path of the page that opened this event stream (it says so in `?page=`)."""
        query = self.path.split("?", 1)[1].split("#", 1)[0] if "?" in self.path else ""
        page = parse_qs(query, max_num_fields=4).get("page", [""])[0]
        base = path_segments(self.base_path)
        segments = path_segments(page)
        if not page.startswith("/") or segments[: len(base)] != base:
            return None
        inside = segments[len(base) :]
        if any(s in (".", "..") for s in inside):
            return None
        return "/".join([*inside, "index.html"]) if page.endswith("/") or not inside else "/".join(inside)

    def _events(self, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_common_headers()
        self.end_headers()
        if not body:
            return
        mine = self._open_page()
        self.state.opened(mine, +1)
        try:
            self._stream(mine)
        finally:
            self.state.opened(mine, -1)

    def _stream(self, mine: str | None) -> None:
        seen, quiet_since, looked = self.state.seen(), time.monotonic(), self._looks(mine)
        # Whether this page shows its early version of the current build (as after an early reload).
        shown_early = mine is not None and mine in self.state.ahead
        if self.state.errors:
            self._send("failed", self.state.errors)
        # Long-lived on purpose, so it checks often whether the page closed
        # or the server is stopping, rather than holding a thread for neither.
        while not self.server.stopping.is_set() and not self.client_gone():
            now = self.state.wait(seen, timeout=self.server.poll_interval)
            if now[0] != seen[0]:
                if self.state.errors:
                    # A page shown early goes back to the last good build, which then shows the errors.
                    self._send("reload" if shown_early else "failed", self.state.errors)
                elif shown_early and mine in self.state.settled:
                    pass  # it shows this build's page already
                elif looked is None or self._looks(mine) != looked:  # a page left alone keeps its place
                    self._send("reload", [])
                shown_early, looked = False, self._looks(mine)
            elif now[2] != seen[2] and mine is not None and mine in self.state.ahead:
                self._send("reload", [])
                shown_early = True
            elif now[1] != seen[1]:
                self._send("search", [])
            if now != seen:
                seen, quiet_since = now, time.monotonic()
            elif time.monotonic() - quiet_since >= KEEPALIVE:
                self.wfile.write(b": still here\n\n")  # keeps proxies and idle timers from closing it
                quiet_since = time.monotonic()

    def _looks(self, mine: str | None) -> tuple | None:
        """What the page shows as built: its file, and the theme's files it uses; None: not known."""
        if mine is None:
            return None
        try:
            page = os.stat(self.root / mine)
            assets = sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size)
                            for e in os.scandir(self.root / "assets") if e.is_file())
        except OSError:
            return None
        return page.st_mtime_ns, page.st_size, tuple(assets)

    def _send(self, event: str, data: list[str]) -> None:
        self.wfile.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())
