"""Write the built site: only after everything rendered, only what changed.

New and changed files are first written to a staging folder beside the
output folder, then moved into place one `os.replace` at a time (each is
atomic), and files the site no longer has are removed last. A build that
fails never gets here, so the previous site stays as it was. Unchanged files
are not touched, which keeps rebuilds fast and file dates meaningful.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

MARKER = ".ecmn-press"  # marks a folder we built, so we never clear someone else's files


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


def write_site(
    output_dir: Path, files: dict[str, bytes], copies: dict[str, Path], keep: frozenset[str] | set[str] = frozenset()
) -> WriteStats:
    """Make output_dir hold exactly `files` (bytes), `copies` (files copied as
    they are) and `keep` (files already there, known to be right as they are)."""
    files = {**files, MARKER: b"This folder is written by ecmn-press; files not in the site are removed.\n"}
    staging = output_dir.parent / f".{output_dir.name}.ecmn-staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        changed = _stage(output_dir, staging, files, copies)
        if not output_dir.exists():
            staging.rename(output_dir)  # a first build appears all at once
            return WriteStats(len(changed), 0, 0)
        for rel in changed:
            target = output_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():  # a page became a file or the reverse
                shutil.rmtree(target)
            os.replace(staging / rel, target)
        removed = _remove_stale(output_dir, set(files) | set(copies) | set(keep))
        return WriteStats(len(changed), len(files) + len(copies) + len(keep) - len(changed), removed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(output_dir: Path, staging: Path, files: dict[str, bytes], copies: dict[str, Path]) -> list[str]:
    changed = []
    made: set[Path] = set()

    def target(rel: str) -> Path:
        path = staging / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        return path

    for rel, data in files.items():
        if not _same_bytes(output_dir / rel, data):
            target(rel).write_bytes(data)
            changed.append(rel)
    for rel, source in copies.items():
        if not _same_file(output_dir / rel, source):
            shutil.copy2(source, target(rel))
            changed.append(rel)
    return changed


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _same_file(path: Path, source: Path) -> bool:
    # copy2 keeps the source's modification time, so size and mtime tell.
    try:
        a, b = path.stat(), source.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def _remove_stale(output_dir: Path, keep: set[str]) -> int:
    removed = 0
    for dirpath, _subdirs, filenames in os.walk(output_dir, topdown=False):
        base = Path(dirpath)
        for name in filenames:
            rel = (base / name).relative_to(output_dir).as_posix()
            if rel not in keep:
                (base / name).unlink()
                removed += 1
        if base != output_dir and not any(base.iterdir()):
            base.rmdir()
    return removed
