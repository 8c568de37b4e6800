"""Read the site folder: find content files, check UTF-8, split front matter.

This is the only module that reads an editor's content from disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..core.diagnostics import Position, Report
from ..core.model import Body
from . import yamldoc

SourceKind = Literal["issue", "article", "story", "team", "page"]
_BOM = b"\xef\xbb\xbf"
_FOLDER_KINDS: dict[str, SourceKind] = {"stories": "story", "teams": "team", "pages": "page"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # relative to the site folder, '/'-separated
    kind: SourceKind
    text: str  # the whole file, newlines normalised to \n
    front_matter: str | None  # the YAML between the fences (file line 2 on); None without fences
    body: Body
    issue_folder: str = ""  # issues and articles: content/issues/<folder>


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


def read_sources(site_dir: Path, report: Report) -> Sources:
    content = site_dir / "content"
    sources = Sources(settings=_read_settings(content / "site.yaml", report))
    for rel in _walk(content):
        path = f"content/{rel}"
        sources.all_paths.add(path)
        parts = rel.split("/")
        if parts == ["site.yaml"]:
            continue
        if parts[0] == "media":
            sources.media.append(MediaFile(path, content / rel))
            continue
        kind = _classify(parts)
        if kind is None:
            report.warning(Position(path), "file is not published", _placement_hint(parts))
            continue
        source = _read_content_file(content / rel, path, kind, report)
        if source is not None:
            sources.files.append(source)
    return sources


def read_settings_file(site_dir: Path, report: Report) -> yamldoc.Located | None:
    return _read_settings(site_dir / "content" / "site.yaml", report)


def read_head(path: Path, limit: int) -> bytes:
    """The first bytes of a media file; none when it cannot be read (copying it will say why)."""
    try:
        with path.open("rb") as file:
            return file.read(limit)
    except OSError:
        return b""


def _walk(content: Path) -> list[str]:
    """Every file under content/, as sorted '/'-paths; hidden and backup files skipped."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        base = Path(dirpath).relative_to(content).as_posix()
        for name in filenames:
            if name.startswith(".") or name.endswith("~"):
                continue  # editor swap files, .DS_Store and the like
            found.append(name if base == "." else f"{base}/{name}")
    return sorted(found)


def _classify(parts: list[str]) -> SourceKind | None:
    if not parts[-1].endswith(".md"):
        return None
    if parts[0] == "issues" and len(parts) == 3:
        return "issue" if parts[2] == "issue.md" else "article"
    if len(parts) >= 2:
        return _FOLDER_KINDS.get(parts[0])
    return None


def _placement_hint(parts: list[str]) -> str:
    if parts[0] == "issues" and len(parts) == 2 and parts[1].endswith(".md"):
        return "an issue is a folder: content/issues/<folder>/issue.md with its articles beside it"
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
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(file: Path, path: str, report: Report) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError as exc:
        report.error(Position(path), f"cannot read file: {exc.strerror or exc}")
        return None


def _read_settings(file: Path, report: Report) -> yamldoc.Located | None:
    path = "content/site.yaml"
    if not file.is_file():
        report.error(Position(path), "site settings file content/site.yaml is missing")
        return None
    data = _read_bytes(file, path, report)
    text = None if data is None else decode(data, path, report)
    if text is None:
        return None
    if not text.strip():
        report.error(Position(path), "file is empty", "it needs at least title and base_url")
        return None
    return as_mapping(yamldoc.load(text, path, 0, report), report)


def _read_content_file(file: Path, path: str, kind: SourceKind, report: Report) -> SourceFile | None:
    data = _read_bytes(file, path, report)
    text = None if data is None else decode(data, path, report)
    if text is None:
        return None
    if not text.strip():
        report.error(Position(path), "file is empty")
        return None
    folder = path.rsplit("/", 1)[0] if kind in ("issue", "article") else ""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return SourceFile(path, kind, text, None, Body(text, 1), folder)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            body = Body("\n".join(lines[i + 1:]), i + 2)
            return SourceFile(path, kind, text, "\n".join(lines[1:i]), body, folder)
    report.error(Position(path), "front matter is never closed", "add a line '---' after it")
    return None


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
