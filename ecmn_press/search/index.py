"""The search index: Pagefind run over the pages readers look for.

Pagefind reads HTML from disk, so the pages worth finding (issues,
articles, stories, teams, free pages; never home, lists or term pages) are
put in a scratch folder beside the output folder, hard-linked from the
files the build already wrote where it can (writing 80 MB again cost
seconds at 5,000 items), and indexed there by one run of the Pagefind
binary from its PyPI package. Pagefind writes its bundle straight into a
folder the caller names (a build: its staging folder), where only the few
files `bundle_order` changes are rewritten; nothing reaches the output
folder until the caller moves it in with the pages, so a failed index
changes nothing, and an index is never half-written.

Indexing takes seconds on a big archive, so the bundle is reused when the
pages it was made from are byte-for-byte the same: a stamp file in the
bundle records their digest and the files the bundle holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from abc import abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..content.plan import Plan
from ..core.diagnostics import Position, Report
from ..core.files import listing
from ..site.names import SEARCH_KINDS
from . import bundle_order

SEARCHABLE_KINDS = frozenset(SEARCH_KINDS)  # the kinds with a search label are the kinds indexed
BUNDLE = "pagefind"
STAMP = "ecmn-press-index.json"  # inside the bundle folder
WHERE = Position("(search index)")  # indexer failures belong to no content file


@dataclass(slots=True)
class SearchIndex:
    made: list[str] = field(default_factory=list)  # paths inside the `bundle` folder: a new bundle, stamp included
    files: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes: the stamp of a kept bundle
    copies: dict[str, Path] = field(default_factory=dict)  # output path -> file, bundle kept as it is
    pages: int = 0
    reused: bool = False


class PageFiles(Mapping[str, bytes]):
    """Pages that are files already, to be hard-linked for Pagefind rather than written again."""

    @abstractmethod
    def file(self, path: str) -> Path:
        """The file holding the page at output path `path`."""

    def __getitem__(self, path: str) -> bytes:
        return self.file(path).read_bytes()


def searchable(plan: Plan) -> list[str]:
    """Output paths of the pages the index covers."""
    return [r.output for r in plan.routes if r.format == "html" and r.kind in SEARCHABLE_KINDS]


def build_index(
    pages: Mapping[str, bytes], output_dir: Path, report: Report, bundle: Path,
    timeout: float | None = None, fingerprint: str | None = None,
) -> SearchIndex | None:
    """The index of `pages` (output path -> HTML), or None after reporting why not.

    A new bundle is written into `bundle`, a folder of the caller's that is
    emptied first and removed again on failure; a kept one stays where it is
    (`copies`). `fingerprint`, when given, stands for the pages' content (the
    build's output keys), so an unchanged site is recognised without reading them.
    """
    version = _pagefind_version()
    if version is None:
        report.error(WHERE, "Pagefind is not installed", "pip install 'pagefind[bin]', or build with --no-search")
        return None
    if not pages:
        return SearchIndex()  # nothing to index; the search page says so and loads no bundle
    source = hashlib.sha256(f"{version}\n{fingerprint}".encode()).hexdigest() if fingerprint else _digest(pages, version)
    kept = _reusable(output_dir / BUNDLE, source)
    if kept is not None:
        return kept
    prefix = f".{output_dir.name}.ecmn-search-"
    for left in output_dir.parent.glob(prefix + "*"):  # by a build that was killed; they may hold many links
        shutil.rmtree(left, ignore_errors=True)
    site = output_dir.parent / f"{prefix}{os.getpid()}"
    shutil.rmtree(bundle, ignore_errors=True)
    limit = timeout if timeout is not None else 60 + 0.1 * len(pages)
    try:
        _place_pages(site, pages)
        count = _index_folder(site, bundle, limit)
        bundle_order.order_folder(bundle)
        sizes = _sizes(bundle)
        stamp = {"pagefind": version, "source": source, "pages": count, "files": sizes}
        (bundle / STAMP).write_bytes(_stamp_bytes(stamp))
    except subprocess.TimeoutExpired:
        shutil.rmtree(bundle, ignore_errors=True)
        report.error(WHERE, f"Pagefind did not finish within {limit:.0f} s",
                     "build with --no-search to skip the index")
        return None
    except Exception as exc:  # noqa: BLE001 - the indexer's failures are reported, never a traceback
        shutil.rmtree(bundle, ignore_errors=True)
        report.error(WHERE, f"the search index could not be built: {_describe(exc)}",
                     "build with --no-search to skip the index")
        return None
    finally:
        shutil.rmtree(site, ignore_errors=True)
    return SearchIndex(made=[*sizes, STAMP], pages=count)


def _index_folder(site: Path, bundle: Path, timeout: float) -> int:
    """Run Pagefind over `site`, writing the bundle to `bundle`; the number of pages indexed.

    The binary runs as a command, to completion. Pagefind's Python API was
    tried first: its service acknowledges a write before every file is on
    disk, and the wrapper then stops it, so under load about one index in
    ten had files cut short (a broken search page, published).
    """
    from pagefind.service import (
        get_executable,  # imported late: a build without search never needs it
    )

    executable = get_executable()
    if executable is None:
        raise RuntimeError("no Pagefind binary found")
    done = subprocess.run(
        [str(executable), "--site", str(site), "--output-path", str(bundle), "--quiet"],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise RuntimeError(detail[-1] if detail else f"Pagefind exited with status {done.returncode}")
    entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
    return sum(int(language.get("page_count", 0)) for language in entry["languages"].values())


def _place_pages(site: Path, pages: Mapping[str, bytes]) -> None:
    """Put every page under `site`: a hard link to its file when it has one, else its bytes.

    Pagefind only reads the folder, so a link is as good as a copy; where
    linking fails (another file system, say), the rest are written.
    """
    linked = pages.file if isinstance(pages, PageFiles) else None
    made: set[Path] = set()
    for rel in pages:
        if rel.startswith("/") or ".." in rel.split("/"):
            raise ValueError(f"a page outside the site: {rel}")  # never write outside the scratch folder
        path = site / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if linked is not None:
            try:
                os.link(linked(rel), path)
                continue
            except OSError:
                linked = None
        path.write_bytes(pages[rel])
    site.mkdir(parents=True, exist_ok=True)  # an empty site still gets an (empty) index


def _sizes(bundle: Path) -> dict[str, int]:
    """Every file of the bundle Pagefind wrote (path inside it -> size), in order."""
    if not (bundle / "pagefind.js").is_file():
        raise RuntimeError(f"no pagefind.js in the bundle it wrote ({bundle})")
    found = listing(bundle)
    if any(size < 0 for size, _ in found.values()):
        raise RuntimeError(f"the bundle it wrote cannot be read ({bundle})")
    return {rel: size for rel, (size, _) in sorted(found.items())}


def _reusable(bundle: Path, source: str) -> SearchIndex | None:
    """The bundle already in the output folder, if it was made from these very pages."""
    try:
        stamp = json.loads((bundle / STAMP).read_bytes())
        if stamp.get("source") != source:
            return None
        sizes: dict[str, int] = stamp["files"]
        if any(".." in rel.split("/") or rel.startswith("/") for rel in sizes):
            return None  # never trust a path that leaves the bundle
        if any((bundle / rel).stat().st_size != size for rel, size in sizes.items()):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    index = SearchIndex(reused=True, pages=int(stamp.get("pages", 0)))
    index.copies = {f"{BUNDLE}/{rel}": bundle / rel for rel in sizes}
    index.files = {f"{BUNDLE}/{STAMP}": _stamp_bytes(stamp)}
    return index


def _stamp_bytes(stamp: dict) -> bytes:
    return (json.dumps(stamp, indent=1, sort_keys=True) + "\n").encode()


def _digest(pages: Mapping[str, bytes], version: str) -> str:
    h = hashlib.sha256(f"pagefind {version}\n".encode())
    for rel in sorted(pages):
        data = pages[rel]
        h.update(f"{rel}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _pagefind_version() -> str | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        if get_executable() is None:
            return None
    except OSError:  # pagefind_bin raises when its binary is missing
        return None
    versions = []
    for dist in ("pagefind", "pagefind_bin", "pagefind_bin_extended"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(versions) or "unknown"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    text = " ".join(str(a) for a in exc.args if a) if exc.args else ""
    return text or type(exc).__name__
