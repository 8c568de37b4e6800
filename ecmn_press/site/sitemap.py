"""sitemap.xml and robots.txt: every published page, dated by its content."""

from __future__ import annotations

from html import escape

from ..content.plan import Route
from ..core.model import Article, Issue, Page, Story, Team
from .context import Context, Files, Producer

_UNLISTED = {"not-found", "search"}


def _lastmod(subject: object) -> str | None:
    when = getattr(subject, "when", None) if isinstance(subject, (Issue, Article, Story)) else None
    if isinstance(subject, Team):
        when = subject.joined
    return when.day.isoformat() if when is not None else None


def _listed(ctx: Context) -> list[tuple[str, Route]]:
    """(absolute URL, route) of every page to list: each language's, but not a page that only
    shows an untranslated item (its canonical URL is the item's own page)."""
    langs = ctx.languages
    if langs is None or not langs.many:
        return [(ctx.site.config.absolute(r.url), r) for r in ctx.plan.routes]
    return [(e.config.absolute(r.url), r) for e in langs.editions for r in e.plan.routes
            if r.format == "html" and langs.shown_in(r) == e.code]


def produce(ctx: Context, routes: list[Route]) -> Files:
    config = ctx.site.config
    langs = ctx.languages if ctx.languages is not None and ctx.languages.many else None
    xhtml = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if langs else ""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{xhtml}>',
    ]
    for url, route in _listed(ctx):
        if route.format != "html" or route.kind in _UNLISTED:
            continue
        lines.append(f"  <url><loc>{escape(url, quote=False)}</loc>")
        lastmod = None if isinstance(route.subject, Page) else _lastmod(route.subject)
        if lastmod:
            lines.append(f"    <lastmod>{lastmod}</lastmod>")
        for hreflang, href in langs.alternates(route) if langs else ():
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href="{escape(href)}"/>')
        lines.append("  </url>")
    lines.append("</urlset>\n")
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute('sitemap.xml')}\n"
    return {"sitemap.xml": "\n".join(lines).encode(), "robots.txt": robots.encode()}


# The sitemap lists every page, so it is made in one piece.
PRODUCER = Producer("sitemap", frozenset({"xml", "text"}), produce, whole=True)
