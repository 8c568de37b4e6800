"""Every image the site uses: what it will be published as, known before any pixel is encoded.

`plan_all` asks the cache first: a file whose size, time and inode are
unchanged keeps its content digest without being read, and a digest already
processed with these settings keeps its result without being decoded, as
long as its files are still in the store. So a rebuild with unchanged images
reads and decodes none. Every other image is probed (its header only) and
planned: its published names follow its content digest and the settings,
never the encoded bytes, so pages can be rendered while `encoding.Encoding`
makes the files in worker processes, one image per task (decoded once for
all its variants).

`Library` is the result as the rest of the build sees it: what each image
became, by its URL path ('media/photos/ward.jpg').
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from ..core.cache import FORMAT, Cache, digest
from ..core.files import read_file
from ..core.workers import fork_map
from .make import CHANGED, Job, lasting, make
from .plan import plan
from .probe import Probed, Refused, probe
from .settings import MAX_FILE_BYTES, ImageSettings, declared_format, kind_of
from .store import Store
from .svgsize import svg_size
from .variants import Processed, Variant, output_path

# Bump when what an image becomes changes (the plan's sizes and formats, encoder
# options). The key it is part of names the published files, with the content's
# digest and the settings and nothing the encoder writes, so names are known
# before encoding; it must not follow the cache's FORMAT, which changes for
# reasons that leave every picture as it was.
ENCODING = 9


@dataclass(frozen=True, slots=True)
class Wanted:
    url_path: str  # 'media/photos/ward.jpg'
    source: Path  # the file, as the walk of the site found it
    mail: bool  # used by an issue: the e-mail edition needs a PNG or JPEG of it


@dataclass(slots=True)
class Library:
    base_path: str  # '/' or '/ecmn/'
    store: Store
    images: dict[str, Processed]  # url path -> what it became
    encode_seconds: float = 0.0  # wall time of this build's encoding, once done (0 when all came from the cache)
    encoded: int = 0  # images decoded and encoded by this build, once done
    _outputs: dict[str, str] | None = None  # variant output path -> image url path, made when asked

    def get(self, url_path: str) -> Processed | None:
        return self.images.get(url_path)

    def output(self, url_path: str, variant: Variant) -> str:
        return output_path(url_path, self.images[url_path].key, variant)

    def href(self, url_path: str, variant: Variant) -> str:
        return self.base_path + self.output(url_path, variant)

    def files(self) -> dict[str, str]:
        """Output path -> the cached file to publish there."""
        out: dict[str, str] = {}
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


@dataclass(slots=True)
class Planned:
    """What `plan_all` found: the library as pages see it, and the files still to make."""

    library: Library
    jobs: list[tuple[list[str], Job]]  # the url paths sharing an image's content and settings, and its job
    learned: dict[str, object]  # for the cache once the jobs are done: size, time and inode -> content digest, ...


def plan_all(wanted: list[Wanted], settings: ImageSettings, cache: Cache, store: Store, workers: int,
             encode: bool, base_path: str) -> Planned:
    """Each wanted image as it will be published, from the cache or from its header alone.

    Raster files still to make are left as jobs, to be made while pages are
    rendered; an SVG's e-mail picture is drawn now, since its height is known
    only once it is drawn (quick: about 40 ms each). `encode=False` only checks."""
    contents, headers, learned = _contents(wanted, cache)
    images: dict[str, Processed] = {}
    keys: dict[str, str] = {}
    for item in wanted:
        content = contents[item.url_path]
        if isinstance(content, Processed):  # unreadable
            images[item.url_path] = content
            continue
        keys[item.url_path] = digest("image", str(ENCODING), content, item.url_path.rsplit(".", 1)[-1].lower(),
                                     settings.fingerprint(), "mail" if item.mail else "")
    done = cache.get_many(list(keys.values())) if encode else {}
    jobs: dict[str, tuple[list[str], Job]] = {}  # by key: two files with the same bytes are made once
    for item in wanted:
        key = keys.get(item.url_path)
        if key is None:
            continue
        found = done.get(key)
        if found is None and encode and store.has(key):
            found = store.made(key)
            if isinstance(found, Processed):
                learned[key] = found
        if isinstance(found, Processed) and (found.problem or not found.files() or store.has(key)):
            images[item.url_path] = found
            continue
        if key in jobs:
            images[item.url_path] = jobs[key][1].planned
            jobs[key][0].append(item.url_path)
            continue
        content = str(contents[item.url_path])
        header = headers[item.url_path] if item.url_path in headers else _header_again(item, content)
        probed = header if isinstance(header, Probed) else None
        job = Job(str(item.source), content, _planned(header, item, key, settings), probed, encode, settings.quality,
                  str(store.root))
        images[item.url_path] = job.planned
        if job.planned.problem is None and (job.probed is not None or item.mail):
            jobs[key] = ([item.url_path], job)
        elif encode and lasting(job.planned):
            learned[key] = job.planned  # refused by its header, or an SVG only published as it is
    drawn = [(paths, job) for paths, job in jobs.values() if job.probed is None]
    for (paths, job), result in zip(drawn, fork_map(make, [job for _, job in drawn], workers, minimum=2)):
        images.update(dict.fromkeys(paths, result))
        if encode and lasting(result):
            learned[job.planned.key] = result
    later = [(paths, job) for paths, job in jobs.values() if job.probed is not None]
    # Largest first: the last image to finish, alone on one core while the others wait, is then a small one.
    later.sort(key=lambda pair: -(pair[1].planned.width or 0) * (pair[1].planned.height or 0))
    return Planned(Library(base_path, store, images), later, learned)


# What a file's first reading tells: its probed header, why it is refused, or an SVG's size.
_Header = Union[Probed, Refused, tuple[int, int], None]


def _contents(wanted: list[Wanted], cache: Cache) -> tuple[dict[str, str | Processed], dict[str, _Header],
                                                            dict[str, object]]:
    """Each file's content digest, from the cache when its size, time and inode are unchanged
    (or a Processed saying why it cannot be read); the header of each file read for it,
    while its bytes are at hand; and what was learned for the cache."""
    stats: dict[str, str] = {}
    for item in wanted:
        try:
            info = os.stat(item.source)
            stats[item.url_path] = digest("stat", str(item.source), str(info.st_size), str(info.st_mtime_ns),
                                          str(info.st_ino), str(FORMAT))
        except OSError:
            stats[item.url_path] = ""
    known = cache.get_many([k for k in stats.values() if k])
    contents: dict[str, str | Processed] = {}
    headers: dict[str, _Header] = {}
    learned: dict[str, object] = {}
    for item in wanted:
        stat_key = stats[item.url_path]
        content = known.get(stat_key)
        if content is None:
            data, why = read_file(item.source, MAX_FILE_BYTES)
            if data is None:
                contents[item.url_path] = Processed(kind_of(item.url_path) or "photo", "", problem=why)
                continue
            content = digest(data)
            headers[item.url_path] = _header(item, data)  # a millisecond; reading the file again would cost more
            if stat_key:
                learned[stat_key] = content
        contents[item.url_path] = str(content)
    return contents, headers, learned


def _header(item: Wanted, data: bytes) -> _Header:
    if kind_of(item.url_path) == "svg":
        return svg_size(data)
    try:
        return probe(data, declared_format(item.url_path))
    except Refused as exc:
        return exc


def _header_again(item: Wanted, content: str) -> _Header:
    """For a file whose digest came from the cache but whose files must be made again."""
    data, why = read_file(item.source, MAX_FILE_BYTES)
    if data is None or digest(data) != content:
        return Refused(why or CHANGED)
    return _header(item, data)


def _planned(header: _Header, item: Wanted, key: str, settings: ImageSettings) -> Processed:
    svg = kind_of(item.url_path) == "svg"
    if isinstance(header, Refused):
        return Processed("svg" if svg else "photo", key, problem=str(header))
    if isinstance(header, Probed):
        return plan(header, settings, item.mail, key)
    width, height = header or (None, None)
    return Processed("svg", key, width, height)
