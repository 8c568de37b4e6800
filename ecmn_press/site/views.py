"""What templates see: plain mappings built from the linked site.

Templates never touch the model, so the model can change without breaking a
site's theme. Cards for items are built once and shared by every list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from markupsafe import escape

from ..charts.figures import ChartViews
from ..charts.words import ChartWords
from ..content.plan import Plan
from ..content.relate import Site
from ..content.urls import doc_url, feed_url, term_url
from ..core.model import Article, Document, Issue, Item, Page, Story, Team, Term, When
from ..i18n.catalogues import Words, language_name
from ..text.fragments import first_image, prefix_ids, without_ids
from ..text.markdown import Rendered, plain_text
from ..text.tables import scrolling_tables
from .paging import page_of, pager, titled
from .kept import Digested
from .names import KIND_WORDS, SEARCH_KINDS, SECTION_WORDS, THEME_NAMES, THEME_QUESTIONS

class Views:
    """Builds template views for one build; caches what lists reuse."""

    def __init__(
        self, site: Site, plan: Plan, bodies: Mapping[str, Rendered], covers: dict[str, str], now: dt.datetime,
        words: Words | None = None, language_of=None,
        image_view: Callable[[str], dict | None] = lambda href: None,
        folder_of: Callable[[str], str] = lambda code: "",
    ) -> None:
        self.site = site
        self.folder_of = folder_of  # a language's code -> its folder in the site: '' or 'sv/'
        self.t = words or Words(site.config.language)
        self.language_of = language_of or (lambda doc: doc.lang or site.config.language)
        self.newsletter = site.config.newsletter
        self.image_view = image_view  # a media href -> its picture (src, srcset, sources, width, height)
        self.covers = covers  # issue path -> resolved cover image href
        self.config = site.config
        self.plan = plan
        self.bodies = bodies
        self.now = now
        self._cards: dict[str, dict] = {}
        # The content paths whose bodies the view being made has read (None: not counting). A card
        # remembers the bodies it was made from, so each card handed out counts, made or memoised.
        self.reading: set[str] | None = None
        self._card_reads: dict[str, tuple[str, ...]] = {}
        self.finish_card: Callable[[Digested], None] | None = None  # gives a card made on demand its HTML
        self._term_memo: dict[int, tuple] = {}  # id of a term of this site -> _term_lists
        self.shared: dict[str, object] = {}  # what every page of one list needs, made once
        self.charts = ChartViews(plan.measure_files, self.href, self.heading_ids, ChartWords(self.t), self.note)

    # -- small pieces ---------------------------------------------------------
    def href(self, url: str) -> str:
        return self.config.href(url)

    def when(self, when: When | None) -> dict | None:
        if when is None:
            return None
        iso = when.instant.isoformat() if when.has_time else when.day.isoformat()
        # `iso` is what readers were told (a day, or a moment); `instant` always
        # carries its offset, for machines that want one (JSON-LD, OpenGraph).
        return {"text": self.t.date(when.day), "iso": iso, "instant": when.instant.isoformat(),
                "year": when.day.year}

    def badge(self, doc: Document, when: When | None) -> str | None:
        if doc.draft:
            return self.t.gettext("Draft")
        if when is not None and when.instant > self.now:
            return self.t.gettext("Scheduled")
        return None

    def term_name(self, term: Term) -> str:
        return self.t.gettext(THEME_NAMES[term.slug]) if term.kind == "theme" and term.slug in THEME_NAMES else term.name

    def lang_mark(self, doc: Document) -> dict:
        """A document shown in a language it is not written in: its `lang`, and a label saying which."""
        lang = self.language_of(doc)
        if lang == self.config.language:
            return {"lang": None, "lang_label": None}
        return {"lang": lang, "reader_lang": self.config.language, "lang_label": self.t.gettext(
            "in %(language)s") % {"language": language_name(lang, self.config.language)}}

    def term_link(self, term: Term) -> dict:
        # No count of the term's items here: a card carries its terms' links, and a
        # count would change every card of a theme whenever any item joins it.
        return {"name": self.term_name(term), "href": self.href(term_url(term)), "slug": term.slug}

    def team_link(self, team: Team) -> dict:
        return {
            "name": team.title, "href": self.href(doc_url(team)), "slug": team.slug,
            "service_area": team.service_area, "organisation": team.organisation,
            "region": team.region, "country": team.country,
        }

    def note(self, path: str) -> None:
        if self.reading is not None:
            self.reading.add(path)

    def body(self, doc: Document) -> Rendered:
        if self.reading is not None:
            self.reading.add(doc.path)
        return self.bodies[doc.path]

    def heading_ids(self, doc: Document) -> set[str]:
        return {hid for _, hid, _ in self.body(doc).headings}

    def summary_html(self, doc: Document, summary: str | None) -> str:
        if summary:
            return f"<p>{escape(summary)}</p>"
        return without_ids(self.body(doc).summary_html)

    def description(self, doc: Document, summary: str | None) -> str:
        # A first paragraph that is only an image has no words: take the
        # body's first words, and for an empty body the title.
        text = (summary or plain_text(self.body(doc).summary_html) or plain_text(self.body(doc).html)
                or doc.title)
        return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "…"

    # -- items ------------------------------------------------------------------
    def url_of(self, doc: Document) -> str:
        return self.plan.urls[doc.path]

    def card(self, item: Item) -> dict:
        cached = self._cards.get(item.path)
        if cached is not None:
            if self.reading is not None:
                self.reading.update(self._card_reads[item.path])
            return cached
        outer, self.reading = self.reading, set()
        try:
            card = self._card(item)
        finally:
            reads, self.reading = tuple(self.reading), outer
        self._card_reads[item.path] = reads
        if outer is not None:
            outer.update(reads)
        if self.finish_card is not None:
            self.finish_card(card)
        return card

    def _card(self, item: Item) -> Digested:
        site = self.site
        card = Digested({
            "kind": "article" if isinstance(item, Article) else "story",
            "title": item.title,
            "href": self.href(self.url_of(item)),
            "url": self.url_of(item),
            "date": self.when(item.when),
            "summary_html": self.summary_html(item, item.summary),
            "summary_text": self.description(item, item.summary),
            "teams": [self.team_link(t) for t in site.teams_of(item.team_refs)],
            "themes": [self.term_link(t) for t in site.theme_terms(item.themes)],
            "tags": [self.term_link(t) for t in site.tag_terms(item.tags)],
            "authors": [self.term_link(t) for t in site.author_terms(item.authors)],
            "badge": self.badge(item, item.when),
            "issue": None,
            "status": item.status if isinstance(item, Story) else None,
        })
        card.update(self.lang_mark(item))
        if isinstance(item, Article):
            issue = site.issue_of[item.path]
            card["issue"] = {"number": issue.number, "title": issue.title, "href": self.href(doc_url(issue)),
                             "label": f"{self.newsletter} #{issue.number}"}
        self._cards[item.path] = card
        return card

    def issue_card(self, issue: Issue) -> dict:
        articles = self.site.articles.get(issue.number, [])
        # An issue without a title of its own is called "MicroNewsletter #N":
        # never say that twice ("MicroNewsletter #4: MicroNewsletter #4").
        titled = issue.title != f"{self.newsletter} #{issue.number}"
        return {
            "number": issue.number,
            "title": issue.title,
            "name": f"{self.newsletter} #{issue.number}: {issue.title}" if titled else issue.title,
            "short": f"#{issue.number}: {issue.title}" if titled else issue.title,
            "subtitle": issue.subtitle,
            "href": self.href(doc_url(issue)),
            "date": self.when(issue.when),
            "summary_html": self.summary_html(issue, issue.summary),
            "articles": [self.card(a) for a in articles],
            "cover": self.covers.get(issue.path),
            "cover_image": self._cover_image(issue),
            "badge": self.badge(issue, issue.when),
        }

    def _cover_image(self, issue: Issue) -> dict | None:
        href = self.covers.get(issue.path)
        if not href:
            return None
        return self.image_view(href) or {"src": href, "srcset": "", "sources": [], "width": None, "height": None}

    def search_marks(self, view: dict, teams: list[dict] | None = None, themes: list[dict] | None = None) -> dict:
        """What the search index records about a page: its filters and result metadata."""
        teams, themes = teams or [], themes or []
        date = view.get("date")
        return {
            "kind": self.t.gettext(SEARCH_KINDS[view["kind"]]),
            "title": view["title"],
            "teams": [t["name"] for t in teams],
            "regions": sorted({t["region"] for t in teams if t["region"]}),
            "themes": [t["name"] for t in themes],
            "year": date["year"] if date else None,
            "date": date["text"] if date else "",
            "summary": view["description"],
            "badge": view.get("badge") or "",
        }

    # -- one view per kind ------------------------------------------------------
    def document(self, doc: Document, kind: str, summary: str | None = None) -> dict:
        body = self.body(doc)
        return {
            "kind": kind,
            "title": doc.title,
            "url": self.url_of(doc),
            "description": self.description(doc, summary),
            "body_html": scrolling_tables(body.html),
            "headings": [{"level": lvl, "id": hid, "text": text} for lvl, hid, text in body.headings],
            "image": first_image(body.html),
            # A summary written in front matter stands above the text; one taken
            # from the first paragraph would only repeat it.
            "standfirst": summary,
            "words": body.words,
            "extra": doc.extra,
            "feeds": [],
        } | self.lang_mark(doc)

    def issue(self, issue: Issue) -> dict:
        view = self.document(issue, "issue", issue.summary)
        issues = self.site.issues  # newest first
        at = issues.index(issue)
        newer = issues[at - 1] if at > 0 else None
        older = issues[at + 1] if at + 1 < len(issues) else None
        view.update(self.issue_card(issue))
        if view["cover"]:
            view["image"] = {"src": view["cover_image"]["src"],
                             "alt": self.t.gettext("Cover of %(issue)s") % {
                                 "issue": f"{self.newsletter} #{issue.number}: {issue.title}"}}
        articles = self.site.articles.get(issue.number, [])
        view.update({
            "editors": [self.term_link(t) for t in self.site.author_terms(issue.editors)],
            "newer": self.issue_card(newer) if newer else None,
            "older": self.issue_card(older) if older else None,
            **self.email_links(issue),
            # The whole issue for paper: each article in full, its ids prefixed
            # so that none clashes with the editorial's or another article's.
            "full_articles": [
                self.card(a) | {"body_html": scrolling_tables(prefix_ids(self.body(a).html, f"a{n}_"))}
                for n, a in enumerate(articles, 1)
            ],
            "words": view["words"] + sum(self.body(a).words for a in articles),
        })
        view["search"] = self.search_marks(view)
        return view

    def email_links(self, issue: Issue) -> dict:
        """The issue's e-mail edition. One is made only in the languages the issue is
        written in, so a page showing an untranslated issue links to the original's."""
        lang = self.language_of(issue)
        if lang == self.config.language:
            return {"email_html": self.href(f"{doc_url(issue)}email.html"),
                    "email_text": self.href(f"{doc_url(issue)}email.txt"), "email_lang": None}
        base = f"{self.config.base_path}{self.folder_of(lang)}{doc_url(issue)}"
        return {"email_html": f"{base}email.html", "email_text": f"{base}email.txt", "email_lang": lang,
                "email_lang_label": self.t.gettext("in %(language)s") % {
                    "language": language_name(lang, self.config.language)}}

    def article(self, article: Article) -> dict:
        view = self.document(article, "article", article.summary)
        view.update(self.card(article))
        issue = self.site.issue_of[article.path]
        siblings = self.site.articles[issue.number]
        at = siblings.index(article)
        view["position"] = at + 1
        view["in_issue"] = self.issue_card(issue)
        view["previous"] = self.card(siblings[at - 1]) if at > 0 else None
        view["next"] = self.card(siblings[at + 1]) if at + 1 < len(siblings) else None
        view["search"] = self.search_marks(view, view["teams"], view["themes"])
        return view

    def story(self, story: Story) -> dict:
        view = self.document(story, "story", story.summary)
        view.update(self.card(story))
        view["teams"] = [t | {"stories": len(self.site.team_stories[t["slug"]])} for t in view["teams"]]
        view["measures"] = self.charts.story(story)
        view["search"] = self.search_marks(view, view["teams"], view["themes"])
        return view

    def team(self, team: Team, page: tuple[int, int] = (1, 1)) -> dict:
        view = self.document(team, "team")
        view.update(self.team_link(team))
        stories, articles = self.site.team_stories[team.slug], self.site.team_articles[team.slug]
        shown = page_of([*stories, *articles], page[0], self.config.page_size)
        view.update({
            "title": titled(team.title, *page, self.t),
            "page_number": page[0],
            "pager": pager(doc_url(team), page[0], page[1], self.href),
            "counts": {"stories": len(stories), "articles": len(articles)},
            "programme": team.programme,
            "website": team.website,
            "joined": self.when(team.joined),
            "stories": [self.card(s) for s in shown if isinstance(s, Story)],
            "articles": [self.card(a) for a in shown if isinstance(a, Article)],
            "feeds": [self.feed_link(self.t.gettext("Stories and articles from %(team)s") % {"team": team.title},
                                     doc_url(team))],
            "measures": self.charts.team(self.site.team_stories[team.slug], self.url_of,
                                         self.heading_ids(team)),
        })
        view["search"] = self.search_marks(view, [self.team_link(team)])
        return view

    def page(self, page: Page) -> dict:
        view = self.document(page, "page")
        view["badge"] = self.badge(page, None)
        view["search"] = self.search_marks(view)
        return view

    def _term_lists(self, term: Term) -> tuple[list[Story], list[Article], list]:
        """A term's stories, its articles, and everything its pages list: issues edited,
        then stories, then articles. Once per term, not once for each of its pages."""
        found = self._term_memo.get(id(term))
        if found is None:
            stories = [i for i in term.items if isinstance(i, Story)]
            articles = [i for i in term.items if isinstance(i, Article)]
            found = self._term_memo[id(term)] = (stories, articles, [*term.issues_edited, *stories, *articles])
        return found

    def term(self, term: Term, page: tuple[int, int] = (1, 1)) -> dict:
        url = term_url(term)
        kind_word = self.t.gettext(KIND_WORDS[term.kind])
        name = self.term_name(term)
        all_stories, all_articles, listed = self._term_lists(term)
        shown = page_of(listed, page[0], self.config.page_size)
        stories = [self.card(i) for i in shown if isinstance(i, Story)]
        articles = [self.card(i) for i in shown if isinstance(i, Article)]
        edited = [self.issue_card(i) for i in shown if isinstance(i, Issue)]
        summary = self.counted(len(all_stories), len(all_articles), len(term.issues_edited))
        _ = self.t.gettext
        descriptions = {
            "theme": _(THEME_QUESTIONS[term.slug]) if term.slug in THEME_QUESTIONS else f"{kind_word}: {name}",
            "tag": _("Stories and newsletter articles tagged “%(tag)s”: %(counted)s.") % {
                "tag": name, "counted": summary},
            "author": _("What %(author)s wrote for %(site)s: %(counted)s.") % {
                "author": name, "site": self.config.title, "counted": summary},
        }
        return {
            "kind": "term",
            "term_kind": term.kind,
            "title": titled(name, *page, self.t),
            "name": name,
            "pager": pager(url, page[0], page[1], self.href),
            "totals": {"stories": len(all_stories), "articles": len(all_articles),
                       "issues_edited": len(term.issues_edited)},
            "kind_word": kind_word,
            "section_title": _(SECTION_WORDS[term.kind]),
            "url": url,
            "section_href": self.href(url.split("/")[0] + "/"),
            "description": descriptions[term.kind],
            "question": _(THEME_QUESTIONS[term.slug]) if term.kind == "theme" and term.slug in THEME_QUESTIONS
            else None,
            "counted": summary,
            "groups": [g for g in (
                {"key": "stories", "title": _("Team stories"), "cards": stories},
                {"key": "articles", "title": _("Newsletter articles"), "cards": articles},
            ) if g["cards"]],
            "issues_edited": edited,
            # A theme's page offers the other four Ps, so a reader can walk round all five.
            "siblings": [self.term_link(t) | {"current": t is term} for t in self.site.themes.values()]
            if term.kind == "theme" else [],
            "feeds": [self.feed_link(f"{kind_word}: {name}", url)],
            "extra": {},
        }

    def counted(self, stories: int, articles: int, edited: int, articles_first: bool = False) -> str:
        """'2 stories, 1 article and 1 issue edited', in this language; lists of terms name articles first."""
        n = self.t
        items = [n.ngettext("%(n)d story", "%(n)d stories", stories) % {"n": stories} if stories else "",
                 n.ngettext("%(n)d article", "%(n)d articles", articles) % {"n": articles} if articles else ""]
        return counted([*(reversed(items) if articles_first else items),
                        n.ngettext("%(n)d issue edited", "%(n)d issues edited", edited) % {"n": edited} if edited else ""],
                       self.t)

    def feed_link(self, title: str, page_url: str) -> dict:
        return {"title": title, "href": self.href(feed_url(page_url)), "type": "application/atom+xml"}


def counted(parts: list[str], t: Words) -> str:
    """'2 stories, 1 article and 1 issue edited': only the counts that are not zero."""
    words = [p for p in parts if p]
    if not words:
        return t.gettext("nothing yet")
    if len(words) == 1:
        return words[0]
    return t.gettext("%(list)s and %(last)s") % {"list": ", ".join(words[:-1]), "last": words[-1]}
