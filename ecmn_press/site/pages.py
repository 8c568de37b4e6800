"""The HTML pages: one template per kind, fed the view of what it shows."""

from __future__ import annotations

from typing import Callable

from markupsafe import Markup

from ..content.plan import Route
from ..i18n.catalogues import autonym
from . import listings
from .context import Context, Files, Producer
from .kept import KEEP, Digested, output_key
from .metadata import page_metadata

_TEMPLATES = {
    "home": "home.html",
    "issue": "issue.html",
    "article": "article.html",
    "story": "story.html",
    "team": "team.html",
    "page": "page.html",
    "term": "term.html",
    "search": "search.html",
    "not-found": "404.html",
}
_CARD = "partials/card.html"
_FOOTER = "partials/footer.html"  # shown by base.html as `site_footer` when it is the same on every page
_SECTIONS: dict[str, Callable] = {
    "issues": listings.issues_index,
    "stories": listings.stories_index,
    "teams": listings.teams_index,
}


def page_view(ctx: Context, route: Route) -> tuple[str, dict]:
    v = ctx.views
    kind = route.kind
    page = (route.page, route.pages)
    if kind == "taxonomy":
        section = route.subject
        if section in _SECTIONS:
            return f"{section}.html", _SECTIONS[section](v, page)
        return "terms.html", listings.terms_index(v, section, page)
    views: dict[str, Callable] = {
        "home": lambda _: listings.home(v),
        "issue": v.issue,
        "article": v.article,
        "story": v.story,
        "team": lambda team: v.team(team, page),
        "page": v.page,
        "term": lambda term: v.term(term, page),
        "search": lambda _: listings.search_page(v, ctx.options.search),
        "not-found": lambda _: listings.not_found(v),
    }
    return _TEMPLATES[kind], views[kind](route.subject)


def render_cards(ctx: Context) -> None:
    """Each item's card HTML, rendered once: an item appears on up to a dozen lists.

    Cards are kept in the build cache by their data and the theme, so a
    rebuild renders only the cards of items that changed. When only bodies
    changed since the last build, most lists are left as they are without
    their views: cards are then made only for the lists made again.
    """
    if ctx.since is not None:
        basis = ctx.basis((_CARD,))
        ctx.views.finish_card = lambda card: _finish_card(ctx, basis, card)
        return
    cards = [ctx.views.card(item) for item in ctx.site.items]
    basis = ctx.basis((_CARD,))
    keys = [output_key("card", basis, card) if basis else None for card in cards]
    for card, key in zip(cards, keys):
        # The card's HTML, added below, follows from this key too.
        card.digest = key
    known = ctx.memo.get_many([k for k in keys if k]) if ctx.memo else {}
    fresh = {}
    for card, key in zip(cards, keys):
        html = known.get(key) if key else None
        if html is None:
            html = ctx.renderer.render(_CARD, card=card) or ""
            if key and html:
                fresh[key] = html
        card["html"] = Markup(html)
    if ctx.memo:
        ctx.memo.put_many(fresh)


def _finish_card(ctx: Context, basis: str, card: Digested) -> None:
    key = card.digest = output_key("card", basis, card) if basis else None
    html = ctx.memo.get_many([key]).get(key) if key and ctx.memo else None
    if html is None:
        html = ctx.renderer.render(_CARD, card=card) or ""
        if key and html and ctx.memo:
            ctx.memo.put_many({key: html})
    card["html"] = Markup(html)


def language_links(ctx: Context, route: Route) -> dict:
    """The page's alternates in other languages (hreflang), and its language switcher."""
    langs = ctx.languages
    if langs is None or not langs.many:
        return {"alternates": [], "versions": [], "canonical": ctx.site.config.absolute(route.url)}
    here = ctx.site.config.language
    shown = langs.shown_in(route)
    return {
        "alternates": [{"hreflang": code, "href": href} for code, href in langs.alternates(route)],
        # Each language's version of this page: its translation, or that language's pages around the original.
        "versions": [
            {"code": e.code, "name": autonym(e.code), "href": e.config.href(route.url), "current": e.code == here}
            for e in langs.editions
        ],
        # A page that shows an untranslated item points search engines at the item in its own language.
        "canonical": langs.url(shown, route) if shown != here else ctx.site.config.absolute(route.url),
    }


def produce(ctx: Context, routes: list[Route]) -> Files:
    files: Files = {}
    views = ctx.views
    for route in routes:
        if ctx.still(route.output):
            files[route.output] = KEEP
            continue
        views.reading = set()
        try:
            template, view = page_view(ctx, route)
        finally:
            ctx.seen[route.output], views.reading = tuple(sorted(views.reading)), None
        view.update(language_links(ctx, route))
        # The metadata follows from the view and the site view, so the key need not hold it.
        if ctx.reuse(route.output, template, ctx.site_view_key, view, templates=(template,)):
            files[route.output] = KEEP
            continue
        view["meta"] = page_metadata(ctx.site_view, view)
        footer = ctx.renderer.once(_FOOTER, site=ctx.site_view)
        shared = {"site_footer": footer} if footer is not None else {}
        html = ctx.renderer.render(template, site=ctx.site_view, page=view, **shared)
        if html is not None:
            files[route.output] = html.encode()
    return files


PRODUCER = Producer("pages", frozenset({"html"}), produce, prepare=render_cards)
