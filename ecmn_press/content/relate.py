"""Link typed documents into one `Site`: references, uniqueness, order, terms.

Drafts and scheduled items are held back here (unless the build asks for
them), so no later stage can publish them by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.diagnostics import Position, Report, did_you_mean
from ..core.model import (
    THEMES,
    Article,
    Document,
    HeldBack,
    Issue,
    Item,
    Page,
    Ref,
    Story,
    Team,
    Term,
)
from ..core.slugs import MAX_SLUG, slugify
from .config import BuildOptions, SiteConfig
from .schema import Documents


@dataclass(slots=True)
class Site:
    config: SiteConfig
    issues: list[Issue]  # newest first
    articles: dict[int, list[Article]]  # issue number -> articles in reading order
    issue_of: dict[str, Issue]  # article path -> its issue
    stories: list[Story]  # newest first
    teams: dict[str, Team]  # slug -> team, sorted by name
    pages: list[Page]
    tags: dict[str, Term]
    authors: dict[str, Term]
    themes: dict[str, Term]
    held_back: list[HeldBack]
    items: list[Item] = field(default_factory=list)  # articles and stories, newest first: what feeds and lists carry
    team_stories: dict[str, list[Story]] = field(default_factory=dict)
    team_articles: dict[str, list[Article]] = field(default_factory=dict)

    def tag_terms(self, refs: list[Ref]) -> list[Term]:
        return _lookup(self.tags, refs)

    def author_terms(self, refs: list[Ref]) -> list[Term]:
        return _lookup(self.authors, refs)

    def theme_terms(self, refs: list[Ref]) -> list[Term]:
        return [self.themes[r.value] for r in refs if r.value in self.themes]

    def teams_of(self, refs: list[Ref]) -> list[Team]:
        return [self.teams[r.value] for r in refs if r.value in self.teams]


def _lookup(terms: dict[str, Term], refs: list[Ref]) -> list[Term]:
    found = []
    for ref in refs:
        term = terms.get(slugify(ref.value))
        if term is not None and term not in found:
            found.append(term)
    return found


def item_sort_key(item: Item) -> tuple:
    return (item.when.instant, item.path)  # type: ignore[union-attr]  # relate gives every item a date


def relate(docs: Documents, config: SiteConfig, options: BuildOptions, report: Report) -> Site:
    teams = _unique(sorted(docs.teams, key=lambda t: t.path), "team", report)
    _check_team_refs([*docs.articles, *docs.stories], teams, report)
    issues = _unique_numbers(docs.issues, docs.broken, report)
    held = _Holder(options)
    by_folder = {i.folder: i for i in issues}
    articles: dict[int, list[Article]] = {}
    issue_of: dict[str, Issue] = {}
    published_issues = [i for i in issues if held.check(i, i.when)]
    for folder, group in _group(docs.articles, lambda a: a.issue_folder).items():
        issue = by_folder.get(folder)
        if issue is None and f"{folder}/issue.md" in docs.broken:
            continue  # the issue's own errors are reported; its articles wait for it
        if issue is None:
            for art in group:
                report.error(Position(art.path), f"article has no issue: {folder}/issue.md is missing or broken")
            continue
        group = _unique(group, "article", report, scope=f"issue {issue.number}")
        for art in group:
            if art.when is None:
                art.when = issue.when
        if issue not in published_issues:
            for art in group:
                held.hold(art, held.why[issue.path][0], f"its issue is held back ({held.why[issue.path][1]})")
            continue
        kept = [a for a in sorted(group, key=_reading_order) if held.check(a, a.when)]
        articles[issue.number] = kept
        issue_of.update({a.path: issue for a in kept})
    stories = [s for s in _unique(docs.stories, "story", report) if held.check(s, s.when)]
    pages = [p for p in _unique(docs.pages, "page", report) if held.check(p, None)]
    published_issues.sort(key=lambda i: i.number, reverse=True)
    stories = sorted(stories, key=item_sort_key, reverse=True)
    every_article = [a for group in articles.values() for a in group]
    site = Site(
        config=config,
        issues=published_issues,
        articles=articles,
        issue_of=issue_of,
        stories=stories,
        teams={t.slug: t for t in sorted(teams, key=lambda t: (t.title.lower(), t.slug))},
        pages=sorted(pages, key=lambda p: (p.order is None, p.order or 0, p.title.lower())),
        tags={}, authors={}, themes={t: Term("theme", t, t.capitalize()) for t in THEMES},
        held_back=sorted(held.items, key=lambda h: h.path),
        items=sorted([*every_article, *stories], key=item_sort_key, reverse=True),
    )
    _terms(site, report)
    _backrefs(site)
    return site


class _Holder:
    """Decides what this build publishes; remembers what it held back and why."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.items: list[HeldBack] = []
        self.why: dict[str, tuple[str, str]] = {}

    def check(self, doc: Document, when) -> bool:
        if doc.draft and not self.options.drafts:
            self.hold(doc, "draft", "draft: true")
            return False
        if when is not None and when.instant > self.options.now and not self.options.future:
            self.hold(doc, "scheduled", f"dated {when.day.isoformat()}, after the build time")
            return False
        return True

    def hold(self, doc: Document, reason: str, detail: str) -> None:
        self.why[doc.path] = (reason, detail)
        self.items.append(HeldBack(doc.path, reason, detail))  # type: ignore[arg-type]


