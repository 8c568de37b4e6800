"""Read the site folder: find content files, check UTF-8, split front matter.

This is the only module that reads an editor's content from disk, and it
reads through `core.files`: symbolic links out of the site, devices and
pipes are refused there, each at its path.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..core.diagnostics import Position, Report
from ..core.files import Walker, read_file
from ..core.model import CONTROL_CHARACTERS, Body
from ..i18n.codes import split_name
from . import yamldoc
from .file_status import Seen, known_digest, status_of

SourceKind = Literal["issue", "article", "story", "team", "page"]
_BOM = b"\xef\xbb\xbf"
_FOLDER_KINDS: dict[str, SourceKind] = {"stories": "story", "teams": "team", "pages": "page"}


class SourceChanged(Exception):
    """A file known by its status was found to hold other bytes when its text was needed:
    it changed while the site was being built."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class SourceFile:
    """One content file, its text decoded when first asked for.

    A file whose bytes were read without a problem before (the cache knows
    their digest) is not decoded again: a build that finds its document and
    body in the cache never needs its text. A file whose status is as an
    earlier build recorded (`file_status`) is not even read unless its text
    is asked for (`data` None, `real` where it is).
    """

    __slots__ = ("path", "kind", "issue_folder", "lang", "original", "digest", "_data", "_parts", "_fm_digest",
                 "_real")

    def __init__(self, path: str, kind: SourceKind, data: bytes | None, digest: str, issue_folder: str = "",
                 lang: str | None = None, original: str = "", parts: _Parts | None = None,
                 fm_digest: str | None = None, real: str = "") -> None:
        self.path = path  # relative to the site folder, '/'-separated
        self.kind = kind
        self.issue_folder = issue_folder  # issues and articles: content/issues/<folder>
        self.lang = lang  # a translation's language ('x.sv.md'); None for an original
        self.original = original  # a translation's original: content/stories/x.md beside content/stories/x.sv.md
        self.digest = digest  # of the file's bytes, which decide its text: the key of what later stages cache
        self._data, self._parts, self._fm_digest, self._real = data, parts, fm_digest, real

    @property
    def text(self) -> str:
        """The whole file, newlines normalised to \\n."""
        return self._split()[0]

    @property
    def front_matter(self) -> str | None:
        """The YAML between the fences (file line 2 on); None without fences."""
        return self._split()[1]

    @property
    def body(self) -> Body:
        return self._split()[2]

    @property
    def front_matter_digest(self) -> str:
        """Tells front matters apart without decoding a file known from an earlier build."""
        if self._fm_digest is None:
            front = self.front_matter
            self._fm_digest = "-" if front is None else _hex_digest(front.encode())
        return self._fm_digest

    def _split(self) -> _Parts:
        if self._parts is None:
            data = self._data
            if data is None:
                data, _ = read_file(self._real)
                if data is None or _hex_digest(data) != self.digest:
                    raise SourceChanged(self.path)
            # Only a file read cleanly before gets here: its bytes decode and split as they did then.
            parts = _split(_normalised(data.removeprefix(_BOM).decode("utf-8", "replace")))
            assert parts is not None  # these bytes were split without a problem before
            self._parts = parts
        return self._parts


_Parts = tuple[str, "str | None", Body]


def _hex_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@dataclass(frozen=True, slots=True)
class MediaFile:
    path: str  # relative to the site folder: content/media/...
    source: Path

    @property
    def url_path(self) -> str:
        return self.path.removeprefix("content/")


@dataclass(slots=True)
class Sources:
    settings: yamldoc.Located | None
    files: list[SourceFile] = field(default_factory=list)
    media: list[MediaFile] = field(default_factory=list)
    all_paths: set[str] = field(default_factory=set)  # every file under content/
    # The digest of each file read without a problem -> the digest of its front matter (see SourceFile).
    clean: dict[str, str] = field(default_factory=dict)
    seen: dict[str, Seen] = field(default_factory=dict)  # content path -> what was read of it (file_status)


