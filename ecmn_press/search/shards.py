"""The preview's search index in shards, so that an edit re-indexes only its part.

Pagefind cannot update an index: one edited page means indexing every page
again (about 21 s and 2 GiB at 5,600 pages). `serve` therefore splits the
indexed pages into shards by a stable hash of their output path, gives each
shard a Pagefind bundle of its own, and lets the search page merge them in
the browser (Pagefind's `mergeIndex`, which sums filter counts across
indexes, so the counts stay exact). A shard is indexed again only when one
of its pages was rewritten, judged by the size and time the build left
each page file with. A published `build` keeps one index (index.py).

Each bundle lives in a folder named after its shard and its content,
so a search page opened before a shard changed can still
fetch the files it was given; one previous folder per shard is kept for
that. `shards.json` records what is current, so a restarted `serve` reuses
every shard whose pages are as it left them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import Report
from . import index as one_index

PAGES_PER_SHARD = 400  # about a second of indexing on this project's two-core machines
MANIFEST = "shards.json"


def shard_count(pages: int, per_shard: int = PAGES_PER_SHARD) -> int:
    """Enough shards for `pages`, as a power of two: the count, and so every
    page's shard, changes only when the site doubles or halves."""
    needed = max(1, -(-pages // max(1, per_shard)))
    return 1 << (needed - 1).bit_length()


def shard_of(path: str, count: int) -> int:
    """A page's shard: a hash of its output path, the same in every run."""
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big") % count


@dataclass(frozen=True, slots=True)
class Pending:
    """A shard whose bundle does not match its pages."""

    number: int
    pages: tuple[str, ...]
    fingerprint: str


class ShardedIndex:
    """The shards under `root`, a folder that belongs to one `serve` of one site."""

    def __init__(self, root: Path, per_shard: int = PAGES_PER_SHARD) -> None:
        self.root, self.per_shard = root, per_shard
        self._lock = threading.Lock()
        self.version = one_index._pagefind_version()  # noqa: SLF001 - one package, two index shapes
        self.count = 0
        self.current: dict[int, dict] = {}  # shard -> {"folder", "fingerprint", "pages"}
        self.searchable: list[str] = []  # the pages last asked for; a replayed build does not say
        self._load()

    def bundles(self) -> list[str]:
        """The folders (under root) of the indexed shards, in shard order."""
        return [self.current[n]["folder"] for n in sorted(self.current)]

    def pages(self) -> int:
        return sum(int(s["pages"]) for s in self.current.values())

    def pending(self, output_dir: Path, searchable: list[str] | None) -> list[Pending]:
        """The shards to index again for the pages now in `output_dir`.

        `searchable` None means "the same pages as last time" (a build that
        found nothing changed does not list them). Shards left with no
        pages are dropped here, since there is nothing to index.
        """
        if searchable is not None:
            self.searchable = list(searchable)
        count = shard_count(len(self.searchable), self.per_shard)
        groups: dict[int, list[str]] = {}
        for path in self.searchable:
            groups.setdefault(shard_of(path, count), []).append(path)
        for gone in set(self.current) - set(groups):
            del self.current[gone]
        if count != self.count:
            self.current.clear()
        self.count = count
        self._save()
        todo = []
        for number, paths in sorted(groups.items()):
            fingerprint = self._fingerprint(output_dir, number, paths)
            if self.current.get(number, {}).get("fingerprint") != fingerprint:
                todo.append(Pending(number, tuple(paths), fingerprint))
        return todo

    def ahead(self, made: dict[str, bytes]) -> list[tuple[Pending, dict[str, bytes]]]:
        """The shards holding pages made ahead of their build (serve's open pages), with those pages.

        Their fingerprint is the new pages' digest, which no files on disk
        give: once the build has written them, the shard is indexed again
        from its files, as usual.
        """
        if not self.count:
            return []
        known = set(self.searchable)
        touched: dict[int, dict[str, bytes]] = {}
        for path, data in made.items():
            if path in known:
                touched.setdefault(shard_of(path, self.count), {})[path] = data
        todo = []
        for number, pages in sorted(touched.items()):
            paths = tuple(p for p in self.searchable if shard_of(p, self.count) == number)
            h = hashlib.blake2b(b"ahead", digest_size=20)
            for path in sorted(pages):
                h.update(f"{path}\0".encode() + pages[path])
            todo.append((Pending(number, paths, h.hexdigest()), pages))
        return todo

    def index(self, shard: Pending, output_dir: Path, report: Report, ahead: dict[str, bytes] | None = None) -> bool:
        """Index one shard from the pages in `output_dir` (or `ahead`); False after reporting why not."""
        pages = {}
        for path in shard.pages:
            try:
                pages[path] = ahead[path] if ahead and path in ahead else (output_dir / path).read_bytes()
            except OSError:
                return False  # removed by a newer build: the next pass sees the new page list
        unfinished = self.root / f".part-{shard.number}"  # one shard is never indexed twice at once
        made = one_index.build_index(pages, self.root / f"work-{shard.number}", report, unfinished)
        if made is None:
            return False
        # Named by what Pagefind made (its entry file names every index file by its content), so
        # indexing the same pages again, as after pages made ahead, gives the folder already there.
        entry = (unfinished / "pagefind-entry.json").read_bytes() if made.made else b""
        folder = f"{shard.number}-{hashlib.sha256(entry).hexdigest()[:16]}"
        target = self.root / folder
        if target.exists():
            shutil.rmtree(unfinished, ignore_errors=True)
        else:
            unfinished.mkdir(parents=True, exist_ok=True)  # a shard with no pages: an empty bundle
            os.replace(unfinished, target)
        with self._lock:  # shards may be indexed side by side; the record is one
            previous = self.current.get(shard.number, {}).get("folder")
            self.current = {**self.current,
                            shard.number: {"folder": folder, "fingerprint": shard.fingerprint, "pages": made.pages}}
            self._save()
            self._tidy(shard.number, keep={folder, previous})
        return True

    def _fingerprint(self, output_dir: Path, number: int, paths: list[str]) -> str:
        h = hashlib.blake2b(f"{self.version}\0{self.count}\0{number}".encode(), digest_size=20)
        for path in sorted(paths):
            try:
                stat = os.stat(output_dir / path)
                h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            except OSError:
                h.update(f"{path}\0missing\n".encode())
        return h.hexdigest()

    def _tidy(self, number: int, keep: set[str | None]) -> None:
        for folder in self.root.glob(f"{number}-*"):
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def _load(self) -> None:
        try:
            saved = json.loads((self.root / MANIFEST).read_bytes())
            if saved["version"] != self.version:
                raise ValueError("another Pagefind")
            current = {int(n): dict(s) for n, s in saved["shards"].items()}
            if any(not (self.root / s["folder"] / "pagefind.js").is_file() for s in current.values()):
                raise ValueError("a bundle is missing")
            self.count, self.current, self.searchable = int(saved["count"]), current, list(saved["searchable"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.count, self.current, self.searchable = 0, {}, []
        # Anything else under root is left from an earlier run: a stopped indexing, an old bundle.
        keep = {s["folder"] for s in self.current.values()} | {MANIFEST}
        if self.root.is_dir():
            for entry in self.root.iterdir():
                if entry.name not in keep:
                    shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)

    def _save(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        data = {"version": self.version, "count": self.count, "searchable": self.searchable,
                "shards": {str(n): s for n, s in sorted(self.current.items())}}
        unfinished = self.root / f".{MANIFEST}.part"
        unfinished.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(unfinished, self.root / MANIFEST)
