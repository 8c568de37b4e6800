"""`ecmn-press serve`: build, serve (on loopback by default), rebuild on change, reload pages.

The preview is built into a private folder in the user's cache (preview_place),
never into output/, so drafts shown while writing cannot be published by
accident. The reload script is added to HTML as it is served; the built
files stay exactly what `build` would write. Pages learn of a rebuild (or of
a failed one, with its errors) through server-sent events. Search is indexed
in shards beside the server (preview_search), and the search page is told
which shards to merge. What a connection may cost and which requests are
answered at all is settled in preview_http and preview_request.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import threading
import time
from functools import partial
from http import HTTPStatus
from pathlib import Path
from typing import Callable

import watchfiles

from .build.pipeline import BuildResult, build
from .content.config import BuildOptions
from .preview_http import GuardedServer
from .preview_place import PreviewPlace
from .preview_request import GuardedHandler, find_file, path_segments
from .preview_search import SearchWorker
from .search.shards import PAGES_PER_SHARD

EVENTS = "/__ecmn-press/events"
_EVENT_SEGMENTS = path_segments(EVENTS)
SHARDS = "/__ecmn-press/search/"  # the search shards' bundles, outside the site's own paths
_SHARD_SEGMENTS = path_segments(SHARDS)
KEEPALIVE = 15  # seconds between comments on a quiet event stream
_NOT_FOUND = b"<!doctype html><title>Not found</title><p>Not found</p>"
_SEARCH_FORM = b'id="search-form"'
_RELOAD_SCRIPT = """<script>(function () {
  var source = new EventSource("%s");
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
    """The latest build's generation and errors, and the search index's, shared with the page threads."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0
        self.search = 0  # bumped when the search shards change
        self.errors: list[str] = []

    def publish(self, errors: list[str]) -> None:
        with self._changed:
            self.generation += 1
            self.errors = errors
            self._changed.notify_all()

    def search_changed(self) -> None:
        with self._changed:
            self.search += 1
            self._changed.notify_all()

    def wait(self, seen: tuple[int, int], timeout: float) -> tuple[int, int]:
        with self._changed:
            self._changed.wait_for(lambda: (self.generation, self.search) != seen, timeout)
            return self.generation, self.search


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
            return self.send_file(shard_file, body) if shard_file is not None else self._page(None, HTTPStatus.NOT_FOUND, body)
        base = path_segments(self.base_path)
        if segments[: len(base)] != base or (segments == base and base and not slash):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", self.base_path)
            self.send_header("Content-Length", "0")
            self.send_common_headers()
            self.end_headers()
            return None
        file = find_file(self.root, segments[len(base) :])
        if file is None:
            return self._page(find_file(self.root, ["404.html"]), HTTPStatus.NOT_FOUND, body)
        if file.suffix == ".html":
            return self._page(file, HTTPStatus.OK, body)
        return self.send_file(file, body)

    def _page(self, file: Path | None, status: HTTPStatus, body: bool) -> None:
        try:
            page = file.read_bytes() if file is not None else _NOT_FOUND
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
        bundles, pending = self.search.published
        data = {"bundles": [f"{SHARDS}{folder}/" for folder in bundles], "pending": pending}
        # Folder names are digits, hex and '-', so the JSON cannot close the script element.
        return f"<script>window.ecmnPressSearch = {json.dumps(data)};</script>".encode()

    def _events(self, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_common_headers()
        self.end_headers()
        if not body:
            return
        seen, quiet_since = (self.state.generation, self.state.search), time.monotonic()
        if self.state.errors:
            self._send("failed", self.state.errors)
        # Long-lived on purpose, so it checks often whether the page closed
        # or the server is stopping, rather than holding a thread for neither.
        while not self.server.stopping.is_set() and not self.client_gone():
            now = self.state.wait(seen, timeout=self.server.poll_interval)
            if now[0] != seen[0]:
                self._send("failed" if self.state.errors else "reload", self.state.errors)
            elif now != seen:
                self._send("search", [])
            if now != seen:
                seen, quiet_since = now, time.monotonic()
            elif time.monotonic() - quiet_since >= KEEPALIVE:
                self.wfile.write(b": still here\n\n")  # keeps proxies and idle timers from closing it
                quiet_since = time.monotonic()

    def _send(self, event: str, data: list[str]) -> None:
        self.wfile.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())


class Preview:
    """One serving session: a preview folder, a server, a watcher, a search indexer."""

    def __init__(
        self, site_dir: Path, host: str, port: int, base_path: str, report: Callable,
        on_error: Callable[[BaseException], None] | None = None, say: Callable[[str], None] | None = None,
        per_shard: int = PAGES_PER_SHARD, **limits: float,
    ) -> None:
        """Listens at once (ListenError if it cannot); `limits` are GuardedServer's timeouts and bounds."""
        self.site_dir, self.base_path, self.report = site_dir, base_path, report
        self.place = PreviewPlace.claim(site_dir)
        self.output = self.place.site
        self.state = LiveState()
        self.notes: list[str] = [self.place.note] if self.place.note else []  # said after the next build
        self.stop = threading.Event()  # set by an embedding caller (a test) to end `run`
        try:
            self.search = SearchWorker(self.place.search, self.output, self.state.search_changed, say, per_shard)
            handler = partial(PreviewHandler, root=self.output, base_path=base_path, state=self.state,
                              search=self.search)
            self.server = GuardedServer(host, port, handler, on_error=on_error, **limits)
        except BaseException:
            self.place.release()
            raise
        self.base_url = f"http://{self.server.url_host}:{self.server.port}{base_path}"
        # Anything but loopback shows the drafts to every machine that can reach this one.
        self.exposed = not self.server.loopback_only

    def rebuild(self, jobs: int = 1) -> BuildResult:
        options = BuildOptions(
            now=dt.datetime.now(dt.timezone.utc), drafts=True, future=True,
            base_url=self.base_url, jobs=jobs, index_search=False,
        )
        result = build(self.site_dir, self.output, options)
        errors = [d.format() for d in result.report.sorted() if d.severity == "error"]
        if not self.output.exists():
            self.output.mkdir(parents=True)
            (self.output / "404.html").write_text(
                "<!doctype html><title>Build failed</title><body><p>The site has errors:</p><pre>"
                + html.escape("\n".join(errors)) + "</pre></body>"
            )
        if not errors:
            # A build that found nothing changed lists no pages: the shards keep the last list.
            self.search.update(result.searchable if "unchanged" not in result.timings else None)
        self.state.publish(errors)
        self.report(result)
        return result

    def run(self, on_ready: Callable[[str], None]) -> None:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        try:
            # No thread is running yet, so the first build may fork worker
            # processes; later ones run beside the server's threads (fork is
            # unsafe there) and lean on the cache instead.
            self.rebuild(jobs=os.cpu_count() or 1)
            thread.start()
            self.search.start()
            on_ready(self.base_url)
            watched = [p for p in (self.site_dir / "content", self.site_dir / "themes") if p.exists()]
            for _changes in watchfiles.watch(*watched, debounce=100, rust_timeout=500, stop_event=self.stop):
                self.rebuild()
        finally:
            if thread.is_alive():  # shutdown() waits for a serve_forever that never started
                self.server.shutdown()
            self.server.server_close()
            self.search.stop()
            self.place.release()
