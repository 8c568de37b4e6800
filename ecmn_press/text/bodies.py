"""The per-file stage: every published body rendered, every link checked,
every text scanned for patient identifiers.

Results are cached per file. A cached body is reused only if each link it
holds still resolves exactly as before (cheap: dictionary lookups), so a
renamed or deleted target re-renders just the files that point at it.
Cache misses are rendered in worker processes when there are many.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Iterator

from ..charts.figures import figure_ids
from ..content.config import BuildOptions
from ..content.plan import Plan
from ..content.relate import Site
from ..content.sources import SourceFile, Sources
from ..core.cache import FORMAT, Cache, digest
from ..core.diagnostics import Diagnostic, Position, Report, compact_pickle
from ..core.model import Document
from ..core.workers import fork_map
from . import identifiers
from .links import REFUSED, LinkResolver, LinkTable
from .markdown import EngineFault, Rendered, new_engine, render

Call = tuple[str, Position, bool, "str | None"]  # a link as written, where, is it a picture, what it became


@compact_pickle
@dataclass(frozen=True, slots=True)
class _Done:
    rendered: Rendered
    calls: tuple[Call, ...]
    identifier_warnings: tuple[Diagnostic, ...]


def published(site: Site) -> list[Document]:
    articles = [a for number in sorted(site.articles) for a in site.articles[number]]
    return [*site.issues, *articles, *site.stories, *site.teams.values(), *site.pages]


def link_table(site: Site, plan: Plan, sources: Sources, prefix: str = "", own: Plan | None = None) -> LinkTable:
    """What links may point at; `prefix` and `own` for the bodies of one language's translations,
    whose links lead to that language's pages."""
    pages = dict(plan.urls) | (own.urls if own is not None else {})
    return LinkTable(
        base_path=site.config.base_path,
        pages=pages,
        held={h.path: h.detail for h in site.held_back},
        media=frozenset(m.path for m in sources.media),
        files=frozenset(sources.all_paths),
        routes=frozenset(r.url for r in plan.routes),
        prefix=prefix,
    )


@dataclass(slots=True)
class Bodies:
    rendered: dict[str, Rendered]  # content path -> its body
    covers: dict[str, str]  # issue path -> cover image href
    # Content path -> a digest of what its body was rendered from: with the same link
    # targets (every file's name and front matter), the same digest means the same body.
    sources: dict[str, str]


def render_bodies(
    site: Site, plan: Plan, sources: Sources, options: BuildOptions, report: Report, cache: Cache,
    others: list[tuple[str, Site, Plan]] = (),  # type: ignore[assignment]
) -> Bodies:
    """Rendered bodies by content path, and issue cover hrefs by issue path.

    `others` are the site in other languages (folder prefix, site, plan): the
    bodies of their translations are rendered with links into their folder."""
    sanitize = site.config.raw_html == "sanitize"
    root = link_table(site, plan, sources)
    keys: dict[str, str] = {}
    bodies, anchors = _render(published(site), root, sources, sanitize, options, report, cache, keys)
    for prefix, other, own in others:
        docs = [d for d in published(other) if d.path not in bodies]
        table = link_table(site, plan, sources, prefix, own)
        # Their anchors are in the translated headings.
        done, _ = _render(docs, table, sources, sanitize, options, report, cache, keys)
        bodies.update(done)
    _check_anchors(anchors, bodies, _chart_ids(plan, bodies), report)
    return Bodies(bodies, _covers(site, root, report), keys)


def _render(docs: list[Document], table: LinkTable, sources: Sources, sanitize: bool, options: BuildOptions,
            report: Report, cache: Cache, keys: dict[str, str],
            ) -> tuple[dict[str, Rendered], list[tuple[str, str, Position]]]:
    files = {s.path: s for s in sources.files}
    keys.update({d.path: digest(str(FORMAT), d.path, files[d.path].digest, str(sanitize)) for d in docs})
    cached = cache.get_many(list(keys.values()), shared=True)
    # With the same link targets as the last build, a body's links resolve as they did then:
    # what they said and pointed at is in its record, and they need not be resolved again.
    name, table_key = f"links:{table.prefix}", table.digest()
    last = cache.get_many([name], shared=True).get(name)
    known: dict[str, _Checked] = last[1] if isinstance(last, tuple) and last[0] == table_key else {}
    checked: dict[str, _Checked] = {}
    bodies: dict[str, Rendered] = {}
    anchors: list[tuple[str, str, Position]] = []
    misses: list[str] = []
    for doc in docs:
        key = keys[doc.path]
        done = cached.get(key)
        before = known.get(doc.path)
        if done is None:
            outcome = None
        elif before is not None and before[0] == key:
            outcome = before
        else:
            outcome = _replay(done, table, doc.path, key)
        if outcome is None:
            # Only a body to render needs its file's text. It is decoded here, where a file found
            # changed since it was read is reported; workers read it from `files` as forked.
            files[doc.path].body  # noqa: B018 - the decoding is the point
            misses.append(doc.path)
            continue
        checked[doc.path] = outcome
        _collect(doc.path, done, outcome, bodies, anchors, report)
    made: dict[str, _Done] = {}
    blobs: dict[str, bytes] = {}
    for path, (blob, problems, targets) in zip(misses, _render_all(misses, files, table, sanitize, options.jobs)):
        key = keys[path]
        done = made[key] = pickle.loads(blob)
        blobs[key] = blob
        checked[path] = outcome = (key, problems, targets)
        _collect(path, done, outcome, bodies, anchors, report)
        if len(blobs) == _STORED_AT_ONCE:
            # Stored a few hundred at a time: all of them at once would be a tenth of the
            # build's memory, which the process keeps once it has grown to hold it.
            cache.put_many(made, shared=True, pickled=blobs, soon=True)
            made, blobs = {}, {}
    cache.put_many(made, shared=True, pickled=blobs, soon=True)
    if (table_key, checked) != last:
        cache.put_many({name: (table_key, checked)}, shared=True)
    return bodies, anchors


