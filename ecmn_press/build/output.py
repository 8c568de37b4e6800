"""Write the built site: as files are made, beside it; into it only on success.

Each file is written, as soon as a producer has made it, into a staging
folder beside the output folder, unless the output folder already holds
exactly those bytes. The producers run in several processes and write in
parallel with one another; only file names travel back. When the whole
build has succeeded, `commit` moves the staged files into place one
`os.replace` at a time (each is atomic) and removes the files the site no
longer has. A build that fails, or is killed, leaves the output folder as it
was; a staging folder left by a killed build is removed by the next one
(one build at a time writes an output folder, `output_lock`),
whose kept outputs are judged by size and time and so repair what was half
moved. Unchanged files are not touched, which keeps rebuilds fast and file
dates meaningful.
"""

from __future__ import annotations

import fcntl
import filecmp
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.files import Listing, listing, stat_pair

MARKER = ".ecmn-press"  # marks a folder we built, so we never clear someone else's files
_MARKER_TEXT = b"This folder is written by ecmn-press; files not in the site are removed.\n"


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def refuse_output(site_dir: Path, output_dir: Path) -> str | None:
    """Why this output folder must not be used, or None when it is safe."""
    if output_dir.is_symlink():
        # A link committed as output/ would let a build write (and remove files) where it points.
        return f"{output_dir} is a symbolic link; give the folder it points at with --output"
    site, out = site_dir.resolve(), output_dir.resolve()
    if out == site:
        return "the output folder cannot be the site folder itself"
    if site.is_relative_to(out):
        return "the output folder cannot contain the site folder"
    for inner in ("content", "themes"):
        if out.is_relative_to(site / inner):
            return f"the output folder cannot be inside {inner}/"
    if out.exists() and not out.is_dir():
        return f"{output_dir} exists and is not a folder"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        return f"{output_dir} holds files that ecmn-press did not write; empty it or choose another folder"
    return None


class OutputBusy(Exception):
    """Another build holds the output folder's lock."""


@contextmanager
def output_lock(output_dir: Path) -> Iterator[None]:
    """Held by the one build that may write `output_dir` (and its staging folders) at a time.

    Without it a second build would take the first one's staging folder for one
    left by a killed build and remove it, failing the first. The lock is a file
    beside the output folder, removed when the build ends; the kernel drops the
    lock of a build that is killed. OutputBusy if another build holds it.
    """
    path = output_dir.parent / f".{output_dir.name}.ecmn-lock"
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputBusy() from None
        # The build before may have removed the file between our open and our lock:
        # a lock on a removed file keeps out no one, so take the file that is there now.
        try:
            here = os.stat(path)
        except FileNotFoundError:
            here = None
        held = os.fstat(fd)
        if here is not None and (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)
    try:
        yield
    finally:
        try:
            path.unlink()  # while still locked, so a build that opened it sees it was removed
        except OSError:
            pass
        os.close(fd)


class Staging:
    """The files of one build, staged beside the output folder until `commit`."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        prefix = f".{output_dir.name}.ecmn-staging-"
        for left in output_dir.parent.glob(prefix + "*"):  # by a build that was killed
            shutil.rmtree(left, ignore_errors=True)
        self.root = output_dir.parent / f"{prefix}{os.getpid()}"
        self.root.mkdir(parents=True)
        self._folders: set[Path] = set()  # made by this process

    def put(self, rel: str, data: bytes) -> bool:
        """Stage one file; False when the output folder already holds these bytes."""
        if _same_bytes(self.output_dir / rel, data):
            return False
        path = self.root / rel
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        path.write_bytes(data)
        return True

    def adopt(self, rel: str) -> bool:
        """Stage a file another program wrote into the staging folder (the indexer);
        False, and the file removed, when the output folder already holds these bytes."""
        path = self.root / rel
        if not _same_file_bytes(self.output_dir / rel, path):
            return True
        path.unlink()  # else a first build, which moves the whole folder in, would publish it
        return False

    def file(self, rel: str) -> Path:
        """Where a file of this build is: staged, or kept in the output folder as it is."""
        staged = self.root / rel
        return staged if staged.exists() else self.output_dir / rel

    def commit(self, staged: set[str], unchanged: set[str], copies: Mapping[str, str | Path],
               found: Listing) -> tuple[WriteStats, Listing]:
        """Make the output folder hold exactly the staged, unchanged and copied files.

        `found` is the folder's listing taken when the build began: files not
        in this build are removed from it, and it becomes the listing of what
        is left without walking the folder again. A file changed by hand in
        the meantime is seen by the next build, which lists the folder afresh.
        """
        staged, unchanged = set(staged), set(unchanged)
        (staged if self.put(MARKER, _MARKER_TEXT) else unchanged).add(MARKER)
        for rel, source in copies.items():
            if not _same_file(found.get(rel), source):
                path = self.root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, path)
                staged.add(rel)
            else:
                unchanged.add(rel)
        try:
            if not self.output_dir.exists():
                self.root.rename(self.output_dir)  # a first build appears all at once
                return WriteStats(len(staged), 0, 0), listing(self.output_dir)
            for rel in sorted(staged):
                target = self.output_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_dir():  # a page became a file or the reverse
                    shutil.rmtree(target)
                os.replace(self.root / rel, target)
            removed = _remove_stale(self.output_dir, [rel for rel in found if rel not in staged and rel not in unchanged])
            left = {rel: found[rel] for rel in unchanged if rel in found}
            for rel in staged | (unchanged - left.keys()):
                left[rel] = stat_pair(self.output_dir / rel)
            return WriteStats(len(staged), len(unchanged), removed), left
        finally:
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _same_file_bytes(path: Path, other: Path) -> bool:
    try:
        return filecmp.cmp(path, other, shallow=False)
    except OSError:
        return False


def _same_file(kept: tuple[int, int] | None, source: str | Path) -> bool:
    """Does the output file listed as `kept` (size, modification time) hold `source`?
    copy2 keeps the source's modification time, so size and time tell."""
    if kept is None:
        return False
    try:
        st = os.stat(source)
    except OSError:
        return False
    return (st.st_size, st.st_mtime_ns) == kept


def _remove_stale(output_dir: Path, stale: list[str]) -> int:
    """Remove the files this build does not have, and the folders that leaves empty."""
    removed = 0
    folders: set[Path] = set()
    for rel in stale:
        path = output_dir / rel
        try:
            if path.is_dir() and not path.is_symlink():
                continue  # listed as a file when the build began; a page's folder now
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
        folders.add(path.parent)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != output_dir and folder.is_relative_to(output_dir):
            try:
                folder.rmdir()
            except OSError:  # not empty
                break
            folder = folder.parent
    return removed