def read_sources(site_dir: Path, report: Report, known: dict[str, tuple[bytes, Any]] | None = None,
                 clean: Mapping[str, str] | None = None, seen: Mapping[str, Seen] | None = None) -> Sources:
    """The site's files. `known` (serve): each file's bytes and what they were
    read as last time, so a file whose bytes are the same is not read again.
    `clean`: an earlier build's `Sources.clean`, whose files are not decoded
    until their text is asked for. `seen`: an earlier build's `Sources.seen`;
    a file whose status it still describes is not read until its text is
    asked for (SourceChanged then, if its bytes are not those)."""
    walker = Walker(site_dir)
    sources = Sources(settings=_read_settings(walker, report))
    content, why = walker.follow(site_dir / "content")
    if content is None or not content.is_dir():
        if why:
            report.error(Position("content"), f"content/ {why}")
        return sources
    found, refused = walker.walk(content)
    before, now = known or {}, {}
    for bad in refused:
        report.error(Position(f"content/{bad.rel}"), bad.why)
    for file in found:
        path = f"content/{file.rel}"
        sources.all_paths.add(path)
        parts = file.rel.split("/")
        if parts == ["site.yaml"]:
            continue
        if parts[0] == "media":
            sources.media.append(MediaFile(path, Path(file.real)))
            continue
        kind = _classify(parts)
        if kind is None:
            report.warning(Position(path), "file is not published", _placement_hint(parts))
            continue
        status = status_of(file.real) if known is None else None  # `serve` has the bytes in memory
        digest = known_digest(status, seen.get(path) if seen else None)
        fm_digest = clean.get(digest) if clean and digest else None
        if fm_digest is not None:  # a known status, and bytes that were read cleanly
            sources.files.append(SourceFile(path, kind, None, digest, *_names(path, kind), fm_digest=fm_digest,
                                            real=file.real))
            sources.clean[digest] = fm_digest
            sources.seen[path] = seen[path]  # type: ignore[index]
            continue
        read_at = time.time_ns()
        data = _read_bytes(file.real, path, report)
        last = before.get(path)
        source = last[1] if last and last[0] == data else _read_content_file(data, path, kind, report, clean)
        if source is not None and data is not None:
            sources.files.append(source)
            sources.clean[source.digest] = source.front_matter_digest
            if status is not None:
                sources.seen[path] = (status, source.digest, read_at)
            now[path] = (data, source)  # a file read without a problem: nothing to say again
    if known is not None:
        known.clear()
        known.update(now)
    return sources


def read_settings_file(site_dir: Path, report: Report) -> yamldoc.Located | None:
    return _read_settings(Walker(site_dir), report)


def _classify(parts: list[str]) -> SourceKind | None:
    if not parts[-1].endswith(".md"):
        return None
    if parts[0] == "issues" and len(parts) == 3:
        return "issue" if split_name(parts[2])[0] == "issue" else "article"
    if len(parts) >= 2:
        return _FOLDER_KINDS.get(parts[0])
    return None


def _placement_hint(parts: list[str]) -> str:
    if parts[0] == "issues" and len(parts) == 2 and parts[1].endswith(".md"):
        return "an issue is a folder: content/issues/<folder>/issue.md with its articles beside it"
    if parts[-1].lower().endswith(".md"):
        return "Markdown files must end in '.md', in lower case"
    if not parts[-1].endswith(".md"):
        return "images and files belong under content/media/"
    if len(parts) == 1:
        return "pages belong under content/pages/"
    return "content files belong under issues/, stories/, teams/ or pages/"


