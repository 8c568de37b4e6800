"""Views of the pages that list things: home, archives, directory, term indexes."""

from __future__ import annotations

import re
from itertools import groupby
from urllib.parse import urlsplit

from ..content.urls import doc_url, page_url, term_url
from ..core.model import THEMES, Story, Team, Term
from ..core.slugs import slugify
from ..core.weburls import scheme_of
from .paging import page_of, pager, titled
from .search_words import search_words
from ..i18n.catalogues import N_
from .names import SEARCH_KINDS, THEME_QUESTIONS
from .views import Views

Page = tuple[int, int]  # this page's number, and how many the list has

_SECTION_TITLES = {
    "issues": N_("%(newsletter)s issues"),
    "stories": N_("Team stories"),
    "teams": N_("Teams"),
    "themes": N_("The 5 Ps"),
    "tags": N_("Tags"),
    "authors": N_("Authors"),
}


def _origin(base_url: str) -> str:
    """Scheme and host of the site, for print.css to write the site's own
    links in full; it goes into a CSS string, so only URL characters stay."""
    parts = urlsplit(base_url)
    return re.sub(r"[^A-Za-z0-9.:/\[\]_~%-]", "", f"{parts.scheme}://{parts.netloc}")


def site_view(v: Views, assets: dict[str, str]) -> dict:
    config, _ = v.config, v.t.gettext
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
        "newsletter": v.newsletter,
        "home": v.href(""),
        "nav": nav + [m for m in menu if m["href"] not in {n["href"] for n in nav}],
        "search": v.href("search/"),
        "feeds": [
            {"title": f"{config.title} (Atom)", "label": _("Atom feed"), "href": v.href("feed.xml"),
             "type": "application/atom+xml"},
            {"title": f"{config.title} (RSS)", "label": _("RSS feed"), "href": v.href("rss.xml"),
             "type": "application/rss+xml"},
            {"title": f"{config.title} (JSON Feed)", "label": _("JSON Feed"), "href": v.href("feed.json"),
             "type": "application/feed+json"},
        ],
        "assets": assets,
        "extra": config.extra,
    }


def _section(v: Views, section: str, description: str, page: Page) -> dict:
    number, count = page
    title = v.t.gettext(_SECTION_TITLES[section]) % {"newsletter": v.newsletter}
    return {
        "kind": "taxonomy", "section": section, "title": titled(title, number, count, v.t),
        "url": f"{section}/", "description": v.t.gettext(description), "feeds": [], "extra": {}, "image": None,
        "pager": pager(f"{section}/", number, count, v.href), "list_title": title,
    }


def home(v: Views) -> dict:
    site = v.site
    teams = list(site.teams.values())
    countries = sorted({t.country for t in teams if t.country})
    return {
        "kind": "home", "title": site.config.title, "url": "", "feeds": [], "extra": {}, "image": None,
        "description": site.config.description or v.t.gettext("News and stories from %(site)s.") % {
            "site": site.config.title},
        "latest_issue": v.issue_card(site.issues[0]) if site.issues else None,
        "stories": [v.card(s) for s in site.stories[:6]],
        "teams": [_directory_entry(v, t) for t in teams[: site.config.page_size]],
        "countries": countries,
        "counts": {"issues": len(site.issues), "stories": len(site.stories), "teams": len(teams),
                   "countries": len(countries)},
        "themes": [
            v.term_link(site.themes[t]) | {"question": v.t.gettext(THEME_QUESTIONS[t]),
                                           "counted": _term_counts(v, site.themes[t])}
            for t in THEMES
        ],
    }


def _directory_entry(v: Views, team: Team) -> dict:
    return v.team_link(team) | {"stories": len(v.site.team_stories[team.slug])}


def issues_index(v: Views, page: Page) -> dict:
    view = _section(v, "issues", N_("Every issue of the newsletter, newest first."), page)
    view["issues"] = [v.issue_card(i) for i in page_of(v.site.issues, page[0], v.config.page_size)]
    return view


def stories_index(v: Views, page: Page) -> dict:
    view = _section(v, "stories", N_("What front-line teams changed, and what they measured, newest first."), page)
    size, stories = v.config.page_size, v.site.stories
    cards = [v.card(s) for s in page_of(stories, page[0], size)]
    view["years"] = [
        {"year": year, "stories": list(group)}
        for year, group in groupby(cards, key=lambda c: c["date"]["year"])
    ]
    view["all_years"] = [
        year | {"href": ("" if start == page[0] else v.href(page_url("stories/", start))) + f"#year_{year['year']}"}
        for year, start in _story_years(v)
    ]
    view["count"] = len(stories)
    return view


