"""The one place that decides URLs. URLs here are site-relative: '' is the
home page, 'teams/x/' a team; `SiteConfig.href` puts the base path in front."""

from __future__ import annotations

from ..core.model import Article, Document, Issue, Measure, Page, Story, Team, Term
from ..core.slugs import slugify

TERM_SECTIONS = {"tag": "tags", "author": "authors", "theme": "themes"}
# Top-level names a page slug may not take: they hold files, not pages.
RESERVED = {"media": "the site's media files", "assets": "the theme's files", "pagefind": "the search index"}


def issue_url(number: int) -> str:
    return f"issues/{number}/"


def article_url(issue_number: int, slug: str) -> str:
    return f"issues/{issue_number}/{slug}/"


def doc_url(doc: Document, issue_number: int | None = None) -> str:
    if isinstance(doc, Issue):
        return issue_url(doc.number)
    if isinstance(doc, Article):
        assert issue_number is not None
        return article_url(issue_number, doc.slug)
    if isinstance(doc, Story):
        return f"stories/{doc.slug}/"
    if isinstance(doc, Team):
        return f"teams/{doc.slug}/"
    if isinstance(doc, Page):
        return f"{doc.slug}/"
    raise TypeError(doc)


def term_url(term: Term) -> str:
    return f"{TERM_SECTIONS[term.kind]}/{term.slug}/"


def page_url(list_url: str, number: int) -> str:
    """Page `number` of a list: the first keeps the list's own URL."""
    return list_url if number == 1 else f"{list_url}page/{number}/"


def pages_for(count: int, page_size: int) -> int:
    return max(1, -(-count // page_size))


def feed_url(page_url: str) -> str:
    return f"{page_url}feed.xml"


MEASURE_SLUG_MAX = 80


def measure_slugs(measures: list[Measure]) -> list[str]:
    """One slug per measure of a story, from its name, unique within the story.

    A name with no letters or digits becomes 'measure'; a repeat gets -2, -3.
    Long names are cut at a word, well inside file systems' 255-byte names.
    """
    taken: set[str] = set()
    out = []
    for measure in measures:
        base = slugify(measure.name)
        if len(base) > MEASURE_SLUG_MAX:
            base = base[: MEASURE_SLUG_MAX + 1].rsplit("-", 1)[0][:MEASURE_SLUG_MAX].strip("-")
        base = base or "measure"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out.append(slug)
    return out


def measure_csv_url(page_url: str, measure_slug: str) -> str:
    return f"{page_url}{measure_slug}.csv"


def output_path(url: str) -> str:
    """Where a URL's file lives in the output folder: 'x/' -> 'x/index.html'."""
    return f"{url}index.html" if url == "" or url.endswith("/") else url
