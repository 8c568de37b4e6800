"""The preview's search index, kept up to date in a thread of its own.

Indexing runs beside the server, never in the rebuild: a page reload after
a save waits for the build only, and search catches up a moment later. The
Pagefind binary runs as a subprocess, so this thread holds no lock the
pages' threads need. Each pass indexes again only the shards whose pages
changed (search/shards.py), those that had an index first, since they are
the ones an editor is waiting for; a newer build interrupts a pass between
two shards so that the next pass starts from the latest pages. The pages
open in a browser are made before the rest of a rebuild (preview_pages);
their shards are indexed at once from those pages, and once more from the
files when the build has written them.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from .core.diagnostics import Report
from .search.shards import PAGES_PER_SHARD, ShardedIndex


SIDE_BY_SIDE = 2  # shards indexed at once: this project's machines have two cores


class SearchWorker:
    """Indexes `output`'s searchable pages into shards under `root`."""

    def __init__(self, root: Path, output: Path, on_change: Callable[[], None],
                 say: Callable[[str], None] | None = None, per_shard: int = PAGES_PER_SHARD) -> None:
        self.output, self.on_change, self.say = output, on_change, say or (lambda _line: None)
        self.index = ShardedIndex(root, per_shard)
        self.root = root
        self._wake = threading.Condition()
        self._asked = False
        self._next: list[str] | None = None
        self._ahead: dict[str, bytes] = {}
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._last_problem: str | None = None
        # Read by the pages' threads without a lock: replaced whole, never changed in place.
        self.published: tuple[tuple[str, ...], int] = (tuple(self.index.bundles()), 0)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=120)  # a Pagefind run in progress is let finish, so no bundle is cut short

    def update(self, searchable: list[str] | None) -> None:
        """A build finished; `searchable` None: the same pages as before (nothing changed)."""
        with self._wake:
            self._asked = True
            if searchable is not None:
                self._next = searchable
            bundles, pending = self.published
            self.published = (bundles, max(pending, 1))  # until the pass has looked: perhaps stale
            self._wake.notify_all()

    def ahead(self, made: dict[str, bytes]) -> None:
        """Pages made ahead of their build: index their shards now, from these pages."""
        with self._wake:
            self._ahead = {**self._ahead, **made}
            self._wake.notify_all()

    def idle(self, timeout: float) -> bool:
        """True once nothing is asked or being indexed (for tests and the benchmark)."""
        with self._wake:
            return self._wake.wait_for(lambda: not (self._asked or self._ahead) and self.published[1] == 0
                                       or self._stopping,
                                       timeout)

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._asked or self._ahead or self._stopping)
                if self._stopping:
                    return
                ahead, self._ahead = self._ahead, {}
                asked, self._asked, searchable, self._next = self._asked, False, self._next, None
            try:
                if ahead:
                    self._pass_ahead(ahead)
                if asked:
                    self._pass(searchable)
            except Exception as exc:  # noqa: BLE001 - search trouble must never stop the preview
                self._tell(f"the preview's search index could not be updated: {exc}")
                self._publish(0)  # the search page then works with what there is
            with self._wake:
                self._wake.notify_all()

    def _pass(self, searchable: list[str] | None) -> None:
        todo = self.index.pending(self.output, searchable)
        todo.sort(key=lambda shard: shard.number not in self.index.current)
        self._publish(len(todo))
        report, done = Report(), 0
        # Two Pagefind runs side by side (each uses one core) when a start
        # leaves many shards to make; an edit's one or two go alone.
        with ThreadPoolExecutor(SIDE_BY_SIDE) as pool:
            for start in range(0, len(todo), SIDE_BY_SIDE):
                with self._wake:
                    if self._asked or self._ahead or self._stopping:
                        self._asked = True  # a newer build, or an open page made early, first: then again from here
                        break
                batch = todo[start : start + SIDE_BY_SIDE]
                reports = [Report() for _ in batch]
                done += sum(pool.map(lambda job: self.index.index(job[0], self.output, job[1]), zip(batch, reports)))
                for one in reports:
                    report.extend(one.items)
                self._publish(len(todo) - done)
        problems = [d.format() for d in report.sorted() if d.severity == "error"]
        if problems:
            self._tell(problems[0])
        else:
            self._last_problem = None
        self._publish(0 if done == len(todo) or problems else len(todo) - done)
        if todo:
            self.on_change()

    def _pass_ahead(self, made: dict[str, bytes]) -> None:
        report = Report()
        changed = False
        for shard, pages in self.index.ahead(made):
            changed = self.index.index(shard, self.output, report, ahead=pages) or changed
        if changed:
            self._publish(self.published[1])
            self.on_change()

    def _publish(self, pending: int) -> None:
        self.published = (tuple(self.index.bundles()), pending)

    def _tell(self, line: str) -> None:
        if line != self._last_problem:  # once, not after every save
            self.say(line)
        self._last_problem = line
