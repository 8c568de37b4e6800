"""Site settings (content/site.yaml) and the options of one build."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..core.diagnostics import Position, Report, did_you_mean
from ..core.model import NavLink
from ..core.slugs import is_slug
from ..core.weburls import WEB, url_problem
from ..images.settings import KNOWN_FORMATS, ImageSettings
from ..i18n.codes import code_problem
from .fields import Fields, language_code
from .yamldoc import Located

SETTINGS_PATH = "content/site.yaml"


@dataclass(frozen=True, slots=True)
class Language:
    """A language the site is published in besides its default one."""

    code: str  # BCP 47, as URLs and `lang` attributes write it
    title: str | None = None  # the site's title in this language; None: the default title
    description: str | None = None
    nav: tuple[NavLink, ...] | None = None  # None: the default menu
    tags: dict[str, str] = field(default_factory=dict)  # tag as written -> its name in this language


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    base_url: str  # absolute, always ending in '/'
    description: str = ""
    language: str = "en"
    timezone: ZoneInfo = ZoneInfo("UTC")
    theme: str | None = None
    feed_items: int = 20
    raw_html: Literal["sanitize", "trusted"] = "sanitize"
    page_size: int = 24  # items on one page of a list
    nav: tuple[NavLink, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    images: ImageSettings = ImageSettings()
    languages: tuple[Language, ...] = ()  # the other languages, in the order site.yaml gives them
    newsletter: str = "Newsletter"  # the newsletter's name: an issue's default title is "<name> #N"
    prefix: str = ""  # '' for the default language, 'sv/' for a language's copy of the settings

    @property
    def base_path(self) -> str:
        """The path part of base_url: '/' or e.g. '/ecmn/' (the site's root, in every language)."""
        return urlsplit(self.base_url).path

    @property
    def codes(self) -> tuple[str, ...]:
        """Every language of the site, the default first."""
        return (self.language, *(lang.code for lang in self.languages))

    def href(self, url: str) -> str:
        """A site-relative URL ('teams/x/') as a link that works under base_url, in this language."""
        return self.base_path + self.prefix + url

    def absolute(self, url: str) -> str:
        return self.base_url + self.prefix + url

    def in_language(self, code: str) -> "SiteConfig":
        """These settings as one language's pages see them: its title, menu and URL prefix."""
        if code == self.language:
            return self
        lang = next(lang for lang in self.languages if lang.code == code)
        return replace(
            self, language=code, prefix=f"{code}/", title=lang.title or self.title,
            description=self.description if lang.description is None else lang.description,
            nav=self.nav if lang.nav is None else lang.nav,
        )

    def tag_name(self, name: str) -> str:
        """A tag's name in these settings' language (as written when not given)."""
        for lang in self.languages:
            if lang.code == self.language:
                return lang.tags.get(name, name)
        return name


@dataclass(frozen=True, slots=True)
class BuildOptions:
    now: dt.datetime  # the build's clock, an input so builds are reproducible
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    jobs: int = 1
    search: bool = True
    index_search: bool = True  # False: the search page as with an index, but the caller indexes (serve, in shards)
    strict: bool = False
    cache: bool = True  # keep per-file results in the user's cache folder


def load_config(meta: Located | None, report: Report, base_url_override: str | None = None) -> SiteConfig | None:
    if meta is None:
        return None
    f = Fields(meta, report, what="setting")
    title = f.text("title", required=True)
    base_url = _base_url(f, base_url_override)
    description = f.text("description") or ""
    language = _language(f)
    timezone = _timezone(f)
    theme = _theme(f)
    feed_items = f.integer("feed_items", minimum=1) or 20
    raw_html = f.choice("raw_html", ["sanitize", "trusted"], "sanitize")
    page_size = f.integer("page_size", minimum=1) or 24
    nav = _nav(f)
    images = _images(f)
    languages = _languages(f, language)
    newsletter = f.text("newsletter") or "Newsletter"
    extra = f.extra()
    if title is None or base_url is None:
        return None
    return SiteConfig(
        title, base_url, description, language, timezone, theme, feed_items,
        raw_html, page_size, tuple(nav), extra, images, tuple(languages), newsletter,  # type: ignore[arg-type]
    )


def check_base_url(url: str) -> str | None:
    """The URL normalised to end in '/', or None when it is not absolute http(s)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    return url if url.endswith("/") else url + "/"


def base_url_problem(url: str) -> str | None:
    """Why `url` cannot be a site's base_url, or None: the loader's rule, for front ends that ask first."""
    problem = url_problem(url, WEB, site_paths=False)
    if problem is None and check_base_url(url) is None:
        problem = "it must be an absolute http(s) URL without a query or fragment, such as https://example.org/ecmn/"
    return problem


def is_language_tag(tag: str) -> bool:
    """A BCP 47 language tag as site.yaml accepts it (en, en-GB, sv; not 'no')."""
    return code_problem(tag) is None


def timezone_named(name: str) -> ZoneInfo | None:
    """The IANA timezone `name` names, or None."""
    if re.fullmatch(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", name):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    return None


def _base_url(f: Fields, override: str | None) -> str | None:
    loc = f.located("base_url")
    if override is not None:
        return check_base_url(override)  # the CLI has already refused a bad one
    if loc is None:
        f.missing("base_url")
        return None
    url = check_base_url(loc.value) if isinstance(loc.value, str) else None
    if url is None:
        f.wrong(loc, "base_url", "an absolute http(s) URL such as https://example.org/ecmn/")
    return url


def _language(f: Fields) -> str:
    loc = f.located("language")
    if loc is None:
        return "en"
    return language_code(loc, f, "language") or "en"


def _languages(f: Fields, default: str) -> list[Language]:
    loc = f.located("languages")
    if loc is None:
        return []
    if not isinstance(loc.value, list):
        f.wrong(loc, "languages", "a list of language codes, or of {code, title, description, nav, tags}")
        return []
    found: list[Language] = []
    for entry in loc.elements():
        if isinstance(entry.value, dict):
            item = Fields(entry, f.report, what="language key")
            code_loc = item.located("code")
            if code_loc is None:
                item.missing("code")
                item.extra()
                continue
            code = language_code(code_loc, f, "code")
            title, description = item.text("title"), item.text("description")
            nav = _nav(item) if item.located("nav") is not None else None
            tags = _tag_names(item)
            item.extra()
            where = code_loc
        else:
            code, title, description, nav, tags, where = language_code(entry, f, "languages"), None, None, None, {}, entry
        if code is None:
            continue
        if code == default or any(lang.code == code for lang in found):
            what = "the default language" if code == default else "listed twice"
            f.report.error(where.position(), f"language '{code}' is {what}", "list each other language once")
            continue
        found.append(Language(code, title, description, None if nav is None else tuple(nav), tags))
    return found


def _tag_names(f: Fields) -> dict[str, str]:
    loc = f.located("tags")
    if loc is None:
        return {}
    if not isinstance(loc.value, dict):
        f.wrong(loc, "tags", "a mapping of each tag as written to its name in this language")
        return {}
    names = {}
    for key, value in loc.items():
        if isinstance(key, str) and isinstance(value.value, str) and value.value.strip():
            names[key] = value.value.strip()
        else:
            f.wrong(value, "tags", "a mapping of each tag as written to its name in this language")
    return names


def _timezone(f: Fields) -> ZoneInfo:
    loc = f.located("timezone")
    if loc is None:
        return ZoneInfo("UTC")
    name = loc.value
    zone = timezone_named(name) if isinstance(name, str) else None
    if zone is not None:
        return zone
    hint = did_you_mean(str(name), sorted(available_timezones()))
    f.wrong(loc, "timezone", "an IANA timezone name such as Europe/London", hint)
    return ZoneInfo("UTC")


def _theme(f: Fields) -> str | None:
    loc = f.located("theme")
    if loc is None:
        return None
    if not isinstance(loc.value, str) or not is_slug(loc.value.replace("_", "-")):
        f.wrong(loc, "theme", "the name of a folder under themes/")
        return None
    return loc.value


def _nav(f: Fields) -> list[NavLink]:
    loc = f.located("nav")
    if loc is None:
        return []
    if not isinstance(loc.value, list):
        f.wrong(loc, "nav", "a list of {title, url} entries")
        return []
    links = []
    for entry in loc.elements():
        item = Fields(entry, f.report, what="nav key")
        if not isinstance(entry.value, dict):
            f.wrong(entry, "nav", "a list of {title, url} entries")
            continue
        title, url = item.text("title", required=True), item.url("url", required=True)
        item.extra()
        if title and url:
            links.append(NavLink(title, url))
    return links


def _images(f: Fields) -> ImageSettings:
    """`images:` {widths, formats, quality, publish_originals}; each key optional."""
    loc = f.located("images")
    if loc is None:
        return ImageSettings()
    if not isinstance(loc.value, dict):
        f.wrong(loc, "images", "a mapping with widths, formats, quality or publish_originals")
        return ImageSettings()
    sub = Fields(loc, f.report, what="images setting")
    default = ImageSettings()
    widths = _int_list(sub, "widths", 16, 8000) or default.widths
    formats = default.formats
    found = sub.located("formats")
    if found is not None:
        values = found.value if isinstance(found.value, list) else [found.value]
        if all(isinstance(v, str) and v.lower() in KNOWN_FORMATS for v in values):
            formats = tuple(dict.fromkeys(v.lower() for v in values))
        else:
            sub.wrong(found, "formats", "a list of " + " and ".join(KNOWN_FORMATS) + " (or [] for the original format only)")
    quality = sub.integer("quality", minimum=1) or default.quality
    originals = sub.boolean("publish_originals", False)
    sub.extra()
    return ImageSettings(widths, formats, min(quality, 100), originals)


def _int_list(f: Fields, key: str, low: int, high: int) -> tuple[int, ...] | None:
    loc = f.located(key)
    if loc is None:
        return None
    values = loc.value if isinstance(loc.value, list) else [loc.value]
    if values and all(isinstance(v, int) and not isinstance(v, bool) and low <= v <= high for v in values):
        return tuple(sorted(set(values)))
    f.wrong(loc, key, f"a list of widths in pixels, each from {low} to {high}")
    return None


def theme_position(config_meta: Located | None) -> Position:
    if config_meta is None:
        return Position(SETTINGS_PATH)
    return config_meta.child("theme").position()

