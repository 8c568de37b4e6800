"""Images in HTML: `<picture>` for the site, one sized PNG or JPEG for e-mail.

Bodies are rendered (and cached) with plain `<img src="/media/x.jpg">`;
`pictures` then puts each of the site's own raster images in a
`<picture>`: one `<source>` per modern format with every width in its
`srcset`, and an `<img>` in a format every browser shows, with the alt
text, the `width` and `height` of the largest variant (so the page does not
move as it loads), `loading="lazy"` (but for a body's first image, which is
often the first thing on screen) and `decoding="async"`. A link to a photo
leads to its largest variant, since the original is not published.
"""

from __future__ import annotations

import html as htmllib
import re
from urllib.parse import unquote

from .library import Library
from .variants import Processed

# The reading column is at most 42rem; below that, the screen less its margins.
BODY_SIZES = "(min-width: 46rem) 42rem, calc(100vw - 2rem)"

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'([^\s=/>"]+)(?:="([^"]*)")?')
_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")', re.IGNORECASE)
_PREFERENCE = ["AVIF", "WEBP", "JPEG", "PNG", "GIF"]  # smaller formats offered first
_DROP = {"src", "srcset", "sizes", "width", "height", "loading", "decoding"}


def url_path(href: str, base_path: str) -> str | None:
    """'/ecmn/media/a%20b.jpg#x' -> 'media/a b.jpg'; None for anything not the site's media."""
    href = htmllib.unescape(href)
    if not href.startswith(base_path + "media/"):
        return None
    return unquote(href[len(base_path):].split("#", 1)[0].split("?", 1)[0])


def pictures(html: str, library: Library, originals: bool, eager_first: bool = True) -> str:
    """Every image of the site's media in `html` as its published variants."""
    if library.base_path + "media/" not in html:
        return html
    seen = [0]

    def image(match: re.Match) -> str:
        tag = match.group(0)
        attrs = _attrs(tag)
        path = url_path(attrs.get("src", ""), library.base_path)
        done = library.get(path) if path else None
        if path is None or done is None or done.problem:
            return tag
        eager = eager_first and seen[0] == 0
        seen[0] += 1
        return element(library, path, done, attrs, BODY_SIZES, eager)

    def link(match: re.Match) -> str:
        path = url_path(match.group(2), library.base_path)
        done = library.get(path) if path else None
        if path is None or done is None or done.problem or originals or done.kind == "svg":
            return match.group(0)
        target = done.fallback()
        if target is None:
            return match.group(0)
        return f"{match.group(1)}{htmllib.escape(library.href(path, target))}{match.group(3)}"

    return _HREF.sub(link, _IMG.sub(image, html))


def element(library: Library, path: str, done: Processed, attrs: dict[str, str], sizes: str, eager: bool) -> str:
    """The markup for one image, keeping the editor's other attributes (alt, title, class)."""
    view = picture_view(library, path, done)
    kept = {k: v for k, v in attrs.items() if k not in _DROP}
    kept.setdefault("alt", "")
    img = {"src": view["src"]}
    if view["srcset"]:
        img.update(srcset=view["srcset"], sizes=sizes)
    img.update(kept)
    if view["width"]:
        img.update(width=str(view["width"]), height=str(view["height"]))
    if not eager:
        img["loading"] = "lazy"
    img["decoding"] = "async"
    tag = "<img " + " ".join(f'{k}="{htmllib.escape(v)}"' for k, v in img.items()) + ">"
    if not view["sources"]:
        return tag
    sources = "".join(f'<source type="{s["type"]}" srcset="{htmllib.escape(s["srcset"])}" sizes="{sizes}">'
                      for s in view["sources"])
    return f"<picture>{sources}{tag}</picture>"


def picture_view(library: Library, path: str, done: Processed) -> dict:
    """What a template needs to draw an image: src, srcset, sources by type, width, height."""
    if done.kind == "svg" or not done.variants:
        return {"src": library.base_path + path, "srcset": "", "sources": [],
                "width": done.width, "height": done.height}
    fallback = done.fallback()
    assert fallback is not None
    by_format: dict[str, list] = {}
    for v in done.variants:
        by_format.setdefault(v.format, []).append(v)
    plain = by_format.pop(fallback.format)

    def srcset(variants: list) -> str:
        return ", ".join(f"{library.href(path, v)} {v.width}w" for v in variants)

    return {
        "src": library.href(path, fallback),
        "srcset": srcset(plain) if done.kind == "photo" else "",
        "sources": [{"type": by_format[f][0].mime, "srcset": srcset(by_format[f])}
                    for f in sorted(by_format, key=_PREFERENCE.index)],
        "width": fallback.width,
        "height": fallback.height,
    }


def _attrs(tag: str) -> dict[str, str]:
    body = tag[4:].rstrip(">").rstrip("/")
    return {name.lower(): htmllib.unescape(value or "") for name, value in _ATTR.findall(body)}
