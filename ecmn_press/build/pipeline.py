"""The build, top to bottom: read, validate, relate, plan, render, write.

`check` is the same pipeline stopped before anything is written. Nothing
lives in module globals, so `serve` can call `build` again and again.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..content.config import BuildOptions, SiteConfig, load_config, theme_position
from ..content.languages import Languages, languages
from ..content.schema import to_documents
from ..content.sources import SourceChanged, Sources, read_settings_file, read_sources
from ..content.translations import translate
from ..core.background import LOST, Background, Done
from ..core.cache import Cache, Memory, digest
from ..core.diagnostics import Position, Report
from ..core.files import Listing, listing
from ..core.model import HeldBack
from ..mail import edition
from ..search.index import BUNDLE, PageFiles, SearchIndex, build_index, searchable
from ..site import feeds, kept, measures_csv, pages, since, sitemap
from ..site.context import Context, Producer
from ..site.templates import COMPILED_KEY, load_theme, theme_words
from ..text.bodies import render_bodies
from . import unchanged
from .fanout import Early, Outcome, produce_all, settle
from .media import Media, finish_media, prepare_media
from .output import OutputBusy, Staging, WriteStats, output_lock

# Each producer turns the linked site into files; adding an output is one line.
PRODUCERS: list[Producer] = [
    pages.PRODUCER, feeds.PRODUCER, edition.PRODUCER, sitemap.PRODUCER, measures_csv.PRODUCER,
]

Progress = Callable[[str], None]
# The digests of the files read without a problem (they are not decoded again), and what was read
# of each file with its status (a file with the same status is not read again): see content.sources.
_READ_KEY = "read-files"
ONLY_MULTILINGUAL = {"languages.css", "pagefind-languages/pagefind.js"}  # a one-language site does not publish these


@dataclass(slots=True)
class BuildResult:
    report: Report
    held_back: list[HeldBack] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    written: WriteStats | None = None
    index: SearchIndex | None = None  # None: no index was built (--no-search, check)
    timings: dict[str, float] = field(default_factory=dict)
    left: dict[str, tuple[int, int]] = field(default_factory=dict)  # output path -> size, time, once written
    notes: list[str] = field(default_factory=list)  # lines for the build summary
    images_encoded: int = 0  # images decoded and encoded by this build (0: all from the cache)
    # The build's own data, handed back unread so that it is taken apart when the
    # caller drops the result, or never, by a process that ends (cli._leave).
    held: object = None
    # Outputs this build rendered (not kept from the last one without rendering), whether or not
    # their bytes changed: what an edit cost, for tests and --timings.
    rendered: list[str] = field(default_factory=list)
    searchable: list[str] = field(default_factory=list)  # output paths an index covers (empty when replayed)

    def failed(self, strict: bool = False) -> bool:
        return self.report.has_errors(strict)


@dataclass(slots=True)
class _Clock:
    timings: dict[str, float]
    progress: Progress | None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.progress:
            self.progress(name)
        start = time.perf_counter()
        yield
        # A site in several languages passes each producer's stage once per language: the times add up.
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def read_settings(site_dir: Path) -> tuple[SiteConfig | None, Report]:
    """Only content/site.yaml, for front ends that need the base path first."""
    report = Report()
    return load_config(read_settings_file(site_dir, report), report), report


def check(site_dir: Path, options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    return build(site_dir, None, options, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    # A build makes millions of short-lived, acyclic objects (tokens, nodes);
    # the cyclic collector's repeated passes over them cost a third of the
    # reading time at 5,000 files and free nothing. Collection resumes after the build.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(
    site_dir: Path, output_dir: Path | None, options: BuildOptions, progress: Progress | None = None,
    early: Early | None = None, memory: Memory | None = None, recheck: bool = False,
) -> BuildResult:
    """Build the site into output_dir (None: validate only, write nothing).

    `early` (serve) names outputs of the default language to make before the rest;
    `memory` (serve) keeps read documents and bodies from one build to the next;
    `recheck` builds even when the last build's record says nothing changed.
    """
    inputs = None
    if output_dir is not None and options.cache:
        # Taken before anything is read, so an edit made during the build is seen next time.
        started = time.perf_counter()
        inputs = unchanged.inputs_digest(site_dir, options)
        with Cache(site_dir) as cache:
            record = unchanged.load(cache, output_dir)
        if not recheck and record is not None and unchanged.still_valid(record, inputs, options.now, output_dir):
            return _replayed(record, time.perf_counter() - started)
    try:
        locked = output_lock(output_dir) if output_dir is not None else nullcontext()
        with _collector_paused(), locked, _listing(output_dir, options.jobs) as lister:
            return _build(site_dir, output_dir, options, progress, inputs, early, memory, lister)
    except SourceChanged as exc:
        result = BuildResult(Report())
        result.report.error(Position(exc.path), "the file changed while the site was being built",
                            "build again")
        return result
    except OutputBusy:
        result = BuildResult(Report())
        result.report.error(Position(str(output_dir)), "another ecmn-press build is writing to this output folder",
                            "wait for it to finish, or build into another folder with --output")
        return result


@contextmanager
def _listing(output_dir: Path | None, workers: int) -> Iterator[Background | None]:
    """The output folder's listing, taken by a process of its own while this one reads
    the site: at 5,000 items, 7,000 folders and a tenth to half a second of file-system work."""
    if output_dir is None or not output_dir.is_dir():
        yield None
        return
    lister = Background(listing, [output_dir], workers)
    try:
        yield lister
    finally:
        lister.stop()


def _listed(lister: Background | None, output_dir: Path) -> Listing:
    done = lister.wait()[0] if lister is not None else LOST
    return done.result if isinstance(done, Done) else listing(output_dir)


def _replayed(record: unchanged.Record, seconds: float) -> BuildResult:
    """What the last build said, for a build that would write the same files."""
    report = Report()
    report.extend(record.diagnostics)
    index = None if record.index_pages is None else SearchIndex(pages=record.index_pages, reused=True)
    return BuildResult(report, list(record.held_back), record.pages, record.files,
                       WriteStats(0, len(record.outputs), 0), index, {"unchanged": seconds}, notes=list(record.notes))


def _build(site_dir: Path, output_dir: Path | None, options: BuildOptions, progress: Progress | None,
           inputs: str | None, early: Early | None = None, memory: Memory | None = None,
           lister: Background | None = None) -> BuildResult:
    result = BuildResult(Report())
    report = result.report
    clock = _Clock(result.timings, progress)
    with Cache(site_dir, enabled=options.cache and output_dir is not None, memory=memory) as cache:
        with clock.stage("read"):
            last = cache.get_many([_READ_KEY], shared=True).get(_READ_KEY)
            clean, seen = last if isinstance(last, tuple) and len(last) == 2 else (None, None)
            sources = read_sources(site_dir, report, memory.files if memory is not None else None, clean, seen)
            if (sources.clean, sources.seen) != last:
                cache.put_many({_READ_KEY: (sources.clean, sources.seen)}, shared=True)
            config = load_config(sources.settings, report, options.base_url)
        if config is None:
            return result
        with clock.stage("validate"):
            docs = to_documents(sources.files, config, report, cache)
            langs = languages(docs, translate(docs, sources.files, config, options, report), config, options, report)
            site, plan = langs.default.site, langs.default.plan
            result.held_back = site.held_back
        with clock.stage("markdown"):
            others = [(e.config.prefix, e.site, e.plan) for e in langs.editions[1:]]
            rendered = render_bodies(site, plan, sources, options, report, cache, others)
            covers = rendered.covers
            _translated_covers(langs, covers)
        with clock.stage("images"):
            media = prepare_media(site, sources, rendered.rendered, covers, cache, options.jobs, output_dir is not None,
                                  report, also=[e.site for e in langs.editions[1:]])
        result.timings["encoding"] = 0.0  # its place in --timings; measured once the encoding is finished
        theme = load_theme(site_dir, config.theme, theme_position(sources.settings), report)
        compiled = theme.files.compiled
        compiled.stored = cache.get_many([COMPILED_KEY]).get(COMPILED_KEY) or {}
        found = _listed(lister, output_dir) if output_dir is not None else {}
        previous = kept.trusted(cache, output_dir, found) if output_dir is not None else {}
        made: dict[str, str] = {}
        seen: since.Seen = {}
        contexts = [
            Context(e.site, e.plan, media.bodies, covers, theme, options, report, media.library, previous,
                    made_keys=made, seen=seen, memo=cache, languages=langs,
                    words=theme_words(theme, e.code, report, warn=langs.many))
            for e in langs.editions
        ]
        result.held = (sources, docs, langs, rendered, covers, media, contexts)
        structure = None
        if inputs is not None and output_dir is not None:
            structure = _structure(sources, langs, media, covers, contexts, options)
            edited = since.since(cache, output_dir, structure, rendered.sources) if structure else None
            for ctx in contexts:
                ctx.since = edited
        staging = Staging(output_dir) if output_dir is not None else None
        try:
            outcome: Outcome = {}
            for ctx in contexts:
                first = early if ctx is contexts[0] else None
                outcome.update(produce_all(ctx, PRODUCERS, options.jobs, clock.stage, staging, first))
            with clock.stage("wait"):  # for the images encoded alongside; their errors fail the build here
                finish_media(media, report)
            result.timings["encoding"] = media.library.encode_seconds
            result.images_encoded, result.notes = media.library.encoded, media.notes
            result.pages = sum(1 for c in contexts for r in c.plan.routes if r.format == "html")
            result.rendered = sorted(path for path, what in outcome.items() if what != "kept")
            if staging is None or output_dir is None or result.failed(options.strict):
                return result
            static = {rel: path for rel, path in theme.static.items() if langs.many or rel not in ONLY_MULTILINGUAL}
            _finish(result, contexts, outcome, staging, output_dir, cache, media, static, clock, found)
            if inputs is not None and result.written is not None:
                # Also when the structure could not be told: the record must never outlive the output it was of.
                since.save(cache, output_dir, structure or "", rendered.sources, seen, result.left)
            if compiled.fresh and result.written is not None:
                cache.put_many({COMPILED_KEY: compiled.stored})
            if inputs is not None and result.written is not None:
                _remember(cache, output_dir, inputs, result, docs, options)
        finally:
            if staging is not None:
                staging.discard()
            media.close()
    return result


def _structure(sources: Sources, langs: Languages, media: Media, covers: dict[str, str], contexts: list[Context],
               options: BuildOptions) -> str | None:
    """A digest of everything a view is made from but the bodies (see `site.since`);
    None when it cannot be told."""
    parts = [unchanged.program(), unchanged.asked(options), *sorted(sources.all_paths)]
    parts += [f"{c.shared}\0{c.site_view_key}" for c in contexts]
    parts += [f"{s.path}\0{s.front_matter_digest}" for s in sources.files]
    now = options.now
    for e in langs.editions:
        parts += [f"held\0{h.path}\0{h.reason}\0{h.detail}" for h in e.site.held_back]
        parts += [f"scheduled\0{d.path}" for d in (*e.site.issues, *e.site.items)
                  if d.when is not None and d.when.instant > now]
    parts += [f"cover\0{path}\0{href}" for path, href in sorted(covers.items())]
    # The settings and catalogues are in `shared`; the templates are each output's own, so not.
    theme = contexts[0].theme
    templates = kept.output_key(theme.files.contents(theme)[0])
    # Pages are planned from image headers: a variant's size in bytes, known once encoded, is in none.
    parts += [repr((path, done.kind, done.key, done.width, done.height, done.problem,
                    [(v.name, v.width, v.height, v.format) for v in done.variants],
                    (done.mail.name, done.mail.width, done.mail.height) if done.mail else None))
              for path, done in sorted(media.library.images.items())]
    if templates is None or not all(c.shared for c in contexts):
        return None
    return digest(*parts, templates)


def _translated_covers(langs: Languages, covers: dict[str, str]) -> None:
    """A translated issue has its original's cover."""
    for edition in langs.editions[1:]:
        for issue in edition.site.issues:
            original = langs.translations.original_of.get(issue.path, issue.path)
            if original in covers:
                covers[issue.path] = covers[original]


