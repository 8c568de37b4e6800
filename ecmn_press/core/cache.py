"""The build cache: per-file results kept between builds, in the user's cache
folder (never the site folder). Deleting it only makes the next build slower;
a cache that cannot be opened or read is treated as empty.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import queue
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__

# Bump when cached values change shape or meaning.
FORMAT = 12


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ecmn-press"


def site_key(site_dir: Path) -> str:
    """The name a site's cache files share (also `serve`'s preview folder)."""
    return digest(str(site_dir.resolve()), __version__, str(FORMAT))[:16]


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@dataclass
class Memory:
    """What a process that builds again and again (serve) keeps from one build to the next."""

    values: dict[str, Any] = field(default_factory=dict)  # cache values asked for as shared, by key
    files: dict[str, tuple[bytes, Any]] = field(default_factory=dict)  # content path -> its bytes, as read


class Cache:
    """A key -> value store for one site; values are pickled.

    `memory`, given by a process that builds again and again, holds the
    values asked for as `shared` so the next build need not unpickle them:
    at 5,000 items, a third of a second of each rebuild in `serve`.
    """

    def __init__(self, site_dir: Path, enabled: bool = True, memory: Memory | None = None) -> None:
        self._db: sqlite3.Connection | None = None
        self._used: set[str] = set()
        self._memory = memory.values if memory is not None else None
        self._shared: set[str] = set()  # keys of this build's shared values
        # A forked worker inherits the connection, which SQLite forbids it to use: it sees an empty cache.
        self._pid = os.getpid()
        self.files: Path | None = None  # a folder for cached files (image variants); None: no cache
        self._path: Path | None = None
        self._writer: _Writer | None = None
        if not enabled:
            return
        name = site_key(site_dir)
        path = self._path = cache_root() / f"site-{name}.sqlite3"
        # Named for the site alone: the files (image variants) are keyed by what they are made
        # from, so a new cache format or release need not make every picture again.
        self.files = cache_root() / f"site-{digest(str(site_dir.resolve()))[:16]}.files"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
        except (sqlite3.Error, OSError):
            self.files = None
            self._db = None

    @property
    def remembers(self) -> bool:
        """True when shared values outlive this build (they must then never be changed)."""
        return self._memory is not None and os.getpid() == self._pid

    def get_many(self, keys: list[str], shared: bool = False) -> dict[str, Any]:
        """The values found; `shared`: values nobody changes, which may be handed out again as they are."""
        found: dict[str, Any] = {}
        if self._db is None or not keys or os.getpid() != self._pid:
            return found
        memory = self._memory if shared else None
        if memory is not None:
            self._shared.update(keys)
            found = {k: memory[k] for k in keys if k in memory}
            keys = [k for k in keys if k not in found] if found else keys
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in self._db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk):
                    try:
                        found[key] = pickle.loads(blob)
                    except Exception:  # noqa: BLE001 - a damaged entry is a miss
                        continue
        except sqlite3.Error:
            return {}
        if memory is not None:
            memory.update((k, found[k]) for k in keys if k in found)
        self._used.update(found)
        return found

    def put_many(self, items: dict[str, Any], shared: bool = False, pickled: dict[str, bytes] | None = None,
                 soon: bool = False) -> None:
        """Store `items`; `pickled` may hold some of them already pickled (as `pickle.dumps` would).

        `soon`: written by a thread of this process, while it goes on (the database does its
        work without holding Python's lock); every such write is done when the cache is closed."""
        self._used.update(items)
        if shared and self._memory is not None and os.getpid() == self._pid:
            self._shared.update(items)
            self._memory.update(items)
        if self._db is None or not items or os.getpid() != self._pid:
            return
        known = pickled or {}
        rows = [(k, known.get(k) or pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in items.items()]
        if soon and self._path is not None:
            if self._writer is None:
                self._writer = _Writer(self._path)
                self._writer.start()
            self._writer.rows.put(rows)
            return
        try:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.Error:
            self._rollback()

    def keep_only_used(self) -> None:
        """Forget entries this build did not use, so the cache tracks the site."""
        if self._db is None:
            return
        try:
            self._db.execute("BEGIN")
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM used")
            self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self._used))
            self._db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
            self._db.execute("COMMIT")
        except sqlite3.Error:
            self._rollback()

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._writer is not None and os.getpid() == self._pid:
            self._writer.rows.put(None)
            self._writer.join()
            self._writer = None
        if self._memory is not None and os.getpid() == self._pid and self._shared:
            # Only what this build asked for stays, so edits do not pile up old values.
            for key in [k for k in self._memory if k not in self._shared]:
                del self._memory[key]
        if self._db is not None:
            self._db.close()
            self._db = None

    def _rollback(self) -> None:
        try:
            self._db.execute("ROLLBACK")  # type: ignore[union-attr]
        except sqlite3.Error:
            pass


class _Writer(threading.Thread):
    """Writes rows handed to it, with a connection of its own (SQLite's WAL lets the
    build's connection read and write meanwhile; writers take turns)."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="ecmn-press cache writer", daemon=True)
        self.path = path
        self.rows: queue.SimpleQueue[list[tuple[str, bytes]] | None] = queue.SimpleQueue()

    def run(self) -> None:
        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=60)
        except sqlite3.Error:
            db = None
        while (rows := self.rows.get()) is not None:
            if db is None:
                continue  # a cache that cannot be written is only slower next time
            try:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", rows)
                db.execute("COMMIT")
            except sqlite3.Error:
                try:
                    db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
        if db is not None:
            db.close()
