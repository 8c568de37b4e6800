"""Front matter -> typed documents, one kind at a time, every problem reported."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from ..core.cache import FORMAT, Cache, digest
from ..core.diagnostics import Diagnostic, Position, Report, did_you_mean
from ..core.model import THEMES, Article, Document, Issue, Page, Ref, Story, Team, Translation
from ..core.slugs import MAX_SLUG, is_slug
from ..core.weburls import WEB
from . import yamldoc
from .config import SiteConfig
from .fields import Fields
from .measures import read_measures
from .sources import SourceFile, as_mapping

_SLUG_RULE = "lower-case letters, digits and single '-' between them"


@dataclass(slots=True)
class Documents:
    issues: list[Issue] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)  # files whose errors kept them out
    translations: list[Translation] = field(default_factory=list)

    def every(self) -> list[Document]:
        return [*self.issues, *self.articles, *self.stories, *self.teams, *self.pages]


def to_documents(files: list[SourceFile], config: SiteConfig, report: Report, cache: Cache | None = None) -> Documents:
    """Typed documents; each file's result is cached, keyed by its text and path.

    Parsing YAML is most of the cost of reading a site, and a document
    depends only on its own file and the site's timezone.
    """
    docs = Documents()
    buckets = {"issue": docs.issues, "article": docs.articles, "story": docs.stories,
               "team": docs.teams, "page": docs.pages}
    keys = {src.path: digest("document", str(FORMAT), src.path, src.kind, src.digest or src.text,
                             config.timezone.key, config.newsletter) for src in files}
    cached = cache.get_many(list(keys.values()), shared=True) if cache else {}
    # Not shared out among processes: sending a document back from a worker
    # costs as much as parsing it (measured at 5,000 files).
    fresh = {keys[s.path]: read_document(s, config) for s in files if keys[s.path] not in cached}
    kept = cache is not None and cache.remembers
    for src in files:
        doc, problems = cached.get(keys[src.path]) or fresh[keys[src.path]]
        if kept and doc is not None:
            doc = copy.copy(doc)  # later stages set a few fields; `serve` keeps the one read for its next build
        report.extend(problems)
        if doc is None:
            docs.broken.add(src.path)
        elif isinstance(doc, Translation):
            docs.translations.append(doc)
        else:
            buckets[src.kind].append(doc)
    if cache:
        cache.put_many(fresh, shared=True)
    return docs


def read_document(src: SourceFile, config: SiteConfig) -> tuple[Document | Translation | None, tuple[Diagnostic, ...]]:
    """One file's document (None if it cannot be read) and its problems."""
    report = Report()
    if src.front_matter is None:
        report.error(
            Position(src.path), "no front matter",
            "start the file with a '---' line, its fields, and another '---' line",
        )
        return None, tuple(report.items)
    meta = as_mapping(yamldoc.load(src.front_matter, src.path, 1, report), report)
    if meta is None:
        return None, tuple(report.items)
    if src.lang:
        return _translation(src, Fields(meta, report)), tuple(report.items)
    read = {"issue": _issue, "article": _article, "story": _story, "team": _team, "page": _page}[src.kind]
    doc = read(src, Fields(meta, report), config, report)
    return doc, tuple(report.items)


def _base(src: SourceFile, title: str | None, slug: str | None, draft: bool = False) -> dict:
    return dict(
        path=src.path, slug=slug or "", title=title or "",
        draft=draft, extra={}, fields={},
    )


def _finish(doc, src: SourceFile, f: Fields):
    doc.lang = f.language("lang") or ""  # checked against the site's languages by `translations`
    doc.extra = f.extra()
    doc.fields = f.positions
    return doc


def _slug(src: SourceFile, f: Fields, report: Report, allow_field: bool) -> str | None:
    if allow_field:
        loc = f.located("slug")
        if loc is not None:
            if isinstance(loc.value, str) and is_slug(loc.value):
                return loc.value
            if isinstance(loc.value, str) and is_slug(loc.value[:MAX_SLUG]):
                report.error(loc.position(), f"'slug' is too long ({len(loc.value)} characters, at most {MAX_SLUG})")
            else:
                f.wrong(loc, "slug", f"a slug of {_SLUG_RULE}")
            return None
    stem = src.path.rsplit("/", 1)[-1].removesuffix(".md")
    if is_slug(stem):
        return stem
    hint = f"rename the file using {_SLUG_RULE}" + (", or set slug:" if allow_field else "")
    if is_slug(stem[:MAX_SLUG]):
        hint = f"rename the file to at most {MAX_SLUG} characters" + (", or set a shorter slug:" if allow_field else "")
    report.error(Position(src.path), f"file name '{stem}.md' cannot be a URL slug", hint)
    return None