def decode(data: bytes, path: str, report: Report) -> str | None:
    """UTF-8 text with \\n newlines, or None after reporting where it is not."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8")) + 1
        report.error(
            Position(path, before.count(b"\n") + 1, col),
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)",
            "save it as UTF-8",
        )
        return None
    text = _normalised(text)
    if _plainly_clean(data):
        return text
    return None if _has_controls(text, path, report) else text


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# CONTROL_CHARACTERS, as UTF-8 bytes: no byte below 0x20 is ever part of a
# longer character, and U+FFFE and U+FFFF have one spelling each.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_FFFE, _FFFF = "\ufffe".encode(), "\uffff".encode()


def _plainly_clean(data: bytes) -> bool:
    """True when the text has no control character and no numeric reference
    at all: the usual case, told in C at memory speed (a site's text is read
    on every build) before the exact search that finds where they are."""
    return (len(data.translate(None, _CONTROL_BYTES)) == len(data) and b"&#" not in data
            and _FFFE not in data and _FFFF not in data)


_MAX_REPORTED = 20
# Markdown and HTML turn `&#1;` into the character itself, so such a reference is as bad.
_NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _controls_in(text: str) -> list[tuple[int, str]]:
    """(index, what) of each control character, written or as a numeric reference."""
    found = [(m.start(), f"control character U+{ord(m.group()):04X}") for m in CONTROL_CHARACTERS.finditer(text)]
    if "&#" in text:
        for m in _NUMERIC_REF.finditer(text):
            code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
            if code < 0x110000 and CONTROL_CHARACTERS.match(chr(code)):
                found.append((m.start(), f"'{m.group()}' stands for the control character U+{code:04X}, which"))
        found.sort()
    return found


def _has_controls(text: str, path: str, report: Report) -> bool:
    """Report the control characters (the first 20 of them); True if there was any."""
    found = _controls_in(text)
    line_no, line_start = 1, 0
    for start, what in found[:_MAX_REPORTED]:
        line_no += text.count("\n", line_start, start)
        line_start = text.rfind("\n", 0, start) + 1
        report.error(
            Position(path, line_no, start - line_start + 1), f"{what} is not allowed in text",
            "delete it: it is invisible in most editors and cannot be published",
        )
    if len(found) > _MAX_REPORTED:
        report.error(Position(path, line_no, 1), f"and {len(found) - _MAX_REPORTED} more control characters")
    return bool(found)


def _read_bytes(file: str | Path, path: str, report: Report) -> bytes | None:
    data, why = read_file(file)
    if why:
        report.error(Position(path), why)
    return data


def _read_settings(walker: Walker, report: Report) -> yamldoc.Located | None:
    path = "content/site.yaml"
    target = walker.root / path
    if not os.path.lexists(target):
        report.error(Position(path), "site settings file content/site.yaml is missing",
                     "a site folder holds it; start a new site with `ecmn-press new site DIR`")
        return None
    file, why = walker.follow(target)
    if file is None or not file.is_file():
        report.error(Position(path), why or "site settings must be a file")
        return None
    data = _read_bytes(file, path, report)
    text = None if data is None else decode(data, path, report)
    if text is None:
        return None
    if not text.strip():
        report.error(Position(path), "file is empty", "it needs at least title and base_url")
        return None
    return as_mapping(yamldoc.load(text, path, 0, report), report)


def _read_content_file(data: bytes | None, path: str, kind: SourceKind, report: Report,
                       clean: Mapping[str, str] | None = None) -> SourceFile | None:
    if data is None:
        return None
    digest = _hex_digest(data)
    folder, lang, original = _names(path, kind)
    known = clean.get(digest) if clean else None
    if known is not None:
        return SourceFile(path, kind, data, digest, folder, lang, original, fm_digest=known)
    text = decode(data, path, report)
    if text is None:
        return None
    if not text.strip():
        report.error(Position(path), "file is empty")
        return None
    split = _split(text)
    if split is None:
        report.error(Position(path), "front matter is never closed", "add a line '---' after it")
        return None
    return SourceFile(path, kind, data, digest, folder, lang, original, split)


def _names(path: str, kind: SourceKind) -> tuple[str, str | None, str]:
    """A content file's issue folder, language and original, told by its path."""
    folder, _, name = path.rpartition("/")
    stem, lang = split_name(name)
    original = f"{folder}/{stem}.md" if lang else ""
    return (folder if kind in ("issue", "article") else ""), lang, original


def _split(text: str) -> _Parts | None:
    """(text, front matter or None when it has none, body); None when front matter is never closed."""
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        return text, None, Body(text, 1)
    # Found, not split into lines: a site's every file is read on every build.
    fence = _CLOSING_FENCE.search(text, first_end + 1) if first_end >= 0 else None
    if fence is None:
        return None
    start, line_end = fence.start(), text.find("\n", fence.start())
    body = Body("" if line_end < 0 else text[line_end + 1:], text.count("\n", 0, start) + 2)
    return text, text[first_end + 1 : start - 1], body


# A line that closes front matter: '---' or '...', then only spaces (as str.rstrip strips).
_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def as_mapping(meta: yamldoc.Located | None, report: Report) -> yamldoc.Located | None:
    """The front matter or settings as a mapping (empty when blank), or None after reporting."""
    if meta is None:
        return None
    if meta.value is None:
        return yamldoc.Located({}, meta.node, meta.lines)
    if not isinstance(meta.value, dict):
        found = "a list" if isinstance(meta.value, list) else "a single value"
        report.error(meta.position(), f"front matter must be 'key: value' lines, found {found}")
        return None
    return meta
