"""Views of the pages that list things: home, archives, directory, term indexes."""

from __future__ import annotations

import re
from itertools import groupby
from urllib.parse import urlsplit

from ..content.urls import doc_url, term_url
from ..core.model import THEMES, Story, Team, Term
from ..core.slugs import slugify
from ..core.weburls import scheme_of
from .views import NEWSLETTER, SEARCH_KINDS, THEME_QUESTIONS, Views, counted

_SECTION_TITLES = {
    "issues": f"{NEWSLETTER} issues",
    "stories": "Team stories",
    "teams": "Teams",
    "themes": "The 5 Ps",
    "tags": "Tags",
    "authors": "Authors",
}


def _origin(base_url: str) -> str:
    """Scheme and host of the site, for print.css to write the site's own
    links in full; it goes into a CSS string, so only URL characters stay."""
    parts = urlsplit(base_url)
    return re.sub(r"[^A-Za-z0-9.:/\[\]_~%-]", "", f"{parts.scheme}://{parts.netloc}")


def site_view(v: Views, assets: dict[str, str]) -> dict:
    config = v.config
    menu = [{"title": p.title, "href": v.href(doc_url(p))} for p in v.site.pages if p.menu]
    nav = [
        {"title": link.title, "href": link.url if scheme_of(link.url) else v.href(link.url.lstrip("/"))}
        for link in config.nav
    ]
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": config.base_url,
        "origin": _origin(config.base_url),
        "newsletter": NEWSLETTER,
        "home": v.href(""),
        "nav": nav + [m for m in menu if m["href"] not in {n["href"] for n in nav}],
        "search": v.href("search/"),
        "feeds": [
            {"title": f"{config.title} (Atom)", "label": "Atom feed", "href": v.href("feed.xml"),
             "type": "application/atom+xml"},
            {"title": f"{config.title} (RSS)", "label": "RSS feed", "href": v.href("rss.xml"),
             "type": "application/rss+xml"},
            {"title": f"{config.title} (JSON Feed)", "label": "JSON Feed", "href": v.href("feed.json"),
             "type": "application/feed+json"},
        ],
        "assets": assets,
        "extra": config.extra,
    }


def _section(v: Views, section: str, description: str) -> dict:
    return {
        "kind": "taxonomy", "section": section, "title": _SECTION_TITLES[section],
        "url": f"{section}/", "description": description, "feeds": [], "extra": {}, "image": None,
    }


def home(v: Views) -> dict:
    site = v.site
    teams = list(site.teams.values())
    countries = sorted({t.country for t in teams if t.country})
    return {
        "kind": "home", "title": site.config.title, "url": "", "feeds": [], "extra": {}, "image": None,
        "description": site.config.description or f"News and stories from {site.config.title}.",
        "latest_issue": v.issue_card(site.issues[0]) if site.issues else None,
        "stories": [v.card(s) for s in site.stories[:6]],
        "teams": [_directory_entry(v, t) for t in teams],
        "countries": countries,
        "counts": {"issues": len(site.issues), "stories": len(site.stories), "teams": len(teams),
                   "countries": len(countries)},
        "themes": [
            v.term_link(site.themes[t]) | {"question": THEME_QUESTIONS[t], "counted": _term_counts(site.themes[t])}
            for t in THEMES
        ],
    }


def _directory_entry(v: Views, team: Team) -> dict:
    return v.team_link(team) | {"stories": len(v.site.team_stories[team.slug])}


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
    view["regions"] = []
    taken: set[str] = set()
    for region, group in groupby(teams, key=lambda t: t.region or ""):
        entries = [_directory_entry(v, t) for t in group]
        # Anchors from the name, so a link to one region keeps working as teams join.
        anchor = base = f"region-{slugify(region) or 'other'}"
        while anchor in taken:  # "Wolds" and "WOLDS" are two regions with one slug
            anchor = f"{base}-{len(taken) + 1}"
        taken.add(anchor)
        view["regions"].append({
            "name": region or "Other teams",
            "id": anchor,
            "countries": sorted({t["country"] for t in entries if t["country"]}),
            "teams": entries,
        })
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
        v.term_link(t) | {"question": THEME_QUESTIONS.get(t.slug), "edited": len(t.issues_edited),
                          "counted": _term_counts(t)}
        for t in terms.values() if t.slug
    ]
    return view


def _term_counts(term: Term) -> str:
    """'2 articles, 1 story and 3 issues edited'."""
    stories = sum(1 for i in term.items if isinstance(i, Story))
    return counted([(len(term.items) - stories, "article", "articles"), (stories, "story", "stories"),
                    (len(term.issues_edited), "issue edited", "issues edited")])


def search_page(v: Views, available: bool) -> dict:
    """The search page; `available` is False when the build made no index (--no-search)."""
    return {
        "kind": "search", "title": "Search", "url": "search/", "feeds": [], "extra": {}, "image": None,
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
        "kind": "not-found", "title": "Page not found", "url": "404.html", "feeds": [], "extra": {}, "image": None,
        "description": "This page does not exist.",
        "links": [
            {"title": "Home", "href": v.href("")},
            {"title": "All issues", "href": v.href("issues/")},
            {"title": "Team stories", "href": v.href("stories/")},
            {"title": "Teams", "href": v.href("teams/")},
            {"title": "The 5 Ps", "href": v.href("themes/")},
            {"title": "Search", "href": v.href("search/")},
        ],
    }


__all__ = [
    "site_view", "home", "issues_index", "stories_index", "teams_index",
    "terms_index", "search_page", "not_found", "term_url",
]
