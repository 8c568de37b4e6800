"""Put a Pagefind bundle's filters in a fixed order, so builds are reproducible.

Pagefind writes each filter's values, and the list of filters in its
metadata, in hash-map order, which changes from run to run; the file names,
being content hashes, change with them. Everything else it writes is stable.
Here the filter files are decoded (gzip around a signature and CBOR), their
values sorted, and the files renamed by a hash of the sorted content; the
metadata and the entry file are rewritten to point at them. Only those few
files are read, so a bundle on disk is put in order without reading the
thousands of others (`order_folder`).

Anything not shaped as expected is left exactly as Pagefind wrote it: search
keeps working, only byte-identical output is lost for that build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cbor2

_SIGNATURE = b"pagefind_dcd"
# What a bundle not shaped as expected raises while it is read and decoded.
_EXPECTED = (ValueError, KeyError, TypeError, IndexError, OSError, EOFError, cbor2.CBORDecodeError)


def ordered(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (path inside it -> bytes) with its filters in a fixed order."""
    try:
        written, removed = changes(files.__getitem__)
    except _EXPECTED:
        return files
    result = {rel: data for rel, data in files.items() if rel not in removed}
    result.update(written)
    return dict(sorted(result.items()))


def order_folder(bundle: Path) -> None:
    """Put the bundle in the folder `bundle` in a fixed order, in place.

    Every change is worked out before the first file is touched, so a bundle
    not shaped as expected is left whole; an error while writing is the
    caller's (it discards the folder).
    """
    try:
        written, removed = changes(lambda rel: (bundle / rel).read_bytes())
    except _EXPECTED:
        return
    for rel in removed:
        (bundle / rel).unlink()
    for rel, data in written.items():
        (bundle / rel).write_bytes(data)


def changes(read: Callable[[str], bytes]) -> tuple[dict[str, bytes], set[str]]:
    """What ordering changes in the bundle `read` gives files of (by path inside it):
    the files to write, and the files to remove."""
    entry = json.loads(read("pagefind-entry.json"))
    written: dict[str, bytes] = {}
    removed: set[str] = set()
    for language in entry["languages"].values():
        meta_path = f"pagefind.{language['hash']}.pf_meta"
        meta = _decode(read(meta_path))
        prefix = language["hash"].split("_", 1)[0]
        renamed = []
        for name, old_hash in sorted(meta[3], key=lambda pair: pair[0]):
            values = _decode(read(f"filter/{old_hash}.pf_filter"))
            values[1] = sorted(([value, sorted(pages)] for value, pages in values[1]), key=lambda v: v[0])
            data = _encode(values)
            new_hash = f"{prefix}_{_hash(data, 7)}"
            removed.add(f"filter/{old_hash}.pf_filter")
            written[f"filter/{new_hash}.pf_filter"] = data
            renamed.append([name, new_hash])
        meta[3] = renamed
        data = _encode(meta)
        new_meta_hash = f"{prefix}_{_hash(data, 13)}"
        removed.add(meta_path)
        written[f"pagefind.{new_meta_hash}.pf_meta"] = data
        language["hash"] = new_meta_hash
    entry["languages"] = dict(sorted(entry["languages"].items()))  # Pagefind lists them in any order
    written["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return written, removed - written.keys()  # a new name may be an old one: written, not removed


def _decode(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind file")
    return cbor2.loads(raw[len(_SIGNATURE):])


def _encode(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)


def _hash(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]
