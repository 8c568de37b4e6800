"""One site and one route table per language, and which pages translate which.

Every language has every page at the same path under its own folder
(`/sv/stories/x/`); an item with no translation in a language is shown there
in its own language. A page's alternates are the languages its content is
written in: every language for lists, the item's languages for an item.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.diagnostics import Report
from ..core.model import Document
from .config import BuildOptions, SiteConfig
from .plan import Plan, Route, plan_site
from .relate import Site, relate
from .schema import Documents
from .translations import Translations

_ONCE = {"sitemap", "robots"}  # files the site has once, not once per language
_MAIL = {"email-html", "email-text"}


@dataclass(slots=True)
class Edition:
    """The site in one language."""

    code: str
    config: SiteConfig  # the settings as this language's pages see them
    site: Site
    plan: Plan


@dataclass(slots=True)
class Languages:
    editions: list[Edition]  # the default language first
    translations: Translations

    @property
    def default(self) -> Edition:
        return self.editions[0]

    @property
    def many(self) -> bool:
        return len(self.editions) > 1

    def written_in(self, route: Route) -> list[str]:
        """The languages a page's content is written in, in the site's order."""
        codes = [e.code for e in self.editions]
        if isinstance(route.subject, Document) and route.source is not None:
            langs = self.translations.written_in(route.subject.path)
            return [c for c in codes if c in langs] or codes
        return codes

    def url(self, code: str, route: Route) -> str:
        """The absolute URL of a page's version in another language."""
        return self.edition(code).config.absolute(route.url)

    def edition(self, code: str) -> Edition:
        return next(e for e in self.editions if e.code == code)

    def shown_in(self, route: Route) -> str:
        """The language a page's content is shown in: its own, or its original's when untranslated."""
        code = route.prefix.rstrip("/") or self.default.code
        written = self.written_in(route)
        if code in written:
            return code
        subject = route.subject
        return self.translations.language_of(subject) if isinstance(subject, Document) else written[0]

    def alternates(self, route: Route) -> list[tuple[str, str]]:
        """(hreflang, absolute URL) of each language's version, and x-default, reciprocal in all of them."""
        written = self.written_in(route)
        pairs = [(code, self.url(code, route)) for code in written]
        first = self.default.code if self.default.code in written else self.shown_in(route)
        return pairs + [("x-default", self.url(first, route))]


def languages(docs: Documents, translations: Translations, config: SiteConfig, options: BuildOptions,
              report: Report) -> Languages:
    """Relate and plan the site once per language; only the default language's problems are reported,
    since the others repeat them (a translation's own problems are reported by `translations`)."""
    editions = []
    for code in config.codes:
        here = config.in_language(code)
        said = report if code == config.language else Report()
        site = relate(translations.documents(docs, code), here, options, said)
        plan = plan_site(site, said)
        # An e-mail edition goes out in the languages an issue is written in, never
        # as another language's fallback: the issue page there links to the original's.
        plan.routes = [r for r in plan.routes
                       if r.format not in _MAIL or code in translations.written_in(r.subject.path)]
        if here.prefix:
            plan.routes = [replace(r, prefix=here.prefix) for r in plan.routes if r.kind not in _ONCE]
            _name_tags(site, here)
        editions.append(Edition(code, here, site, plan))
    editions[0].site.held_back = sorted([*editions[0].site.held_back, *translations.held_back],
                                        key=lambda h: h.path)
    _language_folders(editions[0].site, config, report)
    return Languages(editions, translations)


def _name_tags(site: Site, config: SiteConfig) -> None:
    for term in site.tags.values():
        term.name = config.tag_name(term.name)
    ordered = sorted(site.tags.values(), key=lambda t: (t.name.lower(), t.slug))
    site.tags.clear()
    site.tags.update({t.slug: t for t in ordered})


def _language_folders(site: Site, config: SiteConfig, report: Report) -> None:
    for page in site.pages:
        if page.slug in config.codes[1:]:
            report.error(page.at("slug"), f"page '{page.slug}' would take the URL /{page.slug}/, "
                         f"which holds the site in '{page.slug}'", "rename the file")
