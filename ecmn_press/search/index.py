"""The search index: Pagefind run over the pages readers look for.

Pagefind reads HTML from disk, so the pages worth finding (issues,
articles, stories, teams, free pages; never home, lists or term pages) are
written to a scratch folder beside the output folder and indexed there by
one run of the Pagefind binary from its PyPI package, before anything is
written to the output. The bundle comes back as ordinary files under `pagefind/`, so
`output.write_site` moves it in with the pages: a failed index changes
nothing, and an index is never half-written.

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..content.plan import Plan
from ..core.diagnostics import Position, Report
from ..site.names import SEARCH_KINDS
from . import bundle_order

SEARCHABLE_KINDS = frozenset(SEARCH_KINDS)  # the kinds with a search label are the kinds indexed
BUNDLE = "pagefind"
STAMP = "ecmn-press-index.json"  # inside the bundle folder
WHERE = Position("(search index)")  # indexer failures belong to no content file


@dataclass(slots=True)
class SearchIndex:
    files: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes, new bundle
    copies: dict[str, Path] = field(default_factory=dict)  # output path -> file, bundle kept as it is
    pages: int = 0
    reused: bool = False


def searchable(plan: Plan) -> list[str]:
    """Output paths of the pages the index covers."""
    return [r.output for r in plan.routes if r.format == "html" and r.kind in SEARCHABLE_KINDS]


def build_index(
    pages: Mapping[str, bytes], output_dir: Path, report: Report,
    timeout: float | None = None, fingerprint: str | None = None,
) -> SearchIndex | None:
    """The bundle for `pages` (output path -> HTML), or None after reporting why not.

    `fingerprint`, when given, stands for the pages' content (the build's
    output keys), so an unchanged site is recognised without reading them.
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
    scratch = output_dir.parent / f".{output_dir.name}.ecmn-search-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    limit = timeout if timeout is not None else 60 + 0.1 * len(pages)
    try:
        site, bundle = scratch / "site", scratch / BUNDLE
        _write_pages(site, pages)
        count = _index_folder(site, bundle, limit)
        files = bundle_order.ordered(_read_bundle(bundle))
    except subprocess.TimeoutExpired:
        report.error(WHERE, f"Pagefind did not finish within {limit:.0f} s",
                     "build with --no-search to skip the index")
        return None
    except Exception as exc:  # noqa: BLE001 - the indexer's failures are reported, never a traceback
        report.error(WHERE, f"the search index could not be built: {_describe(exc)}",
                     "build with --no-search to skip the index")
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    sizes = {rel: len(data) for rel, data in sorted(files.items())}
    stamp = {"pagefind": version, "source": source, "pages": count, "files": sizes}
    index = SearchIndex(pages=count)
    index.files = {f"{BUNDLE}/{rel}": data for rel, data in files.items()}
    index.files[f"{BUNDLE}/{STAMP}"] = _stamp_bytes(stamp)
    return index


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


def _write_pages(site: Path, pages: Mapping[str, bytes]) -> None:
    made: set[Path] = set()
    for rel, data in pages.items():
        path = site / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
    site.mkdir(parents=True, exist_ok=True)  # an empty site still gets an (empty) index


def _read_bundle(bundle: Path) -> dict[str, bytes]:
    if not (bundle / "pagefind.js").is_file():
        raise RuntimeError(f"no pagefind.js in the bundle it wrote ({bundle})")
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes()
        for p in sorted(bundle.rglob("*")) if p.is_file()
    }


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
