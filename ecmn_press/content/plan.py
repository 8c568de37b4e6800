"""Every file the site will have: its URL, kind, format and the source behind it.

Two sources claiming one URL is found here, before anything is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..core.diagnostics import Position, Report
from ..core.model import Document, Story
from .relate import Site
from .urls import (
    RESERVED,
    doc_url,
    feed_url,
    measure_csv_url,
    measure_slugs,
    output_path,
    page_url,
    pages_for,
    term_url,
)

Format = Literal["html", "atom", "rss", "json-feed", "email-html", "email-text", "xml", "text", "csv"]

_SECTIONS = {
    "issues": "the list of issues",
    "stories": "the list of stories",
    "teams": "the team directory",
    "themes": "the 5 Ps",
    "tags": "the list of tags",
    "authors": "the list of authors",
    "search": "the search page",
}


@dataclass(frozen=True, slots=True)
class Route:
    url: str  # site-relative: '' is home, 'teams/x/' a team, 'feed.xml' a file
    kind: str  # home, issue, article, story, team, page, taxonomy, term, search, not-found, ...
    format: Format
    subject: Any = None  # the document, term, measure or section name the file presents
    source: str | None = None  # the content file behind it, if one
    page: int = 1  # which page of a list this is
    pages: int = 1  # how many pages the list has
    prefix: str = ""  # the language's folder: '' for the default language, 'sv/' for Swedish

    @property
    def output(self) -> str:
        return output_path(self.prefix + self.url)


@dataclass(slots=True)
class Plan:
    routes: list[Route] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)  # content path -> page URL
    # story path -> (measure slug, CSV URL) per measure, in the story's order
    measure_files: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


class _Claims:
    def __init__(self, report: Report, page_size: int) -> None:
        self.report, self.page_size = report, page_size
        self.by_url: dict[str, Route] = {}
        self.plan = Plan()

    def add(self, route: Route, position: Position | None = None) -> bool:
        other = self.by_url.get(route.url)
        if other is not None:
            where = position or Position(route.source or "content/site.yaml")
            taken_by = other.source or _SECTIONS.get(route.url.strip("/"), "a generated page")
            self.report.error(where, f"URL /{route.url} is claimed twice: {taken_by} already has it")
            return False
        self.by_url[route.url] = route
        self.plan.routes.append(route)
        return True

    def doc(self, doc: Document, kind: str, url: str, entries: int = 0) -> None:
        """A document's page; with `entries`, the list it holds is paged after the first."""
        pages = pages_for(entries, self.page_size)
        if self.add(Route(url, kind, "html", doc, doc.path, 1, pages), doc.at("slug")):
            self.plan.urls[doc.path] = url
            for n in range(2, pages + 1):
                self.add(Route(page_url(url, n), kind, "html", doc, doc.path, n, pages))

    def paged(self, url: str, kind: str, subject: Any, entries: int) -> None:
        pages = pages_for(entries, self.page_size)
        for n in range(1, pages + 1):
            self.add(Route(page_url(url, n), kind, "html", subject, None, n, pages))


def _measure_files(claims: _Claims, story: Story) -> None:
    """Each measure's data as a CSV file next to its story page."""
    page = claims.plan.urls[story.path]
    files = []
    for measure, slug in zip(story.measures, measure_slugs(story.measures)):
        url = measure_csv_url(page, slug)
        claims.add(Route(url, "story", "csv", measure, story.path), measure.position)
        files.append((slug, url))
    claims.plan.measure_files[story.path] = files


def plan_site(site: Site, report: Report) -> Plan:
    claims = _Claims(report, site.config.page_size)
    add = claims.add
    add(Route("", "home", "html", "home"))
    for fmt, url in (("atom", "feed.xml"), ("rss", "rss.xml"), ("json-feed", "feed.json")):
        add(Route(url, "home", fmt, "home"))  # type: ignore[arg-type]
    lengths = {
        "issues": len(site.issues), "stories": len(site.stories), "teams": len(site.teams),
        "themes": len(site.themes), "tags": sum(1 for t in site.tags.values() if t.slug),
        "authors": sum(1 for t in site.authors.values() if t.slug),
    }
    for section, entries in lengths.items():
        claims.paged(f"{section}/", "taxonomy", section, entries)
    add(Route("search/", "search", "html", "search"))
    for issue in site.issues:
        claims.doc(issue, "issue", doc_url(issue))
        for fmt, name in (("email-html", "email.html"), ("email-text", "email.txt")):
            add(Route(f"{doc_url(issue)}{name}", "issue", fmt, issue, issue.path))  # type: ignore[arg-type]
        for article in site.articles.get(issue.number, []):
            claims.doc(article, "article", doc_url(article, issue.number))
    for story in site.stories:
        claims.doc(story, "story", doc_url(story))
        if story.path in claims.plan.urls and story.measures:
            _measure_files(claims, story)
    for team in site.teams.values():
        claims.doc(team, "team", doc_url(team), len(site.team_stories[team.slug]) + len(site.team_articles[team.slug]))
        add(Route(feed_url(doc_url(team)), "team", "atom", team, team.path))
    for terms in (site.themes, site.tags, site.authors):
        for term in terms.values():
            if term.slug:
                claims.paged(term_url(term), "term", term, len(term.items) + len(term.issues_edited))
                add(Route(feed_url(term_url(term)), "term", "atom", term))
    for page in site.pages:
        if page.slug in RESERVED:
            report.error(
                Position(page.path),
                f"page '{page.slug}' would take the URL /{page.slug}/, which holds {RESERVED[page.slug]}",
                "rename the file",
            )
            continue
        claims.doc(page, "page", doc_url(page))
    add(Route("404.html", "not-found", "html"))
    add(Route("sitemap.xml", "sitemap", "xml"))
    add(Route("robots.txt", "robots", "text"))
    return claims.plan
