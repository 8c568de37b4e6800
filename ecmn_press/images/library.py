"""Every image the site uses, processed once per content and settings, cached, in parallel.

`process_all` asks the cache first: a file whose size, time and inode are
unchanged keeps its content digest without being read, and a digest already
processed with these settings keeps its result without being decoded, as
long as its files are still in the store. So a rebuild with unchanged images
reads and decodes none. The rest are shared among worker processes, one
image per task (decoded once for all its variants).

`Library` is the result as the rest of the build sees it: what each image
became, by its URL path ('media/photos/ward.jpg').
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.cache import FORMAT, Cache, digest
from ..core.files import read_file
from ..core.workers import fork_map
from .encode import encode_animation, encode_photo
from .probe import Refused, open_image
from .rasterise import DrawError, draw_for_mail
from .settings import MAX_FILE_BYTES, ImageSettings, declared_format, kind_of
from .store import Store
from .svgsize import svg_size
from .variants import Processed, Variant, output_path

# Bump when what an image becomes changes (sizes, encoder options). The key it
# is part of names the published files, so it must not follow the cache's FORMAT,
# which changes for reasons that leave every picture as it was.
ENCODING = 9


@dataclass(frozen=True, slots=True)
class Wanted:
    url_path: str  # 'media/photos/ward.jpg'
    source: Path  # the file, as the walk of the site found it
    mail: bool  # used by an issue: the e-mail edition needs a PNG or JPEG of it


@dataclass(frozen=True, slots=True)
class _Job:
    source: str
    kind: str
    declared: str
    mail: bool
    key: str
    encode: bool
    settings: ImageSettings
    store: str


@dataclass(slots=True)
class Library:
    base_path: str  # '/' or '/ecmn/'
    store: Store
    images: dict[str, Processed]  # url path -> what it became
    encode_seconds: float = 0.0  # wall time of this build's encoding (0 when all came from the cache)
    encoded: int = 0  # images decoded and encoded by this build
    _outputs: dict[str, str] | None = None  # variant output path -> image url path, made when asked

    def get(self, url_path: str) -> Processed | None:
        return self.images.get(url_path)

    def output(self, url_path: str, variant: Variant) -> str:
        return output_path(url_path, self.images[url_path].key, variant)

    def href(self, url_path: str, variant: Variant) -> str:
        return self.base_path + self.output(url_path, variant)

    def files(self) -> dict[str, Path]:
        """Output path -> the cached file to publish there."""
        out: dict[str, Path] = {}
        for url_path, done in self.images.items():
            if done.problem is None:
                for variant in done.files():
                    out[self.output(url_path, variant)] = self.store.path(done.key, variant.name)
        return out

    def source_of(self, rel: str) -> str | None:
        """The image a URL path stands for: itself, or the original of a variant's output path."""
        if rel in self.images:
            return rel
        if self._outputs is None:
            self._outputs = {}
            for url_path, done in self.images.items():
                if done.problem is None:
                    for variant in done.files():
                        self._outputs[self.output(url_path, variant)] = url_path
        return self._outputs.get(rel)

    def keys(self) -> set[str]:
        return {done.key for done in self.images.values()}


