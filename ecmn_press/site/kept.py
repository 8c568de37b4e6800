"""Outputs kept from the last build when nothing that shapes them changed.

Each output a producer makes gets a key: a digest of everything it is made
from (its view or selection, the theme's templates, the site settings). The
build cache keeps a manifest of output path -> (key, size, modification
time) for the output folder. Next time, a producer that computes the same
key for a file whose size and time are as recorded leaves that file alone
instead of rendering it. A file changed by hand, a missing manifest or an
unreadable input simply means the output is made again.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from ..core.cache import Cache, digest


class Kept:
    """Stands for an output left as it is in the output folder."""

    def __repr__(self) -> str:
        return "KEEP"

    def __reduce__(self) -> str:
        # From a worker process it must come back as the one KEEP, not a copy.
        return "KEEP"


KEEP = Kept()
_Entry = tuple[str, int, int]  # key, size, modification time (ns)


class Digested(dict):
    """A part of many views (an item's card, on a dozen lists) whose digest,
    once known, stands for it in every output key, so it is pickled once."""

    __slots__ = ("digest",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.digest: str | None = None


def _by_digest(digest_: str) -> str:
    return digest_


class _KeyPickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Digested and obj.digest is not None:
            return _by_digest, (obj.digest,)
        return NotImplemented


def output_key(*inputs: Any) -> str | None:
    """A digest of the inputs, or None when they cannot be pickled (never reuse then)."""
    try:
        return digest(*(_pickled(part) for part in inputs))
    except Exception:  # noqa: BLE001 - an unpicklable input only costs a render
        return None


def _pickled(part: Any) -> bytes:
    buffer = io.BytesIO()
    _KeyPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(part)
    return buffer.getvalue()


def _manifest_key(output_dir: Path) -> str:
    return "outputs:" + str(output_dir.resolve())


def trusted(cache: Cache, output_dir: Path, found: dict[str, tuple[int, int]]) -> dict[str, _Entry]:
    """Last build's entries whose files (found: path -> size, time) are as that build left them."""
    manifest = cache.get_many([_manifest_key(output_dir)]).get(_manifest_key(output_dir))
    if not isinstance(manifest, dict):
        return {}
    return {path: entry for path, entry in manifest.items() if found.get(path) == entry[1:]}


def save(cache: Cache, output_dir: Path, keys: dict[str, str], left: dict[str, tuple[int, int]]) -> None:
    """Remember each made output's key with the size and time its file was left with."""
    entries = {path: (key, *left[path]) for path, key in keys.items() if path in left}
    cache.put_many({_manifest_key(output_dir): entries})
