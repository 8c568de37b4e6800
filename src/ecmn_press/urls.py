"""The one place that decides URLs. URLs here are site-relative: '' is the
home page, 'teams/x/' a team; `SiteConfig.href` puts the base path in front."""

from __future__ import annotations

from .model import Article, Document, Issue, Page, Story, Team, Term

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


def feed_url(page_url: str) -> str:
    return f"{page_url}feed.xml"


def output_path(url: str) -> str:
    """Where a URL's file lives in the output folder: 'x/' -> 'x/index.html'."""
    return f"{url}index.html" if url == "" or url.endswith("/") else url
