"""`ecmn-press serve`: build, serve (on loopback by default), rebuild on change, reload pages.

The preview is built into a private folder in the user's cache (preview_place),
never into output/, so drafts shown while writing cannot be published by
accident. The reload script is added to HTML as it is served; the built
files stay exactly what `build` would write. Pages learn of a rebuild (or of
a failed one, with its errors) through server-sent events; the pages open
in a browser are made first and shown before the rest is written
(preview_pages). Search is indexed in shards beside the server
(preview_search). What a connection may cost and which requests are
answered at all is settled in preview_http and preview_request.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import threading
from functools import partial
from pathlib import Path
from typing import Callable

import watchfiles

from .build.fanout import Early
from .build.pipeline import BuildResult, build
from .content.config import BuildOptions
from .core.cache import Memory
from .preview_http import GuardedServer
from .preview_pages import EVENTS, SHARDS, LiveState, PreviewHandler
from .preview_place import PreviewPlace
from .preview_search import SearchWorker
from .search.shards import PAGES_PER_SHARD
from .site.context import Context

__all__ = ["EVENTS", "SHARDS", "LiveState", "Preview", "PreviewHandler"]
FIRST_PAGES = frozenset({"index.html", "404.html"})  # made first while a cold preview starts


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
        self.state = LiveState(first_build=True)
        self.notes: list[str] = [self.place.note] if self.place.note else []  # said after the next build
        self.stop = threading.Event()  # set by an embedding caller (a test) to end `run`
        self.memory = Memory()  # files, documents and bodies kept from one build to the next
        try:
            self.search = SearchWorker(self.place.search, self.output, self.state.search_changed, say, per_shard)
            handler = partial(PreviewHandler, root=self.output, base_path=base_path, state=self.state,
                              search=self.search)
            self.server = GuardedServer(host, port, handler, on_error=on_error, **limits)
        except BaseException:
            self.place.release()
            raise
        self.base_url = f"http://{self.server.url_host}:{self.server.port}{base_path}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._serving = threading.Event()
        self._on_ready: Callable[[str], None] = lambda _url: None
        # Anything but loopback shows the drafts to every machine that can reach this one.
        self.exposed = not self.server.loopback_only

    def rebuild(self, jobs: int = 1, first: bool = False, warm: bool = False) -> BuildResult:
        """`warm`: read the whole site into memory, said only if it changed anything."""
        options = BuildOptions(
            now=dt.datetime.now(dt.timezone.utc), drafts=True, future=True,
            base_url=self.base_url, jobs=jobs, index_search=False,
        )
        wanted = FIRST_PAGES if first else self.state.open_pages()
        early = Early(wanted, partial(self._early, first)) if wanted and not warm else None
        result = build(self.site_dir, self.output, options, early=early, memory=self.memory, recheck=warm)
        errors = [d.format() for d in result.report.sorted() if d.severity == "error"]
        if warm and not errors and result.written is not None and not (result.written.written or result.written.removed):
            return result
        if not self.output.exists():
            self.output.mkdir(parents=True)
            (self.output / "404.html").write_text(
                "<!doctype html><title>Build failed</title><body><p>The site has errors:</p><pre>"
                + html.escape("\n".join(errors)) + "</pre></body>"
            )
        if not errors:
            # A build that found nothing changed lists no pages: the shards keep the last list.
            self.search.update(result.searchable if "unchanged" not in result.timings else None)
        self.state.publish(errors, self._settled() if not errors else frozenset())
        self.report(result)
        return result

    def _early(self, first: bool, made: dict[str, bytes], ctx: Context) -> None:
        """The open pages (the home page, starting) are made: show them before the rest is written."""
        ahead: dict[str, bytes | Path] = dict(made)
        if first:
            # The home page needs its styles before the build copies them in.
            ahead.update({f"assets/{rel}": path for rel, path in ctx.theme.static.items()})
            # Another language's workers may still be forked, which threads make unsafe.
            many = ctx.languages is not None and ctx.languages.many
            if made and not many:
                self._serve()
        if made:
            self.state.show_early(ahead)
            if not first:
                self.search.ahead(made)  # so the open page's words are found before the build ends

    def _settled(self) -> frozenset[str]:
        """The pages shown early that the build left byte for byte as shown (no second reload)."""
        settled = set()
        for path, data in self.state.ahead.items():
            try:
                if isinstance(data, bytes) and (self.output / path).read_bytes() == data:
                    settled.add(path)
            except OSError:
                continue
        return frozenset(settled)

    def _serve(self) -> None:
        if not self._serving.is_set():
            self._serving.set()
            self._thread.start()
            self._on_ready(self.base_url)

    def run(self, on_ready: Callable[[str], None]) -> None:
        self._on_ready = on_ready
        try:
            # No thread is running yet, so the first build may fork worker
            # processes; it starts the server itself once they are forked and
            # the home page is made. Later builds run beside the server's
            # threads (fork is unsafe there) and lean on the cache instead.
            first = self.rebuild(jobs=os.cpu_count() or 1, first=True)
            self._serve()
            self.search.start()
            # A start that the last build's record answered has read nothing: the
            # first edit would read and unpickle the whole site. Done once the
            # watcher runs, so an edit saved meanwhile is seen after it.
            cold = "unchanged" in first.timings
            watched = [p for p in (self.site_dir / "content", self.site_dir / "themes") if p.exists()]
            for changes in watchfiles.watch(*watched, debounce=100, rust_timeout=500, yield_on_timeout=True,
                                            stop_event=self.stop):
                if changes or cold:
                    self.rebuild(warm=cold and not changes)
                    cold = False
        finally:
            if self._thread.is_alive():  # shutdown() waits for a serve_forever that never started
                self.server.shutdown()
            self.server.server_close()
            self.search.stop()
            self.place.release()