# A body's key, and what resolving its links said and which anchors they point at.
_Checked = tuple[str, tuple[Diagnostic, ...], tuple[tuple[str, str, Position], ...]]


def _replay(done: _Done, table: LinkTable, path: str, key: str) -> _Checked | None:
    """Resolve the file's links again; None if any now resolves differently."""
    resolver = LinkResolver(table, path)
    for href, position, image, result in done.calls:
        if resolver(href, position, image) != result:
            return None
    return key, tuple(resolver.report.items), tuple(resolver.targets)


def _collect(path, done: _Done, checked: _Checked, bodies, anchors, report: Report) -> None:
    bodies[path] = done.rendered
    report.extend(checked[1])
    report.extend(done.identifier_warnings)
    anchors.extend(checked[2])


# A rendered body pickled (for the cache, and as it comes back from a worker: pickled once,
# not once there and again here), with what resolving its links reported and pointed at.
_Fresh = tuple[bytes, tuple[Diagnostic, ...], tuple[tuple[str, str, Position], ...]]


_STORED_AT_ONCE = 256


def _render_all(paths: list[str], files: dict[str, SourceFile], table: LinkTable, sanitize: bool,
                workers: int) -> Iterator[_Fresh]:
    return fork_map(_Renderer(table, sanitize, files), paths, workers)


class _Renderer:
    def __init__(self, table: LinkTable, sanitize: bool, files: dict[str, SourceFile]) -> None:
        self.table, self.sanitize, self.md, self.files = table, sanitize, new_engine(), files

    def __call__(self, path: str) -> _Fresh:
        src = self.files[path]
        body = src.body
        resolver = LinkResolver(self.table, path)
        calls: list[Call] = []

        def resolve(href: str, position: Position, image: bool) -> str | None:
            result = resolver(href, position, image)
            calls.append((href, position, image, result))
            return result

        warnings = tuple(identifiers.scan(path, src.text))  # the whole file: lines as the editor sees them
        try:
            rendered = render(self.md, body, path, resolve, self.sanitize)
        except EngineFault as fault:
            problem = Diagnostic(
                Position(path, body.first_line), "error",
                f"the Markdown engine broke down on this text ({fault}); it is a fault of the engine, not of the text",
                "rewording the text around backticks or unusual characters usually avoids it; please report it",
            )
            done = _Done(Rendered("", "", (), len(body.text.split())), (), (problem, *warnings))
        else:
            done = _Done(rendered, tuple(calls), warnings)
        return pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL), tuple(resolver.report.items), tuple(resolver.targets)


def _heading_ids(body: Rendered) -> set[str]:
    return {heading_id for _, heading_id, _ in body.headings}


def _chart_ids(plan: Plan, bodies: dict[str, Rendered]) -> dict[str, set[str]]:
    """Story path -> the ids of its run-chart figures, which links may target."""
    return {path: set(figure_ids([slug for slug, _ in files], _heading_ids(bodies[path])))
            for path, files in plan.measure_files.items() if path in bodies}


def _check_anchors(anchors, bodies: dict[str, Rendered], charts: dict[str, set[str]],
                   report: Report) -> None:
    for target, anchor, position in anchors:
        if target not in bodies or anchor.startswith("fn"):
            continue  # footnote ids are made by the renderer, not by headings
        if anchor not in _heading_ids(bodies[target]) | charts.get(target, set()):
            what = "heading or run chart" if target in charts else "heading"
            report.warning(position, f"no {what} '#{anchor}' in {target}")


def _covers(site: Site, table: LinkTable, report: Report) -> dict[str, str]:
    covers = {}
    for issue in site.issues:
        if issue.cover is not None:
            resolver = LinkResolver(table, issue.path)
            found = resolver(issue.cover.value, issue.cover.position, True)
            if found != REFUSED:
                covers[issue.path] = found or issue.cover.value
            report.extend(resolver.report.items)
    return covers
