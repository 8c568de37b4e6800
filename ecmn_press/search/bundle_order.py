"""Put a Pagefind bundle's filters in a fixed order, so builds are reproducible.

Pagefind writes each filter's values, and the list of filters in its
metadata, in hash-map order, which changes from run to run; the file names,
being content hashes, change with them. Everything else it writes is stable.
Here the filter files are decoded (gzip around a signature and CBOR), their
values sorted, and the files renamed by a hash of the sorted content; the
metadata and the entry file are rewritten to point at them.

Anything not shaped as expected is left exactly as Pagefind wrote it: search
keeps working, only byte-identical output is lost for that build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

import cbor2

_SIGNATURE = b"pagefind_dcd"


def ordered(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (path inside it -> bytes) with its filters in a fixed order."""
    try:
        return _ordered(files)
    except (ValueError, KeyError, TypeError, IndexError, OSError, EOFError, cbor2.CBORDecodeError):
        return files


def _ordered(files: dict[str, bytes]) -> dict[str, bytes]:
    entry = json.loads(files["pagefind-entry.json"])
    result = dict(files)
    for language in entry["languages"].values():
        meta_path = f"pagefind.{language['hash']}.pf_meta"
        meta = _decode(files[meta_path])
        prefix = language["hash"].split("_", 1)[0]
        renamed = []
        for name, old_hash in sorted(meta[3], key=lambda pair: pair[0]):
            values = _decode(files[f"filter/{old_hash}.pf_filter"])
            values[1] = sorted(([value, sorted(pages)] for value, pages in values[1]), key=lambda v: v[0])
            data = _encode(values)
            new_hash = f"{prefix}_{_hash(data, 7)}"
            del result[f"filter/{old_hash}.pf_filter"]
            result[f"filter/{new_hash}.pf_filter"] = data
            renamed.append([name, new_hash])
        meta[3] = renamed
        data = _encode(meta)
        new_meta_hash = f"{prefix}_{_hash(data, 13)}"
        del result[meta_path]
        result[f"pagefind.{new_meta_hash}.pf_meta"] = data
        language["hash"] = new_meta_hash
    entry["languages"] = dict(sorted(entry["languages"].items()))  # Pagefind lists them in any order
    result["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return dict(sorted(result.items()))


def _decode(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind file")
    return cbor2.loads(raw[len(_SIGNATURE):])


def _encode(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)


def _hash(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]
