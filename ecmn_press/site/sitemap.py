"""sitemap.xml and robots.txt: every published page, dated by its content."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..content.plan import Route
from ..core.model import Article, Issue, Page, Story, Team
from .context import Context, Files, Producer

_UNLISTED = {"not-found", "search"}


def _lastmod(subject: object) -> str | None:
    when = getattr(subject, "when", None) if isinstance(subject, (Issue, Article, Story)) else None
    if isinstance(subject, Team):
        when = subject.joined
    return when.day.isoformat() if when is not None else None


def produce(ctx: Context, routes: list[Route]) -> Files:
    config = ctx.site.config
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for route in ctx.plan.routes:
        if route.format != "html" or route.kind in _UNLISTED:
            continue
        lines.append(f"  <url><loc>{escape(config.absolute(route.url))}</loc>")
        lastmod = None if isinstance(route.subject, Page) else _lastmod(route.subject)
        if lastmod:
            lines.append(f"    <lastmod>{lastmod}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>\n")
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute('sitemap.xml')}\n"
    return {"sitemap.xml": "\n".join(lines).encode(), "robots.txt": robots.encode()}


# The sitemap lists every page, so it is made in one piece.
PRODUCER = Producer("sitemap", frozenset({"xml", "text"}), produce, whole=True)
