"""HTML that survives a mail client: the fragment and document steps of the e-mail edition.

Mail clients ignore stylesheets, scripts and relative URLs and draw an image
at whatever size it happens to be, so each body is cleaned, made absolute
and given image widths, and the finished document has its CSS moved into
`style` attributes. Only the at-rules (narrow screens, dark mode) stay in a
`<style>` element, for the clients that honour them.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Callable
from urllib.parse import unquote

from ..images.library import Library
from ..images.settings import MAIL_WIDTH
from ..text.absolute import absolutize
from ..text.sanitize import clean_html
from ..text.tables import scrolling_tables

MAX_IMAGE_WIDTH = MAIL_WIDTH  # a 600 px column less its padding

# Absolute image URL -> (the PNG or JPEG to send instead, width, height to draw it at);
# None for an image that is not the site's own.
MailImage = Callable[[str], "tuple[str, int, int] | None"]

_PICTURE = re.compile(r"<picture>.*?(<img\b[^>]*>).*?</picture>", re.IGNORECASE | re.DOTALL)
_BACKREF = re.compile(r'\s*<a href="#fnref[^"]*" class="footnote-backref">[^<]*</a>')
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'([^\s=/>"]+)(?:="([^"]*)")?')
_HEADING = re.compile(r"<(/?)h([1-5])\b", re.IGNORECASE)
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def prepare(body_html: str, page_url: str, mail_image: MailImage) -> str:
    """A rendered body, ready for a mail: safe, absolute, with each of the
    site's images as one sized PNG or JPEG (mail clients show no SVG, WebP or
    AVIF, and most ignore `srcset`).

    `page_url` is the absolute URL of the page the body belongs to, so that
    its relative links and footnote marks lead there.
    """
    html = _PICTURE.sub(lambda m: m.group(1), _BACKREF.sub("", body_html))
    html = scrolling_tables(clean_html(html, mail=True), keyboard=False)
    return _IMG.sub(lambda m: _sized_image(m.group(0), mail_image), absolutize(html, page_url))


def demote_headings(html: str) -> str:
    """Headings one level down: in the mail, sections of a body sit under its title."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


def image_box(known: tuple[int, int] | None, width: str = "", height: str = "") -> tuple[int, int | None]:
    """The width (and height, when known) to draw an image at, never wider than the column.

    An editor's own width wins (the height then follows the picture's
    proportions when they are known); then the picture's size; an image of
    unknown size fills the column, and CSS keeps it no wider than the screen.
    """
    if width.isdigit() and int(width) > 0:
        w = int(width)
        h = int(height) if height.isdigit() else (round(known[1] * w / known[0]) if known else None)
    else:
        w, h = known if known else (MAX_IMAGE_WIDTH, None)
    if w > MAX_IMAGE_WIDTH:
        h = round(h * MAX_IMAGE_WIDTH / w) if h else None
        w = MAX_IMAGE_WIDTH
    return w, h


def _sized_image(tag: str, mail_image: MailImage) -> str:
    attrs = {name.lower(): htmllib.unescape(value or "") for name, value in _ATTR.findall(tag[4:].rstrip("/>"))}
    found = mail_image(attrs.get("src", ""))
    if found is not None:
        attrs["src"] = found[0]
        attrs.pop("width", None), attrs.pop("height", None)  # sized for the site, not for this column
    width, height = image_box(found[1:] if found else None, attrs.pop("width", ""), attrs.pop("height", ""))
    for name in ("loading", "decoding", "srcset", "sizes"):
        attrs.pop(name, None)
    attrs.setdefault("alt", "")  # Markdown always writes one; raw HTML may not
    attrs["width"] = str(width)
    if height:
        attrs["height"] = str(height)
    return "<img " + " ".join(f'{k}="{htmllib.escape(v)}"' for k, v in attrs.items()) + ">"


def mail_images(base_url: str, library: Library | None) -> MailImage:
    """The e-mail picture of each of the site's media images, by absolute URL
    (of the original or of any of its variants)."""

    def mail_image(src: str) -> tuple[str, int, int] | None:
        if library is None or not src.startswith(base_url):
            return None
        path = library.source_of(unquote(src[len(base_url):].split("?", 1)[0].split("#", 1)[0]))
        done = library.get(path) if path else None
        if path is None or done is None or done.mail is None:
            return None
        mail = done.mail
        width = min(done.width or MAX_IMAGE_WIDTH, MAX_IMAGE_WIDTH)
        return base_url + library.output(path, mail), width, max(1, round(mail.height * width / mail.width))

    return mail_image


class CSSError(ValueError):
    """The e-mail CSS could not be read by the inliner."""


def inline_css(document: str) -> str:
    """CSS into style attributes; raises CSSError on CSS it cannot read."""
    import css_inline  # loaded only by builds that make an e-mail edition

    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True, resolve_css_variables=True)
    try:
        html = inliner.inline(document)
    except css_inline.InlineError as exc:
        raise CSSError(str(exc)) from exc
    # The inliner puts the at-rules first in <head>; the charset must come first.
    kept = _STYLE.search(html)
    if kept is not None:
        html = html[: kept.start()] + html[kept.end() :]
        rules = _COMMENT.sub("", kept.group(1)).strip()
        if rules:
            html = html.replace("</head>", f"<style>{rules}</style></head>", 1)
    return html

