"""What a page tells machines about itself: OpenGraph and Twitter tags for
link previews, and schema.org JSON-LD for search engines.

Built from the same views the templates see (never the model), so a page's
metadata cannot disagree with what it shows. Standard library only.
"""

from __future__ import annotations

import json
from typing import Any

from ..text.absolute import join

SCHEMA = "https://schema.org"


def page_metadata(site: dict, page: dict) -> dict:
    """{properties: [{property, content}], names: [{name, content}], json_ld: str | None}."""
    return {
        "properties": open_graph(site, page),
        "names": [{"name": "twitter:card", "content": "summary"}],
        "json_ld": dump_json_ld(data) if (data := json_ld(site, page)) else None,
    }


def absolute(site: dict, href: str) -> str:
    """A link as the templates write it ('/network/teams/x/') made absolute;
    links that already are absolute stay as they are."""
    return join(site["base_url"], href)


def og_locale(language: str) -> str:
    """BCP 47 'en-GB' as OpenGraph writes it, 'en_GB'; a bare 'en' stays 'en'."""
    parts = language.split("-")
    if len(parts) > 1 and len(parts[1]) == 2:
        return f"{parts[0].lower()}_{parts[1].upper()}"
    return parts[0].lower()


def open_graph(site: dict, page: dict) -> list[dict]:
    is_item = page["kind"] in ("article", "story")
    tags = [
        ("og:type", "article" if is_item else "website"),
        ("og:title", page["title"]),
        ("og:description", page["description"]),
        ("og:site_name", site["title"]),
        ("og:locale", og_locale(site["language"])),
    ]
    if page["kind"] != "not-found":  # the 404 page is served at every missing address
        tags.append(("og:url", page["canonical"]))
    image = page.get("image")
    if image:
        tags.append(("og:image", absolute(site, image["src"])))
        if image["alt"]:
            tags.append(("og:image:alt", image["alt"]))
    if is_item:
        tags.append(("article:published_time", page["date"]["instant"]))
        tags += [("article:author", absolute(site, a["href"])) for a in page["authors"]]
        tags += [("article:tag", t["name"]) for t in page["tags"]]
    return [{"property": prop, "content": content} for prop, content in tags]


def dump_json_ld(data: dict) -> str:
    """JSON for a <script> element: '</' would end the script early, and '<!--'
    can change how the browser reads what follows, so neither appears as such."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def json_ld(site: dict, page: dict) -> dict | None:
    builders = {
        "home": _website,
        "issue": _issue,
        "article": _article,
        "story": _article,
        "team": _team,
    }
    if page["kind"] == "taxonomy" and page["section"] == "issues":
        return _periodical(site, page)
    if page["kind"] == "term" and page["term_kind"] == "author":
        return _profile(site, page)
    builder = builders.get(page["kind"])
    return builder(site, page) if builder else None


# -- the pieces -----------------------------------------------------------------
def _publisher(site: dict) -> dict:
    return {"@type": "Organization", "name": site["title"], "url": site["base_url"]}


def _periodical_ref(site: dict) -> dict:
    return {"@type": "Periodical", "name": site["newsletter"], "url": absolute(site, site["home"] + "issues/"),
            "publisher": _publisher(site)}


def _person(site: dict, term: dict) -> dict:
    return {"@type": "Person", "name": term["name"], "url": absolute(site, term["href"])}


def _team_ref(site: dict, team: dict) -> dict:
    return {"@type": "Organization", "name": team["name"], "url": absolute(site, team["href"])}


def _with_image(site: dict, page: dict, data: dict) -> dict:
    if page.get("image"):
        data["image"] = absolute(site, page["image"]["src"])
    return data


def _website(site: dict, page: dict) -> dict:
    return {
        "@context": SCHEMA, "@type": "WebSite",
        "name": site["title"], "url": page["canonical"], "description": page["description"],
        "inLanguage": site["language"], "publisher": _publisher(site),
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute(site, site["search"]) + "?q={search_terms}",
            "query-input": "required name=search_terms",
        },
    }


def _periodical(site: dict, page: dict) -> dict:
    return {
        "@context": SCHEMA, **_periodical_ref(site), "url": page["canonical"],
        "description": page["description"], "inLanguage": site["language"],
        "hasPart": [
            {"@type": "PublicationIssue", "issueNumber": i["number"], "name": i["title"],
             "url": absolute(site, i["href"]), "datePublished": i["date"]["instant"]}
            for i in page["issues"]
        ],
    }


def _issue(site: dict, page: dict) -> dict:
    data: dict[str, Any] = {
        "@context": SCHEMA, "@type": "PublicationIssue",
        "issueNumber": page["number"], "name": page["title"],
        "description": page["description"], "url": page["canonical"],
        "datePublished": page["date"]["instant"], "inLanguage": site["language"],
        "isPartOf": _periodical_ref(site), "publisher": _publisher(site),
        "editor": [_person(site, e) for e in page["editors"]],
        "hasPart": [
            {"@type": "Article", "headline": a["title"], "url": absolute(site, a["href"]), "position": n,
             "author": [_person(site, au) for au in a["authors"]]}
            for n, a in enumerate(page["articles"], 1)
        ],
    }
    if page["subtitle"]:
        data["alternativeHeadline"] = page["subtitle"]
    return _with_image(site, page, data)


def _article(site: dict, page: dict) -> dict:
    """Articles and stories alike: an Article, with its issue or its teams."""
    authors = [_person(site, a) for a in page["authors"]]
    data: dict[str, Any] = {
        "@context": SCHEMA, "@type": "Article",
        "headline": page["title"], "description": page["description"],
        "url": page["canonical"], "mainEntityOfPage": page["canonical"],
        "datePublished": page["date"]["instant"], "inLanguage": site["language"],
        # Schema.org wants an author; an unsigned piece is the network's own.
        "author": authors or [_publisher(site)],
        "publisher": _publisher(site),
        "wordCount": page["words"],
    }
    if page["kind"] == "article":
        issue = page["in_issue"]
        data["isPartOf"] = {
            "@type": "PublicationIssue", "issueNumber": issue["number"], "name": issue["title"],
            "url": absolute(site, issue["href"]), "datePublished": issue["date"]["instant"],
            "isPartOf": _periodical_ref(site),
        }
        data["position"] = page["position"]
        if page["teams"]:
            data["mentions"] = [_team_ref(site, t) for t in page["teams"]]
    else:
        data["articleSection"] = "Team stories"
        data["about"] = [_team_ref(site, t) for t in page["teams"]]
    if page["tags"]:
        data["keywords"] = [t["name"] for t in page["tags"]]
    return _with_image(site, page, data)


def _team(site: dict, page: dict) -> dict:
    data: dict[str, Any] = {
        "@context": SCHEMA, "@type": "Organization",
        "name": page["name"], "url": page["canonical"], "description": page["description"],
        "memberOf": _publisher(site),
    }
    address = {key: page[field] for key, field in (("addressRegion", "region"), ("addressCountry", "country"))
               if page[field]}
    if address:
        data["address"] = {"@type": "PostalAddress", **address}
    if page["organisation"]:
        data["parentOrganization"] = {"@type": "Organization", "name": page["organisation"]}
    if page["service_area"]:
        data["knowsAbout"] = page["service_area"]
    if page["website"]:
        data["sameAs"] = page["website"]
    return data


def _profile(site: dict, page: dict) -> dict:
    return {
        "@context": SCHEMA, "@type": "ProfilePage", "url": page["canonical"],
        "mainEntity": {"@type": "Person", "name": page["title"], "url": page["canonical"]},
    }
