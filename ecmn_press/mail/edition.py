"""The e-mail edition of every issue: email.html for mail clients, email.txt beside it.

Both carry the issue's title, date, editorial and articles in reading order,
and links to the issue on the site and to the feeds. The HTML is one table
600 px wide with its CSS inlined and every URL absolute against base_url
(see mailhtml); the text is the same mail for readers that show no HTML.

Long issues. Gmail clips a message after about 102 KB and few people read
a very long mail to the end, so an issue is "long" when its editorial and
articles together run over 3,000 words (LONG_WORDS), or when the full-text
edition would come to more than 80 KB (LONG_BYTES). A long issue keeps its
editorial in full and gives each article as its summary with a "Read on
the site" link. An edition still over 102,400 bytes (CLIP_BYTES) is a
warning at the issue's issue.md.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from ..content.plan import Route
from ..content.urls import doc_url
from ..core.diagnostics import Position
from ..core.model import Issue
from ..i18n.catalogues import Words
from ..site.context import Context, Files, Producer
from ..site.kept import KEEP
from ..text.absolute import absolutize
from ..text.html_text import References, html_to_text
from ..text.markdown import plain_text
from .mailhtml import CSSError, demote_headings, image_box, inline_css, mail_images, prepare

_HTML, _TEXT = "email/issue.html", "email/issue.txt"
_TEMPLATES = (_HTML, _TEXT)
LONG_WORDS = 3_000
LONG_BYTES = 80_000
CLIP_BYTES = 102_400
PREHEADER_CHARS = 140
_SENTENCE = re.compile(r"(.+?[.!?])(?=\s|$)")
_BLANK_RUNS = re.compile(r"\n{4,}")
_SRC = re.compile(r'\ssrc="([^"]+)"')


def produce(ctx: Context, mine: list[Route]) -> Files:
    routes: dict[str, dict[str, Route]] = {}
    for route in mine:
        routes.setdefault(route.subject.path, {})[route.format] = route
    files: Files = {}
    for issue in ctx.site.issues:
        if issue.path in routes:
            files.update(_edition(ctx, issue, routes[issue.path]))
    return files


def _edition(ctx: Context, issue: Issue, routes: dict[str, Route]) -> Files:
    if all([ctx.still(r.output) for r in routes.values()]) or _reused(ctx, issue, routes):
        html_route = routes.get("email-html")
        if html_route is not None and ctx.previous_size(html_route.output) > CLIP_BYTES:
            _clip_warning(ctx, issue, ctx.previous_size(html_route.output))  # said again, as every build says it
        return {r.output: KEEP for r in routes.values()}
    parts = _Parts(ctx, issue)
    full = parts.words <= LONG_WORDS
    html = _html(ctx, parts.view(full))
    if html is not None and full and len(html.encode()) > LONG_BYTES:
        full = False
        html = _html(ctx, parts.view(full))
    files: Files = {}
    if html is not None and "email-html" in routes:
        data = html.encode()
        if len(data) > CLIP_BYTES:
            _clip_warning(ctx, issue, len(data))
        files[routes["email-html"].output] = data
    text = ctx.renderer.render(_TEXT, site=_site(ctx), page=parts.text_view(full))
    if text is not None and "email-text" in routes:
        # Empty parts (an article with no body) leave runs of blank lines behind.
        text = _BLANK_RUNS.sub("\n\n\n", text.strip("\n"))
        files[routes["email-text"].output] = (text + "\n").encode()
    return files


def _reused(ctx: Context, issue: Issue, routes: dict[str, Route]) -> bool:
    inputs = _inputs(ctx, issue)
    read = (issue.path, *(a.path for a in ctx.site.articles.get(issue.number, [])))
    for route in routes.values():
        ctx.seen[route.output] = read
    return all([ctx.reuse(r.output, r.format, inputs, templates=_TEMPLATES) for r in routes.values()])


def _clip_warning(ctx: Context, issue: Issue, size: int) -> None:
    ctx.report.warning(
        Position(issue.path, 1, 1),
        f"e-mail edition is {round(size / 1000)} KB; Gmail clips messages over 102 KB",
        "readers will see the rest only after a click: shorten the editorial or the summaries",
    )


def _inputs(ctx: Context, issue: Issue) -> tuple:
    """Everything an issue's edition is made from, for its output key."""
    articles = ctx.site.articles.get(issue.number, [])
    htmls = [ctx.bodies[issue.path].html, *(ctx.bodies[a.path].html for a in articles)]
    cover = ctx.covers.get(issue.path)
    url = ctx.site.config.absolute(doc_url(issue))
    mail_image = mail_images(ctx.site.config.base_url, ctx.images)
    images = sorted({*_SRC.findall("".join(htmls)), *([cover] if cover else [])})
    sizes = [(src, mail_image(urljoin(url, src))) for src in images]
    return issue, [ctx.views.card(a) for a in articles], htmls, cover, sizes


