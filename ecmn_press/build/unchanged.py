"""A rebuild that would change nothing is recognised before anything is read.

After a successful build the cache keeps a record: a fingerprint of every
input (name, size, times and inode of each file under `content/` and
`themes/`, and of ecmn-press's own files, the built-in theme among them),
the options but the clock, the first moment at which the clock alone would
change the site (the earliest content date still in the future), what the
build reported, and the size and time of every file it left in the output
folder. The next build that finds the same fingerprint, before that moment,
and the output folder exactly as recorded, repeats the report instead of
building. Any doubt (a file touched, added or removed anywhere, a record
that cannot be read) means an ordinary build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..content.config import BuildOptions
from ..core.cache import FORMAT, Cache, digest
from ..core.diagnostics import Diagnostic
from ..core.files import Listing, listing
from ..core.model import HeldBack

_PROGRAM = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Record:
    inputs: str
    horizon: dt.datetime | None  # the clock at or after which the site would change
    diagnostics: tuple[Diagnostic, ...]
    held_back: tuple[HeldBack, ...]
    pages: int
    files: int
    index_pages: int | None  # None: the build made no search index
    outputs: Listing
    notes: tuple[str, ...] = ()  # the build summary's extra lines (heavy e-mail pictures)


def inputs_digest(site_dir: Path, options: BuildOptions) -> str:
    """Everything a build reads, by name, size and times, and how it was asked to build."""
    parts: list[str] = [__version__, str(FORMAT), asked(options)]
    for label, root in (("content", site_dir / "content"), ("themes", site_dir / "themes"), ("program", _PROGRAM)):
        parts.append(label)
        _describe(Path(os.path.realpath(root)), "", parts)
    return digest("\n".join(parts).encode("utf-8", "surrogateescape"))


def asked(options: BuildOptions) -> str:
    """How a build was asked to build, but for the clock and the number of workers."""
    return repr(dataclasses.replace(options, now=_EPOCH, jobs=1))


def program() -> str:
    """ecmn-press's own files, by name, size and times: a changed program may make other pages."""
    parts: list[str] = [__version__, str(FORMAT)]
    _describe(_PROGRAM, "", parts)
    return digest("\n".join(parts).encode("utf-8", "surrogateescape"))


def key(output_dir: Path) -> str:
    return "unchanged:" + str(output_dir.resolve())


def load(cache: Cache, output_dir: Path) -> Record | None:
    record = cache.get_many([key(output_dir)]).get(key(output_dir))
    return record if isinstance(record, Record) else None


def save(cache: Cache, output_dir: Path, record: Record) -> None:
    cache.put_many({key(output_dir): record})


def still_valid(record: Record, inputs: str, now: dt.datetime, output_dir: Path) -> bool:
    if record.inputs != inputs:
        return False
    if record.horizon is not None and now >= record.horizon:
        return False
    return listing(output_dir) == record.outputs


def horizon(instants: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """The first of the content's moments still to come: when it passes, an item
    is published (or stops being marked as scheduled)."""
    later = [moment for moment in instants if moment > now]
    return min(later) if later else None


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _describe(folder: str | Path, prefix: str, parts: list[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        parts.append(f"{prefix}!{type(exc).__name__}")
        return
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            parts.append(f"{prefix}{entry.name}!")
            continue
        parts.append(f"{prefix}{entry.name}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}")
        if entry.is_dir(follow_symlinks=False):
            _describe(entry.path, f"{prefix}{entry.name}/", parts)
