"""One image's planned files made, in a worker: read again, decoded, encoded, stored in the build cache.

The plan was made from the file's header by the build's own process; the
file is read again here, and must still be the bytes the plan was made
from (an editor may save it meanwhile), since the cache key, and so the
published names, stand for those bytes. Whatever goes wrong with the
pixels is the image's problem, reported where it is used; never an
exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.cache import digest
from ..core.files import read_file
from .encode import encode_animation, encode_photo
from .probe import Probed, Refused, decode
from .rasterise import DrawError, draw_for_mail
from .settings import MAX_FILE_BYTES
from .store import Store
from .variants import Processed

CHANGED = "it was changed while the site was being built: build again"
_UNSTORED = "what it became cannot be written to the build cache"
# Problems of the moment, not of the file's bytes: never kept in the cache, so the next build tries again.
_MOMENTARY = (CHANGED, _UNSTORED, "cannot read the file")


@dataclass(frozen=True, slots=True)
class Job:
    source: str
    content: str  # digest of the bytes the plan was made from
    planned: Processed
    probed: Probed | None  # None: an SVG, drawn for the e-mail edition
    encode: bool  # False (check): decoded only, to find damage
    quality: int
    store: str  # the store's folder


def make(job: Job) -> Processed:
    planned = job.planned
    data, why = read_file(Path(job.source), MAX_FILE_BYTES)
    if data is None:
        return _refused(planned, why or "it cannot be read")
    if digest(data) != job.content:
        return _refused(planned, CHANGED)
    store = Store(Path(job.store))
    if job.probed is None:
        return _svg(planned, data, store)
    try:
        opened = decode(data, job.probed)
    except Refused as exc:
        return _refused(planned, str(exc))
    if not job.encode:
        return planned
    try:
        folder = store.begin(planned.key)
    except OSError as exc:
        return _refused(planned, _unstored(exc))
    try:
        if opened.frames:
            made = encode_animation(opened, planned, folder)
        else:
            made = encode_photo(opened, planned, job.quality, folder)
    except OSError as exc:  # the disk, not the picture
        store.abandon(folder)
        return _refused(planned, _unstored(exc))
    except Exception:  # noqa: BLE001 - an encoder refusing these pixels is the file's problem
        store.abandon(folder)
        return _refused(planned, "its pixels could not be encoded again")
    try:
        store.finish(planned.key, folder, made)
    except OSError as exc:
        return _refused(planned, _unstored(exc))
    return made


def _svg(planned: Processed, data: bytes, store: Store) -> Processed:
    size = (planned.width, planned.height) if planned.width and planned.height else None
    try:
        folder = store.begin(planned.key)
        try:
            mail = draw_for_mail(data, size, folder)
        except DrawError as exc:
            store.abandon(folder)
            return _refused(planned, f"it cannot be drawn for the e-mail edition: {exc}")
        made = Processed("svg", planned.key, planned.width, planned.height, (), mail)
        store.finish(planned.key, folder, made)
    except OSError as exc:
        return _refused(planned, _unstored(exc))
    return made


def lasting(done: Processed) -> bool:
    """Whether what became of an image may be kept in the cache under its key."""
    return done.problem is None or not done.problem.startswith(_MOMENTARY)


def _refused(planned: Processed, why: str) -> Processed:
    return Processed(planned.kind, planned.key, planned.width, planned.height, problem=why)


def _unstored(exc: OSError) -> str:
    return f"{_UNSTORED} ({exc.strerror or exc}); check the disk"
