"""Long lists cut into pages, and the pager that walks them.

A list keeps its URL for its first page; page n lives at `<list>/page/n/`
(`content.urls.page_url`). The pager names the first and last pages and the
two either side of the current one, so it stays short on a phone however
long the list grows.
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

from ..content.urls import page_url

T = TypeVar("T")
_NEAR = 2  # pages either side of the current one that the pager names


def page_of(items: Sequence[T], number: int, size: int) -> list[T]:
    return list(items[(number - 1) * size: number * size])


def pager(list_url: str, number: int, count: int, href: Callable[[str], str]) -> dict | None:
    """What the pager template shows; None for a list of one page."""
    if count <= 1:
        return None
    shown = sorted({1, count, *range(max(1, number - _NEAR), min(count, number + _NEAR) + 1)})
    links: list[dict] = []
    for n in shown:
        if links and n - links[-1]["number"] > 1:
            links.append({"number": None, "href": None, "current": False})  # a gap
        links.append({"number": n, "href": href(page_url(list_url, n)), "current": n == number})
    return {
        "number": number, "count": count, "links": links,
        "prev": href(page_url(list_url, number - 1)) if number > 1 else None,
        "next": href(page_url(list_url, number + 1)) if number < count else None,
    }


def titled(title: str, number: int, count: int, words=None) -> str:
    """A page's title: the list's own on its first page, with the page after that."""
    if number == 1:
        return title
    said = {"title": title, "number": number, "count": count}
    return (words.gettext("%(title)s, page %(number)d of %(count)d") if words else
            "%(title)s, page %(number)d of %(count)d") % said
