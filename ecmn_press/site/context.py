"""What every producer receives: the linked site, its plan and its views."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..content.config import BuildOptions
from ..content.languages import Languages
from ..content.plan import Plan, Route
from ..content.relate import Site
from ..core.cache import Cache
from ..core.diagnostics import Report
from ..core.model import Document
from ..i18n.catalogues import Words
from ..images.library import Library
from ..images.markup import picture_view, url_path
from ..text.markdown import Rendered
from .kept import Kept, output_key
from .listings import site_view
from .since import Seen, Since
from .template_deps import TemplateDigests
from .templates import Renderer, Theme, asset_hrefs
from .views import Views


@dataclass(slots=True)
class Context:
    site: Site
    plan: Plan
    bodies: Mapping[str, Rendered]  # content path -> rendered body
    covers: dict[str, str]  # issue path -> cover image href
    theme: Theme
    options: BuildOptions
    report: Report
    images: Library | None = None  # what each media image used by the site became
    # output path -> (key, size, mtime) of last build's files still as it left them
    previous: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    made_keys: dict[str, str] = field(default_factory=dict)  # output path -> key, this build
    # Bodies edited since the last build when nothing else was (None: make every view), and what
    # this build's views read, by output path (see `since`).
    since: Since | None = None
    seen: Seen = field(default_factory=dict)
    memo: Cache | None = None  # the build cache; for `prepare` steps only (never in workers)
    # What a producer remembers from one share of its routes to the next in the same process
    # (each worker has its own), and which producer that is: emptied when another one runs.
    recall: dict[str, dict] = field(default_factory=dict)
    recalled_by: str = ""
    languages: Languages | None = None  # every language's site and plan; None in a one-language test
    words: Words | None = None  # the theme's words in this site's language; None: English
    views: Views = field(init=False)
    renderer: Renderer = field(init=False)
    site_view: dict = field(init=False)
    shared: str = field(init=False)  # what every output is made with: the program, settings, catalogues
    site_view_key: str = field(init=False)  # the site view's digest, an input of every page
    templates: TemplateDigests = field(init=False)
    _bases: dict[tuple[str, ...], str] = field(init=False)

    def __post_init__(self) -> None:
        words = self.words or Words(self.site.config.language)
        self.views = Views(self.site, self.plan, self.bodies, self.covers, self.options.now, words, self.language_of,
                           self.image_view, self.folder_of)
        self.renderer = Renderer(self.theme, self.report, words)
        self.site_view = site_view(self.views, asset_hrefs(self.theme, self.site.config.base_path))
        self.shared = output_key(__version__, self.site.config, self.theme.files.contents(self.theme)[1]) or ""
        self.site_view_key = output_key(self.site_view) or ""
        if not self.site_view_key:
            self.shared = ""  # a site view that cannot be told apart from another: reuse nothing
        self.templates = TemplateDigests(self.theme, self.memo)
        self._bases = {}

    def basis(self, templates: tuple[str, ...] = ()) -> str:
        """What an output made with these templates (none: no theme at all) shares
        with others; '' when it cannot be told (never reuse then)."""
        found = self._bases.get(templates)
        if found is None:
            if not templates or not self.shared:
                found = self.shared
            else:
                found = output_key(self.shared, [self.templates(t) for t in templates]) or ""
            self._bases[templates] = found
        return found

    def language_of(self, doc: Document) -> str:
        """The language a document is written in."""
        if self.languages is None:
            return doc.lang or self.site.config.language
        return self.languages.translations.language_of(doc)

    def folder_of(self, code: str) -> str:
        """Where a language's pages live: '' for the default language, 'sv/' for Swedish."""
        return "" if self.languages is None else self.languages.edition(code).config.prefix

    def reuse(self, path: str, *inputs: Any, templates: tuple[str, ...] = ()) -> bool:
        """Record the key of output `path`, made from `inputs` with `templates`
        (none: no theme at all); True if last build's file for it can stay."""
        base = self.basis(templates)
        key = output_key(base, *inputs) if base else None
        if key is None:
            return False
        self.made_keys[path] = key
        entry = self.previous.get(path)
        return entry is not None and entry[0] == key

    def still(self, path: str) -> bool:
        """True if last build's file for output `path` can stay without making its view:
        nothing but bodies changed since, and none that its view read."""
        if self.since is None:
            return False
        entry, read = self.previous.get(path), self.since.seen.get(path)
        if entry is None or read is None or not self.since.edited.isdisjoint(read):
            return False
        self.made_keys[path] = entry[0]
        self.seen[path] = read
        return True

    def image_view(self, href: str) -> dict | None:
        """What a template needs to draw the site's image at `href` (src, srcset, sources, size)."""
        path = url_path(href, self.site.config.base_path)
        done = self.images.get(path) if self.images is not None and path else None
        if path is None or done is None or done.problem or self.images is None:
            return None
        return picture_view(self.images, path, done)

    def previous_size(self, path: str) -> int:
        entry = self.previous.get(path)
        return entry[1] if entry else 0


Files = dict[str, "bytes | Kept"]  # output path -> content, or KEEP: leave the file as it is


@dataclass(frozen=True, slots=True)
class Producer:
    """One kind of output: which routes it writes and how.

    `produce` must accept any subset of its routes (routes with the same
    subject always travel together), so the build can share them out among
    worker processes; `prepare` runs once, before, for work they all share.
    """

    name: str
    formats: frozenset[str]
    produce: Callable[["Context", list[Route]], Files]
    prepare: Callable[["Context"], None] | None = None
    whole: bool = False  # needs all of its routes in one call