def _themes(f: Fields, report: Report) -> list[Ref]:
    themes = []
    for ref in f.names("themes"):
        name = ref.value.lower()
        if name in THEMES:
            themes.append(Ref(name, ref.position))
        else:
            hint = did_you_mean(name, THEMES) or "the 5 Ps are " + ", ".join(THEMES)
            report.error(ref.position, f"unknown theme '{ref.value}'", hint)
    return themes


def _issue(src: SourceFile, f: Fields, config: SiteConfig, report: Report) -> Issue | None:
    number = f.integer("number", required=True, minimum=1)
    when = f.when("date", config.timezone, required=True)
    title = f.text("title") or (f"{config.newsletter} #{number}" if number else None)
    issue = Issue(
        **_base(src, title, str(number or ""), f.boolean("draft")),
        number=number or 0, when=when, subtitle=f.text("subtitle"),
        editors=f.names("editors"), summary=f.text("summary"), cover=f.ref("cover", WEB),
        folder=src.issue_folder,
    )
    _finish(issue, src, f)
    return issue if number and when else None


def _article(src: SourceFile, f: Fields, config: SiteConfig, report: Report) -> Article | None:
    title = f.text("title", required=True)
    slug = _slug(src, f, report, allow_field=True)
    article = Article(
        **_base(src, title, slug, f.boolean("draft")),
        issue_folder=src.issue_folder, order=f.integer("order"), authors=f.names("authors"),
        summary=f.text("summary"), team_refs=f.names("teams"), themes=_themes(f, report),
        tags=f.names("tags"), when=f.when("date", config.timezone),
    )
    _finish(article, src, f)
    return article if title and slug else None


def _story(src: SourceFile, f: Fields, config: SiteConfig, report: Report) -> Story | None:
    title = f.text("title", required=True)
    slug = _slug(src, f, report, allow_field=True)
    when = f.when("date", config.timezone, required=True)
    teams = f.names("teams", required=True)
    story = Story(
        **_base(src, title, slug, f.boolean("draft")),
        when=when, team_refs=teams, themes=_themes(f, report), tags=f.names("tags"),
        authors=f.names("authors"), summary=f.text("summary"), status=f.text("status"),
        measures=read_measures(f.located("measures"), report),
    )
    _finish(story, src, f)
    return story if title and slug and when else None


def _team(src: SourceFile, f: Fields, config: SiteConfig, report: Report) -> Team | None:
    name = f.text("name", required=True)
    slug = _slug(src, f, report, allow_field=False)
    team = Team(
        **_base(src, name, slug),
        service_area=f.text("service_area"), organisation=f.text("organisation"),
        region=f.text("region"), country=f.text("country"), programme=f.text("programme"),
        joined=f.when("joined", config.timezone), website=f.url("website"),
    )
    _finish(team, src, f)
    return team if name and slug else None


def _page(src: SourceFile, f: Fields, config: SiteConfig, report: Report) -> Page | None:
    title = f.text("title", required=True)
    slug = _slug(src, f, report, allow_field=False)
    page = Page(
        **_base(src, title, slug, f.boolean("draft")),
        order=f.integer("order"), menu=f.boolean("menu"),
    )
    _finish(page, src, f)
    return page if title and slug else None


# The words of each kind: what a translation gives in its own language.
# Everything else an original says (dates, teams, themes, measures, number,
# order, ...) is the thing itself, and a translation takes it from there.
WORDS = {
    "issue": ("title", "subtitle", "summary"),
    "article": ("title", "summary"),
    "story": ("title", "summary", "status"),
    "team": ("name", "service_area"),
    "page": ("title",),
}
SHARED = {
    "issue": ("number", "date", "editors", "cover", "lang"),
    "article": ("order", "authors", "teams", "themes", "tags", "date", "slug", "lang"),
    "story": ("date", "teams", "themes", "tags", "authors", "measures", "slug", "lang"),
    "team": ("organisation", "region", "country", "programme", "joined", "website", "lang"),
    "page": ("order", "menu", "lang"),
}


def _translation(src: SourceFile, f: Fields) -> Translation:
    words = {key: text for key in WORDS[src.kind] if (text := f.text(key))}
    draft = f.boolean("draft")
    shared = {}
    for key in SHARED[src.kind]:
        loc = f.located(key)
        if loc is not None:
            shared[key] = loc.value
    return Translation(src.path, src.lang or "", src.original, words, draft, f.extra(),
                       f.positions, shared)
