"""Atom, RSS 2.0 and JSON Feed 1.1 for the site, and Atom for every team and term.

Every date comes from the content, never the clock, so two builds of the
same sources are byte-identical. Entry ids are the items' permanent URLs,
which do not depend on which feed or how many entries carry them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import __version__
from ..content.plan import Route
from ..content.urls import doc_url, term_url
from ..core.model import Item, Team, Term
from ..text.absolute import absolutize
from .context import Context, Files, Producer
from .kept import KEEP, output_key
from .names import KIND_WORDS

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    url: str  # absolute
    title: str
    authors: tuple[str, ...]
    published: dt.datetime
    summary: str
    content_html: str  # every URL absolute
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Selection:
    title: str
    description: str
    page_url: str  # absolute URL of the page the feed follows
    feed_url: str  # absolute URL of the feed itself
    entries: tuple[Entry, ...]
    updated: dt.datetime


def produce(ctx: Context, routes: list[Route]) -> Files:
    # Each item's entry is built once, shared by its feeds; kept for the next share of feeds
    # too: workers make the feeds a few dozen at a time, and an item is in up to a dozen
    # feeds (its teams', its terms', the site's). Same for each item's key.
    entries: dict[str, Entry] = ctx.recall.setdefault("feed entries", {})
    newest = ctx.site.items[0].when.instant if ctx.site.items else _EPOCH  # type: ignore[union-attr]
    files: Files = {}
    item_keys: dict[str, str | None] = ctx.recall.setdefault("feed item keys", {})
    for route in routes:
        items = _items(ctx, route)[: ctx.site.config.feed_items]
        if ctx.still(route.output):
            files[route.output] = KEEP
            continue
        ctx.seen[route.output] = tuple(item.path for item in items)  # an entry's content is its body
        # Keyed by what the entries are made from, so a kept feed costs no entries.
        head = _selection(ctx, route, (), newest)
        keys = [_item_key(ctx, item, item_keys) for item in items]
        if ctx.reuse(route.output, route.format, head if not items else head.title, head.feed_url, keys):
            files[route.output] = KEEP
            continue
        chosen = tuple(_entry(ctx, item, entries) for item in items)
        selection = _selection(ctx, route, chosen, newest)
        write = {"atom": atom, "rss": rss, "json-feed": json_feed}[route.format]
        files[route.output] = write(selection, ctx)
    return files


def _item_key(ctx: Context, item: Item, known: dict[str, str | None]) -> str | None:
    # What the entry shows, and the body its content is made from: not the whole
    # card, whose team names and badges no feed carries.
    if item.path not in known:
        known[item.path] = output_key(_shown(ctx, item), ctx.bodies[item.path].html)
    return known[item.path]


def _shown(ctx: Context, item: Item) -> dict:
    """An entry's fields, but for its content."""
    card = ctx.views.card(item)
    url = ctx.site.config.absolute(card["url"])
    return {
        "id": url, "url": url, "title": item.title,
        "authors": tuple(a["name"] for a in card["authors"]),
        "published": item.when.instant,  # type: ignore[union-attr]
        "summary": card["summary_text"],
        "categories": tuple(t["name"] for t in [*card["themes"], *card["tags"]]),
    }


def _items(ctx: Context, route: Route) -> list[Item]:
    site = ctx.site
    if isinstance(route.subject, Team):
        slug = route.subject.slug
        merged = {id(i): i for i in [*site.team_stories[slug], *site.team_articles[slug]]}
        return sorted(merged.values(), key=lambda i: (i.when.instant, i.path), reverse=True)  # type: ignore[union-attr]
    if isinstance(route.subject, Term):
        return list(route.subject.items)
    return site.items


def _selection(ctx: Context, route: Route, entries: tuple[Entry, ...], newest: dt.datetime) -> Selection:
    config = ctx.site.config
    subject = route.subject
    _ = ctx.views.t.gettext  # a feed's own words are in its language, as its pages'
    if isinstance(subject, Team):
        title, page = f"{subject.title} · {config.title}", doc_url(subject)
        description = _("Stories and articles from %(team)s.") % {"team": subject.title}
    elif isinstance(subject, Term):
        word, name = _(KIND_WORDS[subject.kind]), ctx.views.term_name(subject)
        title, page = f"{word}: {name} · {config.title}", term_url(subject)
        description = _("Stories and articles filed under %(kind)s “%(name)s”.") % {"kind": word.lower(), "name": name}
    else:
        title, page = config.title, ""
        description = config.description or _("Articles and stories from %(site)s.") % {"site": config.title}
    updated = max((e.published for e in entries), default=newest)
    return Selection(title, description, config.absolute(page), config.absolute(route.url), entries, updated)


def _entry(ctx: Context, item: Item, cache: dict[str, Entry]) -> Entry:
    found = cache.get(item.path)
    if found is not None:
        return found
    shown = _shown(ctx, item)
    entry = Entry(**shown, content_html=absolutize(ctx.bodies[item.path].html, shown["url"]))
    cache[item.path] = entry
    return entry


def _generator(selection: Selection, ctx: Context, rss: bool) -> FeedGenerator:
    from feedgen.feed import FeedGenerator  # with lxml, a tenth of a second to load: not for builds that keep every feed

    config = ctx.site.config
    fg = FeedGenerator()
    if rss:  # RSS's <author> must be an e-mail address; names go in dc:creator
        fg.load_extension("dc")
    fg.id(selection.page_url)
    fg.title(selection.title)
    fg.subtitle(selection.description)
    fg.description(selection.description)
    fg.author({"name": config.title})
    fg.language(config.language)
    fg.generator("ecmn-press", __version__)
    # feedgen: the self link goes first, the alternate last (RSS keeps the last link).
    fg.link(href=selection.feed_url, rel="self")
    fg.link(href=selection.page_url, rel="alternate")
    fg.updated(selection.updated)
    fg.lastBuildDate(selection.updated)
    for e in reversed(selection.entries):  # add_entry prepends: oldest first
        fe = fg.add_entry()
        fe.id(e.id)
        fe.guid(e.url, permalink=True)
        fe.title(e.title)
        fe.link(href=e.url, rel="alternate")
        for name in e.authors:
            fe.author({"name": name})
            if rss:
                fe.dc.dc_creator(name)
        fe.published(e.published)
        fe.updated(e.published)
        fe.summary(e.summary or e.title)
        # RSS readers take description as HTML: a plain-text summary is escaped
        # once for that, and once more by the XML writer, so '<img' stays text.
        fe.description(html.escape(e.summary or e.title, quote=False))
        fe.content(e.content_html, type="html")
        for category in e.categories:
            fe.category(term=category)
    return fg


def atom(selection: Selection, ctx: Context) -> bytes:
    return _generator(selection, ctx, rss=False).atom_str(pretty=True)


def rss(selection: Selection, ctx: Context) -> bytes:
    return _generator(selection, ctx, rss=True).rss_str(pretty=True)


def json_feed(selection: Selection, ctx: Context) -> bytes:
    config = ctx.site.config
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": selection.title,
        "home_page_url": selection.page_url,
        "feed_url": selection.feed_url,
        "description": selection.description,
        "language": config.language,
        "authors": [{"name": config.title}],
        "items": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "summary": e.summary,
                "content_html": e.content_html,
                "date_published": e.published.isoformat(),
                "date_modified": e.published.isoformat(),
                "authors": [{"name": n} for n in e.authors],
                "tags": list(e.categories),
            }
            for e in selection.entries
        ],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode()


PRODUCER = Producer("feeds", frozenset({"atom", "rss", "json-feed"}), produce)
