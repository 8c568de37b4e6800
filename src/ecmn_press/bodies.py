"""The Markdown stage: every published body rendered, every link checked."""

from __future__ import annotations

from .config import BuildOptions
from .diagnostics import Report
from .links import LinkResolver, LinkTable
from .markdown import Rendered, new_engine, render
from .model import Document
from .plan import Plan
from .relate import Site
from .sources import Sources


def published(site: Site) -> list[Document]:
    articles = [a for number in sorted(site.articles) for a in site.articles[number]]
    return [*site.issues, *articles, *site.stories, *site.teams.values(), *site.pages]


def link_table(site: Site, plan: Plan, sources: Sources) -> LinkTable:
    return LinkTable(
        base_path=site.config.base_path,
        pages=dict(plan.urls),
        held={h.path: h.detail for h in site.held_back},
        media=frozenset(m.path for m in sources.media),
        files=frozenset(sources.all_paths),
        routes=frozenset(r.url for r in plan.routes),
    )


def render_bodies(
    site: Site, plan: Plan, sources: Sources, options: BuildOptions, report: Report
) -> tuple[dict[str, Rendered], dict[str, str]]:
    """Rendered bodies by content path, and issue cover hrefs by issue path."""
    table = link_table(site, plan, sources)
    sanitize = site.config.raw_html == "sanitize"
    md = new_engine()
    bodies: dict[str, Rendered] = {}
    anchors: list[tuple[str, str, object]] = []
    for doc in published(site):
        resolve = LinkResolver(table, doc.path)
        bodies[doc.path] = render(md, doc.body, doc.path, resolve, sanitize)
        report.extend(resolve.report.items)
        anchors.extend(resolve.targets)
    covers = {}
    for issue in site.issues:
        if issue.cover is not None:
            resolve = LinkResolver(table, issue.path)
            covers[issue.path] = resolve(issue.cover.value, issue.cover.position) or issue.cover.value
            report.extend(resolve.report.items)
    for target, anchor, position in anchors:
        ids = {heading_id for _, heading_id, _ in bodies[target].headings} if target in bodies else set()
        if target in bodies and anchor not in ids and not anchor.startswith("fn"):
            report.warning(position, f"no heading '#{anchor}' in {target}")  # type: ignore[arg-type]
    return bodies, covers
