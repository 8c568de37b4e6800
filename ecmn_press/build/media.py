"""The media stage: which media files the site uses, made into what readers get.

Every image a published body or cover uses (a Markdown picture, a link, raw
HTML) is planned by `images/` from its header (variants, e-mail pictures,
checks), and bodies get their `<picture>` markup at once; the files
themselves are encoded in the background while pages are rendered, and
`finish_media` waits for them before anything is committed. Each problem,
found by the header or only by the encoder, is an error at every place the
image is used, and a Markdown picture with no alt text is a warning where
it is written. What is published from `content/media/`: every
file that is not a raster image, as it is (SVG, PDF, ...); for raster
images the variants of those the site uses, and the originals only with
`images: {publish_originals: true}`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..content.relate import Site
from ..content.sources import Sources
from ..core.cache import Cache
from ..core.diagnostics import Position, Report
from ..images.encoding import Encoding
from ..images.library import Library, Wanted, plan_all
from ..images.markup import pictures, url_path
from ..images.settings import kind_of
from ..images.store import Store
from ..text.markdown import Rendered

MAIL_NOTE_BYTES = 1_000_000  # an edition whose pictures weigh more is named in the build summary
_NO_ALT = ("describe what it shows between the brackets, ![like this](photo.jpg), or in alt=\"...\" "
           'in HTML; a purely decorative image may be written <img src="..." alt="">')


@dataclass(slots=True)
class Media:
    library: Library
    bodies: Mapping[str, Rendered]  # with <picture> markup
    copies: dict[str, str | Path]  # output path -> file to publish there
    encoding: Encoding  # the files still being made
    used: dict[str, list[Position]]  # image url path -> where the site uses it
    sources: dict[str, str]  # image url path -> its file, as the editor names it
    count_notes: Callable[[Library], list[str]]
    notes: list[str] = field(default_factory=list)  # for the build summary, once finished

    def close(self) -> None:
        self.encoding.stop()
        self.library.store.close()


def finish_media(media: Media, report: Report) -> None:
    """Wait for the images being encoded; each found damaged only now is an error at every place it is used."""
    damaged = media.encoding.finish()
    _report(media.library, sorted(damaged), media.used, media.sources, report)
    media.notes = media.count_notes(media.library)


def prepare_media(site: Site, sources: Sources, bodies: dict[str, Rendered], covers: dict[str, str],
                  cache: Cache, workers: int, encode: bool, report: Report, also: list[Site] = ()) -> Media:
    """`also`: the site in each other language, whose issues have e-mail editions too."""
    config = site.config
    base = config.base_path
    settings = config.images
    files = {m.url_path: m for m in sources.media}
    prefix = base + "media/"
    media_urls = _media_urls(prefix)
    sites = [site, *also]
    in_issues = {i.path for s in sites for i in s.issues} | {
        a.path for s in sites for arts in s.articles.values() for a in arts}
    used: dict[str, list[Position]] = {}
    mail: set[str] = set()
    for path, body in bodies.items():
        written: dict[str, list[Position]] = {}
        for href, position, alt in body.images:
            if not alt.strip():
                report.warning(position, "picture has no alt text", _NO_ALT)
            found = url_path(href, base)
            if found is not None:
                written.setdefault(found, []).append(position)
        for found in dict.fromkeys(url_path(href, base) for href in media_urls(body.html)):
            if found is None or found not in files or kind_of(found) is None:
                continue
            places = used.setdefault(found, [])
            places.extend(p for p in written.get(found) or [Position(path)] if p not in places)
            if path in in_issues:
                mail.add(found)
    for issue in {i.path: i for s in sites for i in s.issues}.values():
        found = url_path(covers.get(issue.path, ""), base)
        if found is not None and found in files and kind_of(found) is not None and issue.cover is not None:
            used.setdefault(found, []).append(issue.cover.position)
            mail.add(found)
    store = Store(cache.files / "images" if cache.files else None)
    wanted = [Wanted(u, files[u].source, u in mail) for u in sorted(used)]
    planned = plan_all(wanted, settings, cache, store, workers, encode, base)
    library = planned.library
    sources = {u: files[u].path for u in used}
    _report(library, list(library.images), used, sources, report)
    # Started before the pages are rendered, and before their workers are forked: see core/background.
    encoding = Encoding(planned, cache, workers, encode)
    originals = settings.publish_originals
    rewritten = _Pictured(bodies, library, originals)
    copies = {u: m.source for u, m in files.items() if kind_of(u) != "raster" or originals}
    copies.update(library.files())
    return Media(library, rewritten, copies, encoding, used, sources,
                 lambda made: _mail_notes(site, bodies, covers, made, media_urls))


def _report(library: Library, paths: list[str], used: dict[str, list[Position]], sources: dict[str, str],
            report: Report) -> None:
    for found in paths:
        done = library.images[found]
        if done.problem:
            for position in used[found]:
                report.error(position, f"image {sources[found]} cannot be published: {done.problem}")


class _Pictured(Mapping[str, Rendered]):
    """The bodies with <picture> markup, each made when first asked for: after
    an edit to one body, a rebuild asks for few of them."""

    def __init__(self, bodies: dict[str, Rendered], library: Library, originals: bool) -> None:
        self._bodies, self._library, self._originals = bodies, library, originals
        self._made: dict[str, Rendered] = {}

    def __getitem__(self, path: str) -> Rendered:
        made = self._made.get(path)
        if made is None:
            made = self._made[path] = _with_pictures(self._bodies[path], self._library, self._originals)
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._bodies)

    def __len__(self) -> int:
        return len(self._bodies)


def _with_pictures(body: Rendered, library: Library, originals: bool) -> Rendered:
    if library.base_path + "media/" not in body.html:
        return body
    return dataclasses.replace(body, html=pictures(body.html, library, originals),
                               summary_html=pictures(body.summary_html, library, originals, eager_first=False))


def _media_urls(prefix: str) -> Callable[[str], list[str]]:
    """The site's media URLs an HTML fragment links to or shows (most bodies hold none: a quick no)."""
    pattern = re.compile(r'\s(?:src|href)="(' + re.escape(prefix) + r'[^"]*)"')
    return lambda html: pattern.findall(html) if prefix in html else []


def _mail_notes(site: Site, bodies: dict[str, Rendered], covers: dict[str, str], library: Library,
                media_urls: Callable[[str], list[str]]) -> list[str]:
    """A line for each e-mail edition whose pictures come to more than MAIL_NOTE_BYTES."""
    notes = []
    base = site.config.base_path
    for issue in site.issues:
        paths = [issue.path, *(a.path for a in site.articles.get(issue.number, []))]
        hrefs = [h for p in paths if p in bodies for h in media_urls(bodies[p].html)]
        found = {url_path(h, base) for h in [*hrefs, covers.get(issue.path, "")]}
        sizes = [done.mail.size for u in found if u and (done := library.get(u)) is not None and done.mail]
        total = sum(sizes)
        if total > MAIL_NOTE_BYTES:
            notes.append(f"e-mail edition of issue {issue.number}: {len(sizes)} pictures, "
                         f"{total / 1_000_000:.1f} MB in all (mail clients download them on opening)")
    return notes