def _group(docs, key) -> dict:
    groups: dict = {}
    for doc in docs:
        groups.setdefault(key(doc), []).append(doc)
    return groups


def _reading_order(article: Article) -> tuple:
    name = article.path.rsplit("/", 1)[-1]
    return (0, article.order, name) if article.order is not None else (1, 0, name)


def _unique(docs: list, what: str, report: Report, scope: str = "") -> list:
    """Drop (and report) any document whose slug an earlier file already took."""
    first: dict[str, Document] = {}
    kept = []
    for doc in sorted(docs, key=lambda d: d.path):
        other = first.get(doc.slug)
        if other is not None:
            where = f" in {scope}" if scope else ""
            report.error(
                doc.at("slug"),
                f"duplicate {what} slug '{doc.slug}'{where}: {other.path} already uses it",
            )
            continue
        first[doc.slug] = doc
        kept.append(doc)
    return kept


def _unique_numbers(issues: list[Issue], broken: set[str], report: Report) -> list[Issue]:
    first: dict[int, Issue] = {}
    for issue in sorted(issues, key=lambda i: i.path):
        other = first.get(issue.number)
        if other is not None:
            report.error(
                issue.at("number"),
                f"duplicate issue number {issue.number}: {other.path} already has it",
            )
            broken.add(issue.path)  # so its articles are not reported as orphans too
            continue
        first[issue.number] = issue
    return list(first.values())


def _check_team_refs(items: list[Item], teams: list[Team], report: Report) -> None:
    known = [t.slug for t in teams]
    for item in items:
        for ref in item.team_refs:
            if ref.value not in known:
                report.error(ref.position, f"unknown team '{ref.value}'", did_you_mean(ref.value, known))


def _terms(site: Site, report: Report) -> None:
    # "First spelling met" follows file order, so the choice never depends on dates.
    items = sorted(site.items, key=lambda i: i.path)
    for item in items:
        for ref in item.tags:
            _term(site.tags, "tag", ref, report).items.append(item)
        for ref in item.authors:
            _term(site.authors, "author", ref, report).items.append(item)
        for ref in item.themes:
            site.themes[ref.value].items.append(item)
    for issue in sorted(site.issues, key=lambda i: i.path):
        for ref in issue.editors:
            _term(site.authors, "author", ref, report).issues_edited.append(issue)
    for terms in (site.tags, site.authors, site.themes):
        for term in terms.values():
            term.items = _dedupe(sorted(term.items, key=item_sort_key, reverse=True))
            term.issues_edited = _dedupe(sorted(term.issues_edited, key=lambda i: -i.number))
    for terms in (site.tags, site.authors):
        ordered = sorted(terms.values(), key=lambda t: (t.name.lower(), t.slug))
        terms.clear()
        terms.update({t.slug: t for t in ordered})


def _term(terms: dict[str, Term], kind: str, ref: Ref, report: Report) -> Term:
    slug = slugify(ref.value)
    if not slug:
        report.error(ref.position, f"{kind} '{ref.value}' has no letters or digits to make a URL from")
        return Term(kind, "", ref.value)  # type: ignore[arg-type]  # collected, never published
    if len(slug) > MAX_SLUG:
        report.error(ref.position, f"{kind} name is too long to make a URL from ({len(slug)} characters, "
                                   f"at most {MAX_SLUG})", "shorten it")
        return Term(kind, "", ref.value)  # type: ignore[arg-type]
    return terms.setdefault(slug, Term(kind, slug, ref.value))  # type: ignore[arg-type]


def _dedupe(items: list) -> list:
    seen: set[int] = set()
    return [x for x in items if not (id(x) in seen or seen.add(id(x)))]


def _backrefs(site: Site) -> None:
    for slug in site.teams:
        site.team_stories[slug] = []
        site.team_articles[slug] = []
    for item in site.items:  # newest first, so each team's lists are too
        lists = site.team_stories if isinstance(item, Story) else site.team_articles
        for team in dict.fromkeys(site.teams_of(item.team_refs)):  # a team named twice counts once
            lists[team.slug].append(item)
