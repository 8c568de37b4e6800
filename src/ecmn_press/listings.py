"""Views of the pages that list things: home, archives, directory, term indexes."""

from __future__ import annotations

from itertools import groupby

from .model import THEMES
from .urls import doc_url, term_url
from .views import SEARCH_KINDS, THEME_QUESTIONS, Views

_SECTION_TITLES = {
    "issues": "MicroNewsletter issues",
    "stories": "Team stories",
    "teams": "Teams",
    "themes": "The 5 Ps",
    "tags": "Tags",
    "authors": "Authors",
}


def site_view(v: Views, assets: dict[str, str]) -> dict:
    config = v.config
    menu = [{"title": p.title, "href": v.href(doc_url(p))} for p in v.site.pages if p.menu]
    nav = [
        {"title": link.title, "href": link.url if "://" in link.url else v.href(link.url.lstrip("/"))}
        for link in config.nav
    ]
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": config.base_url,
        "home": v.href(""),
        "nav": nav + [m for m in menu if m["href"] not in {n["href"] for n in nav}],
        "search": v.href("search/"),
        "feeds": [
            {"title": f"{config.title} (Atom)", "href": v.href("feed.xml"), "type": "application/atom+xml"},
            {"title": f"{config.title} (RSS)", "href": v.href("rss.xml"), "type": "application/rss+xml"},
            {"title": f"{config.title} (JSON Feed)", "href": v.href("feed.json"), "type": "application/feed+json"},
        ],
        "assets": assets,
        "extra": config.extra,
    }


def _section(v: Views, section: str, description: str) -> dict:
    return {
        "kind": "taxonomy", "section": section, "title": _SECTION_TITLES[section],
        "url": f"{section}/", "description": description, "feeds": [], "extra": {},
    }


def home(v: Views) -> dict:
    site = v.site
    teams = list(site.teams.values())
    return {
        "kind": "home", "title": site.config.title, "url": "", "feeds": [], "extra": {},
        "description": site.config.description or f"News and stories from {site.config.title}.",
        "latest_issue": v.issue_card(site.issues[0]) if site.issues else None,
        "stories": [v.card(s) for s in site.stories[:6]],
        "teams": [v.team_link(t) | {"stories": len(site.team_stories[t.slug])} for t in teams],
        "countries": sorted({t.country for t in teams if t.country}),
        "themes": [v.term_link(site.themes[t]) | {"question": THEME_QUESTIONS[t]} for t in THEMES],
    }


def issues_index(v: Views) -> dict:
    view = _section(v, "issues", "Every issue of the newsletter, newest first.")
    view["issues"] = [v.issue_card(i) for i in v.site.issues]
    return view


def stories_index(v: Views) -> dict:
    view = _section(v, "stories", "What front-line teams changed, and what they measured, newest first.")
    cards = [v.card(s) for s in v.site.stories]
    view["years"] = [
        {"year": year, "stories": list(group)}
        for year, group in groupby(cards, key=lambda c: c["date"]["year"])
    ]
    view["count"] = len(cards)
    return view


def teams_index(v: Views) -> dict:
    view = _section(v, "teams", "The teams of the network, by region.")
    site = v.site
    teams = sorted(site.teams.values(), key=lambda t: ((t.region or "").lower() or "~", t.title.lower()))
    view["regions"] = [
        {
            "name": region or "Other teams",
            "teams": [v.team_link(t) | {"stories": len(site.team_stories[t.slug])} for t in group],
        }
        for region, group in groupby(teams, key=lambda t: t.region or "")
    ]
    view["count"] = len(teams)
    return view


def terms_index(v: Views, section: str) -> dict:
    site = v.site
    terms = {"themes": site.themes, "tags": site.tags, "authors": site.authors}[section]
    descriptions = {
        "themes": "The Clinical Microsystems assessment looks at a team through five Ps. "
        "Stories and articles are filed under the ones they speak to.",
        "tags": "Topics that stories and articles are tagged with.",
        "authors": "The people who wrote for the network.",
    }
    view = _section(v, section, descriptions[section])
    view["terms"] = [
        v.term_link(t) | {"question": THEME_QUESTIONS.get(t.slug), "edited": len(t.issues_edited)}
        for t in terms.values() if t.slug
    ]
    return view


def search_page(v: Views, available: bool) -> dict:
    """The search page; `available` is False when the build made no index (--no-search)."""
    return {
        "kind": "search", "title": "Search", "url": "search/", "feeds": [], "extra": {},
        "description": f"Search everything published by {v.config.title}.",
        "archive": v.href("issues/"), "stories": v.href("stories/"),
        "teams": v.href("teams/"), "themes": v.href("themes/"),
        "available": available,
        "empty": not (v.site.issues or v.site.stories or v.site.teams or v.site.pages),
        # The script finds Pagefind's bundle and puts the base path before result URLs.
        "bundle": v.href("pagefind/"), "base": v.href(""),
        # Kinds and the 5 Ps have a natural order; other values are sorted by the script.
        "facets": [
            {"key": "kind", "label": "Kind", "order": list(SEARCH_KINDS.values())},
            {"key": "team", "label": "Team", "order": []},
            {"key": "theme", "label": "Theme", "order": [v.site.themes[t].name for t in THEMES]},
            {"key": "region", "label": "Region", "order": []},
            {"key": "year", "label": "Year", "order": []},
        ],
    }


def not_found(v: Views) -> dict:
    return {
        "kind": "not-found", "title": "Page not found", "url": "404.html", "feeds": [], "extra": {},
        "description": "This page does not exist.",
        "links": [
            {"title": "Home", "href": v.href("")},
            {"title": "All issues", "href": v.href("issues/")},
            {"title": "Team stories", "href": v.href("stories/")},
            {"title": "Search", "href": v.href("search/")},
        ],
    }


__all__ = [
    "site_view", "home", "issues_index", "stories_index", "teams_index",
    "terms_index", "search_page", "not_found", "term_url",
]
