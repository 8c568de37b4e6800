"""Outputs known to be unchanged without even making their views.

The usual edit touches one body: the words of a story, not its front matter.
When everything but the bodies is as the last build left it (every file's
front matter, the file names, the settings, the theme, the images, the
program, what the clock holds back), a view can differ from last time's
only through a body it shows. So each output remembers which bodies its
view read (its own, and those of the cards it lists), and the next build
leaves an output alone, without making its view or key, when none of them
was edited. Anything else changed means ordinary output keys for everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.cache import Cache

Seen = dict[str, tuple[str, ...]]  # output path -> the content paths whose bodies its view read


@dataclass(frozen=True, slots=True)
class Since:
    """What changed since the last build, when it was only bodies."""

    edited: frozenset[str]  # content paths whose bodies differ from last time
    seen: Seen  # last build's record


@dataclass(slots=True)
class Record:
    structure: str  # a digest of everything but the bodies
    bodies: dict[str, str]  # content path -> the digest of what its body was rendered from
    seen: Seen = field(default_factory=dict)


def _key(output_dir: Path) -> str:
    return "since:" + str(output_dir.resolve())


def since(cache: Cache, output_dir: Path, structure: str, bodies: dict[str, str]) -> Since | None:
    """The bodies edited since the last build into output_dir, or None unless nothing else changed."""
    record: Any = cache.get_many([_key(output_dir)]).get(_key(output_dir))
    if (not structure or not isinstance(record, Record) or record.structure != structure
            or record.bodies.keys() != bodies.keys()):
        return None
    edited = frozenset(path for path, fingerprint in bodies.items() if record.bodies[path] != fingerprint)
    return Since(edited, record.seen)


def save(cache: Cache, output_dir: Path, structure: str, bodies: dict[str, str], seen: Seen,
         left: dict[str, tuple[int, int]]) -> None:
    cache.put_many({_key(output_dir): Record(structure, bodies, {p: s for p, s in seen.items() if p in left})})
