"""Image variants on disk, in the build cache: one folder per cache key.

A folder is written under a temporary name and renamed into place whole,
so a build killed halfway leaves no half-made entry. Without a cache (`check`,
tests) the store is a temporary folder that `close` removes.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from pathlib import Path


_MADE = ".made"  # inside an entry's folder; no variant's name starts with a dot


class Store:
    def __init__(self, root: Path | None) -> None:
        self.temporary = root is None
        self.root = Path(tempfile.mkdtemp(prefix="ecmn-press-images-")) if root is None else root
        self._prefix = f"{self.root}{os.sep}"

    def path(self, key: str, name: str) -> str:
        # Asked for every variant of every image on each build: a string, not a Path.
        return f"{self._prefix}{key}{os.sep}{name}"

    def has(self, key: str) -> bool:
        """An entry is renamed into place whole, so its folder being there means all of it is."""
        return os.path.isdir(self.root / key)

    def begin(self, key: str) -> Path:
        folder = self.root / f".{key}.{os.getpid()}.tmp"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def finish(self, key: str, folder: Path, made: object) -> None:
        """Put a made entry in place, with `made` (what the files are) beside them."""
        (folder / _MADE).write_bytes(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        final = self.root / key
        shutil.rmtree(final, ignore_errors=True)
        os.replace(folder, final)

    def made(self, key: str) -> object | None:
        """What an entry's files are, as `finish` was told; None when not known.

        The build cache keeps this too, and is asked first; a new cache format
        starts that cache empty, and the pictures need not be made again."""
        try:
            return pickle.loads((self.root / key / _MADE).read_bytes())
        except Exception:  # noqa: BLE001 - missing or damaged: the picture is made again
            return None

    def abandon(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def prune(self, keep: set[str]) -> None:
        """Remove the entries (and left-over temporary folders) this build did not use."""
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return
        for entry in entries:
            if entry.name not in keep:
                shutil.rmtree(entry.path, ignore_errors=True)

    def close(self) -> None:
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)
