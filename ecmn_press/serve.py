"""`ecmn-press serve`: build, serve on loopback, rebuild on change, reload pages.

The preview is built into a private temporary folder, never into output/,
so drafts shown while writing cannot be published by accident. The reload
script is added to HTML as it is served; the built files stay exactly what
`build` would write. Pages learn of a rebuild (or of a failed one, with its
errors) through server-sent events.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import tempfile
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

import watchfiles

from .build.pipeline import BuildResult, build
from .content.config import BuildOptions

EVENTS = "/__ecmn-press/events"
REINDEX_LIMIT = 1000  # indexed pages above which serve stops re-indexing on every save
_RELOAD_SCRIPT = """<script>(function () {
  var source = new EventSource("%s");
  source.addEventListener("reload", function () { location.reload(); });
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
    """The latest build's generation and errors, shared with the page threads."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0
        self.errors: list[str] = []

    def publish(self, errors: list[str]) -> None:
        with self._changed:
            self.generation += 1
            self.errors = errors
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen, timeout)
            return self.generation


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the built folder under the site's base path, with live reload."""

    def __init__(self, *args, root: Path, base_path: str, state: LiveState, **kwargs) -> None:
        self.root, self.base_path, self.state = root, base_path, state
        super().__init__(*args, directory=str(root), **kwargs)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass  # the terminal is for build results, not for every request

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            return self._events()
        if not path.startswith(self.base_path):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", self.base_path)
            self.end_headers()
            return None
        file = self._file(path)
        if file is None:
            return self._page(self.root / "404.html", HTTPStatus.NOT_FOUND)
        if file.suffix == ".html":
            return self._page(file, HTTPStatus.OK)
        return super().do_GET()

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        inner = path[len(self.base_path) - 1 :] if path.startswith(self.base_path) else path
        return super().translate_path(inner)

    def _file(self, path: str) -> Path | None:
        target = Path(self.translate_path(path))
        if target.is_dir():
            if not path.endswith("/"):
                return target / "index.html" if (target / "index.html").is_file() else None
            target = target / "index.html"
        return target if target.is_file() else None

    def _page(self, file: Path, status: HTTPStatus) -> None:
        body = file.read_bytes() if file.is_file() else b"<!doctype html><title>Not found</title><p>Not found</p>"
        script = (_RELOAD_SCRIPT % EVENTS).encode()
        body = body.replace(b"</body>", script + b"</body>", 1) if b"</body>" in body else body + script
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.state.generation
        try:
            if self.state.errors:
                self._send("failed", self.state.errors)
            while True:
                now = self.state.wait(seen, timeout=15)
                if now == seen:
                    self.wfile.write(b": still here\n\n")  # finds closed connections
                elif self.state.errors:
                    self._send("failed", self.state.errors)
                else:
                    self._send("reload", [])
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send(self, event: str, data: list[str]) -> None:
        self.wfile.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())


class Preview:
    """One serving session: a temporary output folder, a server, a watcher."""

    def __init__(self, site_dir: Path, host: str, port: int, base_path: str, report: Callable) -> None:
        self.site_dir, self.base_path, self.report = site_dir, base_path, report
        self.base_url = f"http://{host}:{port}{base_path}"
        self.tmp = Path(tempfile.mkdtemp(prefix="ecmn-press-serve-"))
        self.output = self.tmp / "site"
        self.state = LiveState()
        self.refresh_search = True
        self.notes: list[str] = []  # said once, after the build that led to them
        handler = partial(PreviewHandler, root=self.output, base_path=base_path, state=self.state)
        self.server = ThreadingHTTPServer((host, port), handler)  # OSError if the port is taken
        self.server.daemon_threads = True

    def rebuild(self) -> BuildResult:
        # Threads are running, so no worker processes (fork is unsafe here);
        # after the first build the per-file cache does most of the work.
        options = BuildOptions(
            now=dt.datetime.now(dt.timezone.utc), drafts=True, future=True,
            base_url=self.base_url, jobs=1, refresh_search=self.refresh_search,
        )
        result = build(self.site_dir, self.output, options)
        if result.index is not None and result.index.pages > REINDEX_LIMIT and self.refresh_search:
            # Re-indexing a big site takes seconds; keep the first index while writing.
            self.refresh_search = False
            self.notes.append(
                f"the search index ({result.index.pages} pages) is built once; restart serve to refresh it"
            )
        errors = [d.format() for d in result.report.sorted() if d.severity == "error"]
        if not self.output.exists():
            self.output.mkdir(parents=True)
            (self.output / "404.html").write_text(
                "<!doctype html><title>Build failed</title><body><p>The site has errors:</p><pre>"
                + html.escape("\n".join(errors)) + "</pre></body>"
            )
        self.state.publish(errors)
        self.report(result)
        return result

    def run(self, on_ready: Callable[[str], None]) -> None:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        try:
            self.rebuild()
            thread.start()
            on_ready(self.base_url)
            watched = [p for p in (self.site_dir / "content", self.site_dir / "themes") if p.exists()]
            for _changes in watchfiles.watch(*watched, debounce=100, rust_timeout=500):
                self.rebuild()
        finally:
            self.server.shutdown()
            self.server.server_close()
            shutil.rmtree(self.tmp, ignore_errors=True)