def _html(ctx: Context, page: dict) -> str | None:
    document = ctx.renderer.render(_HTML, site=_site(ctx), page=page)
    if document is None:
        return None
    try:
        # The built-in template writes absolute URLs; a site theme's may not.
        return absolutize(inline_css(document), page["url"])
    except CSSError as exc:
        ctx.report.error(ctx.renderer.position_of("email/email.css"), f"e-mail CSS could not be inlined: {exc}")
        return None


def _site(ctx: Context) -> dict:
    config = ctx.site.config
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "newsletter": config.newsletter,
        "home": config.absolute(""),
        "issues": config.absolute("issues/"),
        "feeds": [
            {"title": "Atom", "label": ctx.views.t.gettext("Atom feed"), "href": config.absolute("feed.xml")},
            {"title": "RSS", "label": ctx.views.t.gettext("RSS feed"), "href": config.absolute("rss.xml")},
        ],
        "extra": config.extra,
    }


def names(items: list[str], t: Words) -> str:
    """'A', 'A and B', 'A, B and C': how a byline reads, in the reader's language."""
    if len(items) < 2:
        return "".join(items)
    return t.gettext("%(list)s and %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}


class _Parts:
    """One issue's bodies, prepared for mail once and shared by both renderings."""

    def __init__(self, ctx: Context, issue: Issue) -> None:
        self.ctx, self.issue = ctx, issue
        config = ctx.site.config
        self.url = config.absolute(doc_url(issue))
        self.size_of = mail_images(config.base_url, ctx.images)
        self.articles = ctx.site.articles.get(issue.number, [])
        self.cards = [ctx.views.card(a) for a in self.articles]
        self.urls = [config.absolute(c["url"]) for c in self.cards]
        body = ctx.bodies[issue.path]
        self.editorial = prepare(body.html, self.url, self.size_of)
        self.full_html = [prepare(ctx.bodies[a.path].html, u, self.size_of) for a, u in zip(self.articles, self.urls)]
        self.summaries = [prepare(c["summary_html"], u, self.size_of) for c, u in zip(self.cards, self.urls)]
        self.words = body.words + sum(ctx.bodies[a.path].words for a in self.articles)

    def view(self, full: bool) -> dict:
        issue, ctx = self.issue, self.ctx
        bodies = self.full_html if full else self.summaries
        return {
            "number": issue.number,
            "title": issue.title,
            "subtitle": issue.subtitle,
            "date": ctx.views.when(issue.when),
            "editors": names([t.name for t in ctx.site.author_terms(issue.editors)], ctx.views.t),
            "url": self.url,
            "email_html": f"{self.url}email.html",
            "email_text": f"{self.url}email.txt",
            "preheader": self._preheader(),
            "cover": self._cover(),
            "editorial_html": demote_headings(self.editorial),
            "full": full,
            "articles": [
                {
                    "number": n,
                    "title": card["title"],
                    "url": url,
                    "authors": names([a["name"] for a in card["authors"]], ctx.views.t),
                    "teams": names([t["name"] for t in card["teams"]], ctx.views.t),
                    "body_html": demote_headings(html) if full else html,
                }
                for n, (card, url, html) in enumerate(zip(self.cards, self.urls, bodies), 1)
            ],
            "extra": issue.extra,
        }

    def text_view(self, full: bool) -> dict:
        refs = References()
        view = self.view(full)
        view["editorial_text"] = html_to_text(self.editorial, refs)
        bodies = self.full_html if full else self.summaries
        for article, html in zip(view["articles"], bodies):
            article["text"] = html_to_text(html, refs)
        view["links"] = list(refs.urls)
        return view

    def _preheader(self) -> str:
        """What inboxes show after the subject: the summary, else the editorial's first sentence."""
        text = self.issue.summary or ""
        if not text:
            editorial = plain_text(self.ctx.bodies[self.issue.path].html)
            found = _SENTENCE.match(editorial)
            text = found.group(1) if found else editorial
        text = text or self.issue.subtitle or self.issue.title
        if len(text) > PREHEADER_CHARS:
            text = text[: PREHEADER_CHARS - 1].rsplit(" ", 1)[0] + "…"
        return text

    def _cover(self) -> dict | None:
        href = self.ctx.views.covers.get(self.issue.path)
        if not href:
            return None
        url = urljoin(self.url, href)
        found = self.size_of(url)
        if found is not None:
            url = found[0]
        width, height = image_box(found[1:] if found else None)
        return {"src": url, "width": width, "height": height}


PRODUCER = Producer("edition", frozenset({"email-html", "email-text"}), produce)