def _story_years(v: Views) -> list[tuple[dict, int]]:
    """Each year with its number of stories and the page where its stories begin,
    so the years can be walked from any page."""
    if "story_years" not in v.shared:
        years: dict[int, tuple[dict, int]] = {}
        for index, story in enumerate(v.site.stories):
            year = story.when.day.year  # type: ignore[union-attr]
            if year not in years:
                years[year] = ({"year": year, "count": 0}, index // v.config.page_size + 1)
            years[year][0]["count"] += 1
        v.shared["story_years"] = list(years.values())
    return v.shared["story_years"]  # type: ignore[return-value]


def teams_index(v: Views, page: Page) -> dict:
    view = _section(v, "teams", N_("The teams of the network, by region."), page)
    site, size = v.site, v.config.page_size
    teams = sorted(site.teams.values(), key=lambda t: ((t.region or "").lower() or "~", t.title.lower()))
    anchors: dict[str, str] = {}
    for region in dict.fromkeys(t.region or "" for t in teams):
        # Anchors from the name, so a link to one region keeps working as teams join.
        anchor = base = f"region-{slugify(region) or 'other'}"
        while anchor in anchors.values():  # "Wolds" and "WOLDS" are two regions with one slug
            anchor = f"{base}-{len(anchors) + 1}"
        anchors[region] = anchor
    view["regions"] = []
    for region, group in groupby(page_of(teams, page[0], size), key=lambda t: t.region or ""):
        entries = [_directory_entry(v, t) for t in group]
        view["regions"].append({
            "name": region or v.t.gettext("Other teams"),
            "id": anchors[region],
            "countries": sorted({t["country"] for t in entries if t["country"]}),
            "teams": entries,
        })
    view["all_regions"] = []
    for index, team in enumerate(teams):
        region = team.region or ""
        if not view["all_regions"] or view["all_regions"][-1]["key"] != region:
            number = index // size + 1
            here = "" if number == page[0] else v.href(page_url("teams/", number))
            view["all_regions"].append({"key": region, "name": region or v.t.gettext("Other teams"),
                                        "href": f"{here}#{anchors[region]}", "count": 0})
        view["all_regions"][-1]["count"] += 1
    view["count"] = len(teams)
    return view


def terms_index(v: Views, section: str, page: Page) -> dict:
    site = v.site
    terms = {"themes": site.themes, "tags": site.tags, "authors": site.authors}[section]
    descriptions = {
        "themes": N_("The Clinical Microsystems assessment looks at a team through five Ps. "
                     "Stories and articles are filed under the ones they speak to."),
        "tags": N_("Topics that stories and articles are tagged with."),
        "authors": N_("The people who wrote for the network."),
    }
    view = _section(v, section, descriptions[section], page)
    named = [t for t in terms.values() if t.slug]
    view["terms"] = [
        v.term_link(t) | {"question": v.t.gettext(THEME_QUESTIONS[t.slug]) if t.slug in THEME_QUESTIONS
                          and t.kind == "theme" else None, "edited": len(t.issues_edited), "count": len(t.items),
                          "counted": _term_counts(v, t)}
        for t in page_of(named, page[0], v.config.page_size)
    ]
    view["count"] = len(named)
    return view


def _term_counts(v: Views, term: Term) -> str:
    """'2 articles, 1 story and 3 issues edited'."""
    stories = sum(1 for i in term.items if isinstance(i, Story))
    return v.counted(stories, len(term.items) - stories, len(term.issues_edited), articles_first=True)


def search_page(v: Views, available: bool) -> dict:
    """The search page; `available` is False when the build made no index (--no-search)."""
    _ = v.t.gettext
    return {
        "kind": "search", "title": v.t.gettext("Search"), "url": "search/", "feeds": [], "extra": {},
        "image": None,
        "description": v.t.gettext("Search everything published by %(site)s.") % {"site": v.config.title},
        "archive": v.href("issues/"), "stories": v.href("stories/"),
        "teams": v.href("teams/"), "themes": v.href("themes/"),
        "available": available,
        "empty": not (v.site.issues or v.site.stories or v.site.teams or v.site.pages),
        # The script finds Pagefind's bundle and puts the base path before result URLs. A site
        # in several languages loads it through a module that can add the other languages.
        "bundle": v.config.base_path + ("assets/pagefind-languages/" if v.config.languages else "pagefind/"),
        "base": v.config.base_path, "all_languages": bool(v.config.languages), "words": search_words(v.t),
        # Kinds and the 5 Ps have a natural order; other values are sorted by the script.
        "facets": [
            {"key": "kind", "label": _("Kind"), "order": [_(k) for k in SEARCH_KINDS.values()]},
            {"key": "team", "label": _("Team"), "order": []},
            {"key": "theme", "label": _("Theme"), "order": [v.term_name(v.site.themes[p]) for p in THEMES]},
            {"key": "region", "label": _("Region"), "order": []},
            {"key": "year", "label": _("Year"), "order": []},
        ],
    }


def not_found(v: Views) -> dict:
    _ = v.t.gettext
    return {
        "kind": "not-found", "title": _("Page not found"), "url": "404.html", "feeds": [], "extra": {},
        "image": None, "description": _("This page does not exist."),
        "links": [
            {"title": _("Home"), "href": v.href("")},
            {"title": _("All issues"), "href": v.href("issues/")},
            {"title": _("Team stories"), "href": v.href("stories/")},
            {"title": _("Teams"), "href": v.href("teams/")},
            {"title": _("The 5 Ps"), "href": v.href("themes/")},
            {"title": _("Search"), "href": v.href("search/")},
        ],
    }


__all__ = [
    "site_view", "home", "issues_index", "stories_index", "teams_index",
    "terms_index", "search_page", "not_found", "term_url",
]
