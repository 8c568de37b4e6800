"""Where `serve` builds: a folder of its own in the user's cache, kept across restarts.

Kept, so that a restarted preview finds its last build and search shards
as it left them (the build's no-op record then answers in about a second,
and no shard is indexed again). It is never output/, so nothing previewed
can be published by accident, and it is private to the user (mode 0700)
because it holds drafts. A lock keeps two `serve`s of one site from
building into the same folder: the second builds into a temporary folder,
removed when it stops, as does a `serve` whose cache folder cannot be written.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from .core.cache import cache_root, site_key


class PreviewPlace:
    """`site` (the built pages) and `search` (the shards) folders for one serve."""

    def __init__(self, root: Path, lock: int | None, temporary: bool, note: str | None = None) -> None:
        self.root, self._lock, self.temporary, self.note = root, lock, temporary, note
        self.site = root / "site"
        self.search = root / "search"

    @classmethod
    def claim(cls, site_dir: Path) -> "PreviewPlace":
        root = cache_root() / f"site-{site_key(site_dir)}.preview"
        try:
            root.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(root, 0o700)
            lock = os.open(root / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            return cls._temporary(f"the preview cannot be kept in {root} ({exc.strerror}); it is rebuilt at every start")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(lock)
            return cls._temporary("another `serve` of this site is running: this one builds from scratch")
        return cls(root, lock, temporary=False)

    @classmethod
    def _temporary(cls, note: str) -> "PreviewPlace":
        return cls(Path(tempfile.mkdtemp(prefix="ecmn-press-serve-")), None, temporary=True, note=note)

    def release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing drops the lock
            self._lock = None
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)
