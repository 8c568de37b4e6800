"""Files from a site folder, read under one policy, because a contributor's
pull request is built on machines that hold secrets.

- A symbolic link is followed only to a file or folder inside the site's
  `content/` or `themes/`, and never into a hidden one: not to `/etc/passwd`,
  not to `~/.ssh`, not to `.git/config` (which CI checkouts can fill with a
  token).
- Only regular files are read: a device, FIFO or socket would hang the build
  or copy without end.
- A name that is not UTF-8 or holds a control character is refused: it
  cannot be shown in a message or written into a URL faithfully.

Each refusal is a message for the path, never an exception; `check`,
`build` and `serve` see the same refusals because they all walk here.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import printable as shown

MAX_TEXT_BYTES = 10 * 1024 * 1024  # a Markdown or YAML file; media files have no limit
_KINDS = {stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket"}
Listing = dict[str, tuple[int, int]]  # '/'-path below a folder -> size, modification time (ns)
_O_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True, slots=True)
class Found:
    rel: str  # '/'-path below the walked folder
    # Where the bytes are (a symbolic link resolved); a string, as every file of a site is
    # walked on every build and most are only read: a Path each cost half the walk.
    real: str


@dataclass(frozen=True, slots=True)
class Refused:
    rel: str  # shown safely: undecodable bytes and control characters escaped
    why: str


def name_problem(name: str) -> str | None:
    if name.isprintable():  # no control characters, no undecodable bytes (surrogates)
        return None
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8; rename it"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        return "file name contains a control character (a newline or tab, say); rename it"
    return None


class Walker:
    """Walks folders of one site folder under the policy above."""

    def __init__(self, site_dir: Path) -> None:
        self.root = site_dir.resolve()
        self.allowed = (self.root / "content", self.root / "themes")

    def follow(self, path: Path) -> tuple[Path | None, str | None]:
        """(real path, None) for a file or folder that may be read; (None, why) otherwise."""
        try:
            info = os.lstat(path)
        except OSError as exc:
            return None, f"cannot be read: {exc.strerror or exc}"
        real = path
        if stat.S_ISLNK(info.st_mode):
            try:
                real = Path(os.path.realpath(path, strict=True))
                info = os.stat(real)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    return None, "symbolic link loops back on itself"
                return None, "symbolic link points at nothing (its target does not exist)"
            inside = next((a for a in self.allowed if real.is_relative_to(a)), None)
            if inside is None:
                return None, "symbolic link points outside content/ and themes/; it is not followed"
            if any(part.startswith(".") for part in real.relative_to(inside).parts):
                return None, "symbolic link points at a hidden file; it is not followed"
        kind = stat.S_IFMT(info.st_mode)
        if kind in _KINDS:
            return None, f"this is {_KINDS[kind]}, not a file; only regular files are read"
        return real, None

    def walk(self, folder: Path) -> tuple[list[Found], list[Refused]]:
        """Every file below `folder`, sorted; hidden and backup files are skipped."""
        found: list[Found] = []
        refused: list[Refused] = []
        self._visit(folder, "", found, refused, set())
        found.sort(key=lambda f: f.rel)
        refused.sort(key=lambda r: r.rel)
        return found, refused

    def _visit(self, folder: Path, rel: str, found: list, refused: list, seen: set) -> None:
        try:
            key = os.stat(folder)
            if (key.st_dev, key.st_ino) in seen:
                refused.append(Refused(rel, "symbolic link points at a folder that holds it; it is not followed"))
                return
            seen = seen | {(key.st_dev, key.st_ino)}
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            refused.append(Refused(rel or ".", f"folder cannot be read: {exc.strerror or exc}"))
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.endswith("~"):
                continue  # editor swap files, .DS_Store and the like
            sub = f"{rel}/{name}" if rel else name
            problem = name_problem(name)
            if not problem and entry.is_file(follow_symlinks=False):  # the common case, from the folder listing
                found.append(Found(sub, entry.path))
                continue
            real, why = (None, problem) if problem else self.follow(Path(entry.path))
            if real is None:
                refused.append(Refused(shown(sub), why or "cannot be read"))
            elif real.is_dir():
                self._visit(real, sub, found, refused, seen)
            else:
                found.append(Found(sub, str(real)))


def read_file(path: str | Path, limit: int | None = MAX_TEXT_BYTES) -> tuple[bytes | None, str | None]:
    """A regular file's bytes, read without following a last symbolic link or blocking on a pipe."""
    try:
        fd = os.open(path, _O_FLAGS)
    except OSError as exc:
        return None, f"cannot read the file: {exc.strerror or exc}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, "cannot read the file: it is a folder" if stat.S_ISDIR(info.st_mode) else (
                "this is not a regular file; only regular files are read")
        if limit is not None and info.st_size > limit:
            return None, f"file is too large ({info.st_size / 2**20:.1f} MB; the limit is {limit // 2**20} MB)"
        # Read straight from the descriptor (a site's every file is read on every build), asking for
        # one byte more than its size: one read gives the whole file, unless it changed meanwhile
        # or is too big for one read (2 GB on Linux).
        data = os.read(fd, info.st_size + 1)
        if len(data) != info.st_size:
            chunks = [data]
            while chunks[-1] and (limit is None or sum(map(len, chunks)) <= limit):
                chunks.append(os.read(fd, 1 << 16))
            data = b"".join(chunks)
    except OSError as exc:
        return None, f"cannot read the file: {exc.strerror or exc}"
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:
        return None, f"file is too large (over {limit // 2**20} MB)"
    return data, None


def write_problem(site_dir: Path, path: Path) -> str | None:
    """Why a command that writes into content/ (`new`, `import`) must not write `path`."""
    content = Path(os.path.realpath(site_dir / "content"))
    if not content.is_relative_to(site_dir.resolve()):
        return "content/ is a symbolic link out of the site folder; nothing is written through it"
    if os.path.islink(path):
        return f"{path.name} is a symbolic link; nothing is written through it"
    if not Path(os.path.realpath(path.parent)).is_relative_to(content):
        return "its folder is a symbolic link out of content/; nothing is written through it"
    return None


def listing(folder: Path) -> Listing:
    """Every file below `folder`, not following links: '/'-path -> (size, modification time)."""
    found: Listing = {}
    _list_files(str(folder), "", found)
    return found


def _list_files(folder: str, prefix: str, found: Listing) -> None:
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except OSError:
        found[prefix + "!"] = (-1, -1)  # an unreadable folder: never the same listing twice
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _list_files(entry.path, f"{prefix}{entry.name}/", found)
        else:
            found[prefix + entry.name] = stat_pair(entry)


def stat_pair(path: os.DirEntry | Path) -> tuple[int, int]:
    """(size, modification time in ns); (-1, -1) when it cannot be told."""
    try:
        st = path.stat(follow_symlinks=False)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)