def process_all(wanted: list[Wanted], settings: ImageSettings, cache: Cache, store: Store, workers: int,
                encode: bool, base_path: str) -> Library:
    """Each wanted image processed (from the cache where it can be); `encode=False` only checks them."""
    stats: dict[str, tuple[str, os.stat_result | None]] = {}
    for item in wanted:
        try:
            info = os.stat(item.source)
            stats[item.url_path] = (digest("stat", str(item.source), str(info.st_size), str(info.st_mtime_ns),
                                           str(info.st_ino), str(FORMAT)), info)
        except OSError:
            stats[item.url_path] = ("", None)
    known = cache.get_many([k for k, _ in stats.values() if k])
    images: dict[str, Processed] = {}
    keys: dict[str, str] = {}
    learned: dict[str, object] = {}
    for item in wanted:
        stat_key, _ = stats[item.url_path]
        content = known.get(stat_key)
        if content is None:
            data, why = read_file(item.source, MAX_FILE_BYTES)
            if data is None:
                images[item.url_path] = Processed(kind_of(item.url_path) or "photo", "", problem=why)
                continue
            content = digest(data)
            if stat_key:
                learned[stat_key] = content
        keys[item.url_path] = digest("image", str(ENCODING), str(content), item.url_path.rsplit(".", 1)[-1].lower(),
                                     settings.fingerprint(), "mail" if item.mail else "")
    done = cache.get_many(list(keys.values())) if encode else {}
    jobs: list[tuple[str, _Job]] = []
    for item in wanted:
        key = keys.get(item.url_path)
        if key is None:
            continue
        found = done.get(key)
        if isinstance(found, Processed) and (found.problem or not found.files() or store.has(key)):
            images[item.url_path] = found
            continue
        kind = kind_of(item.url_path) or "photo"
        declared = declared_format(item.url_path) if kind == "raster" else ""
        jobs.append((item.url_path, _Job(str(item.source), kind, declared, item.mail, key, encode, settings,
                                         str(store.root))))
    started = time.perf_counter()
    results = fork_map(_work, [job for _, job in jobs], workers, minimum=2)
    seconds = time.perf_counter() - started if jobs else 0.0
    for (url_path, _), result in zip(jobs, results):
        images[url_path] = result
    if encode:
        learned.update({job.key: result for (_, job), result in zip(jobs, results)})
        cache.put_many(learned)  # type: ignore[arg-type]
    return Library(base_path, store, images, seconds, len(jobs))


def _work(job: _Job) -> Processed:
    kind = "svg" if job.kind == "svg" else "photo"
    data, why = read_file(Path(job.source), MAX_FILE_BYTES)
    if data is None:
        return Processed(kind, job.key, problem=why)
    store = Store(Path(job.store))
    if job.kind == "svg":
        return _svg(job, data, store)
    try:
        opened = open_image(data, job.declared)
    except Refused as exc:
        return Processed(kind, job.key, problem=str(exc))
    width, height = opened.image.size
    kind = "animation" if opened.frames else "photo"
    if not job.encode:
        return Processed(kind, job.key, width, height)
    try:
        folder = store.begin(job.key)
    except OSError as exc:
        return Processed(kind, job.key, width, height, problem=_unstored(exc))
    try:
        if opened.frames:
            variants, mail = encode_animation(opened, job.mail, folder)
        else:
            variants, mail = encode_photo(opened, job.settings, job.mail, folder)
    except OSError as exc:  # the disk, not the picture
        store.abandon(folder)
        return Processed(kind, job.key, width, height, problem=_unstored(exc))
    except Exception:  # noqa: BLE001 - an encoder refusing these pixels is the file's problem
        store.abandon(folder)
        return Processed(kind, job.key, width, height, problem="its pixels could not be encoded again")
    try:
        store.finish(job.key, folder)
    except OSError as exc:
        return Processed(kind, job.key, width, height, problem=_unstored(exc))
    return Processed(kind, job.key, width, height, tuple(variants), mail)


def _svg(job: _Job, data: bytes, store: Store) -> Processed:
    size = svg_size(data)
    width, height = size if size else (None, None)
    if not job.mail:
        return Processed("svg", job.key, width, height)
    try:
        folder = store.begin(job.key)
        try:
            mail = draw_for_mail(data, size, folder)
        except DrawError as exc:
            store.abandon(folder)
            return Processed("svg", job.key, width, height, problem=f"it cannot be drawn for the e-mail edition: {exc}")
        store.finish(job.key, folder)
    except OSError as exc:
        return Processed("svg", job.key, width, height, problem=_unstored(exc))
    return Processed("svg", job.key, width, height, (), mail)


def _unstored(exc: OSError) -> str:
    return f"what it became cannot be written to the build cache ({exc.strerror or exc}); check the disk"