def _finish(result: BuildResult, contexts: list[Context], outcome: Outcome, staging: Staging, output_dir: Path,
            cache: Cache, media: Media, static: dict[str, Path], clock: _Clock, found: Listing) -> None:
    """Index the pages (before anything is moved in, so a failing indexer leaves the
    old site whole), then move this build's files into the output folder."""
    ctx = contexts[0]
    options = ctx.options
    copies = dict(media.copies)
    copies.update({f"assets/{rel}": path for rel, path in static.items()})
    if options.search:
        pages = [p for c in contexts for p in searchable(c.plan) if p in outcome]
        result.searchable = pages
    if options.search and options.index_search:  # else the caller indexes the written pages (serve)
        with clock.stage("search"):
            indexed = _Pages(staging, pages)
            keys = [ctx.made_keys.get(path) for path in indexed]
            fingerprint = digest(*(f"{p}\0{k}" for p, k in zip(indexed, keys))) if all(keys) else None
            # Pagefind writes its bundle into the staging folder, to be moved in with the pages.
            index = build_index(indexed, output_dir, ctx.report, staging.root / BUNDLE, fingerprint=fingerprint)
            if index is None:
                return
            outcome.update(settle(index.files, staging))
            for rel in index.made:
                path = f"{BUNDLE}/{rel}"
                outcome[path] = "staged" if staging.adopt(path) else "unchanged"
        copies.update(index.copies)
        result.index = index
    with clock.stage("write"):
        result.files = len(outcome) + len(copies)
        staged = {path for path, what in outcome.items() if what == "staged"}
        result.written, result.left = staging.commit(staged, set(outcome) - staged, copies, found)
        kept.save(cache, output_dir, ctx.made_keys, result.left)
        if ctx.since is None:  # else the cards of unchanged lists were not even looked up, yet are still good
            cache.keep_only_used()
        if not media.library.store.temporary:
            media.library.store.prune(media.library.keys())


def _remember(cache: Cache, output_dir: Path, inputs: str, result: BuildResult, docs, options: BuildOptions) -> None:
    moments = [d.when.instant for group in (docs.issues, docs.articles, docs.stories)
               for d in group if d.when is not None]
    record = unchanged.Record(
        inputs, unchanged.horizon(moments, options.now), tuple(result.report.items), tuple(result.held_back),
        result.pages, result.files, result.index.pages if result.index is not None else None, result.left,
        tuple(result.notes),
    )
    unchanged.save(cache, output_dir, record)


class _Pages(PageFiles):
    """The indexed pages: this build's files, staged or kept in the output folder."""

    def __init__(self, staging: Staging, paths: list[str]) -> None:
        self._staging, self._paths = staging, paths

    def file(self, path: str) -> Path:
        return self._staging.file(path)

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
