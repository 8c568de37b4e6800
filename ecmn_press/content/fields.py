"""Typed reading of one YAML mapping, reporting every problem at its place.

`config` and `schema` declare what each key must hold through these
readers; an editor gets one message per wrong key, all in one run.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Iterable
from zoneinfo import ZoneInfo

import yaml

from ..core.diagnostics import Position, Report, did_you_mean
from ..core.model import CONTROL_CHARACTERS, Ref, When
from ..core.weburls import LINK, url_problem
from ..i18n.codes import code_problem, normal
from .yamldoc import Invalid, Located


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Invalid):
        return f"'{value.text}'"
    if value is None:
        return "nothing"
    return f"'{value}'"


def language_code(loc: Located, f: "Fields", key: str) -> str | None:
    """A BCP 47 code as written, checked and normalised ('SV' -> 'sv'); None after reporting it.

    YAML reads a bare `no` as false, so the node's own text is what is
    checked: `lang: no` gets the same "write nb" hint in front matter as in
    site.yaml, not a complaint that false is not text.
    """
    value = loc.value
    if isinstance(value, bool) and isinstance(loc.node, yaml.ScalarNode):
        value = loc.node.value
    problem = code_problem(value)
    if problem is None:
        return normal(value)
    message, hint = problem
    if message == "not a language code":
        f.wrong(loc, key, "a language tag such as en, en-GB or sv")
    else:
        f.report.error(loc.position(), message, hint)
    return None


class Fields:
    """Reads the keys of one mapping; records which keys were asked for."""

    def __init__(self, meta: Located, report: Report, what: str = "field") -> None:
        self.meta = meta
        self.report = report
        self.what = what  # "field", "setting", "measure key": how messages name keys
        self.known: list[str] = []
        self.positions: dict[str, Position] = {}  # where each key asked for was written
        self._refused: set[str] = set()  # keys already reported as unusable

    def _get(self, key: str) -> Located | None:
        self.known.append(key)
        if isinstance(self.meta.value, dict) and key in self.meta.value:
            found = self.meta.child(key)
            self.positions[key] = found.position()
            if self._controls(found, key):
                self._refused.add(key)
                return None
            return None if found.value is None else found
        return None

    def _controls(self, loc: Located, key: str) -> bool:
        """Report each text value under `key` that holds a control character (YAML's "\\x01" escapes)."""
        value = loc.value
        if isinstance(value, str):
            found = CONTROL_CHARACTERS.search(value)
            if found:
                self.report.error(loc.position(), f"'{key}' holds the control character U+{ord(found.group()):04X}",
                                  "remove it: it cannot be published")
            return found is not None
        if isinstance(value, list):
            return any([self._controls(item, key) for item in loc.elements()])
        if isinstance(value, dict):
            return any([self._controls(child, key) for _, child in loc.items()])
        return False

    def missing(self, key: str) -> None:
        if key in self._refused:
            return
        self.report.error(self.meta.position(), f"missing required {self.what} '{key}'")

    def wrong(self, loc: Located, key: str, expected: str, hint: str | None = None) -> None:
        self.report.error(
            loc.position(), f"'{key}' must be {expected}, found {_describe(loc.value)}", hint
        )

    def language(self, key: str) -> str | None:
        """A language code under `key`, checked as site.yaml's are (the one check for both)."""
        loc = self._get(key)
        return None if loc is None else language_code(loc, self, key)

    def _asked(self, key: str, required: bool) -> Located | None:
        """The value under `key`; a missing required one is reported here."""
        loc = self._get(key)
        if loc is None and required:
            self.missing(key)
        return loc

    def text(self, key: str, required: bool = False) -> str | None:
        loc = self._asked(key, required)
        if loc is None:
            return None
        value = loc.value
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
            self.wrong(loc, key, "text")
            return None
        # A title such as `2005` or a date-looking subtitle is still text to the editor.
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if not text.strip():
            if required:
                self.report.error(loc.position(), f"'{key}' must not be empty")
            return None
        return text.strip()

    def integer(self, key: str, required: bool = False, minimum: int | None = None) -> int | None:
        loc = self._asked(key, required)
        if loc is None:
            return None
        if isinstance(loc.value, bool) or not isinstance(loc.value, int):
            self.wrong(loc, key, "a whole number")
            return None
        if minimum is not None and loc.value < minimum:
            expected = "a positive whole number" if minimum == 1 else f"at least {minimum}"
            self.wrong(loc, key, expected)
            return None
        return loc.value

    def number(self, key: str, required: bool = False) -> float | None:
        loc = self._asked(key, required)
        if loc is None:
            return None
        value = loc.value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
            self.wrong(loc, key, "a number")
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        loc = self._get(key)
        if loc is None:
            return default
        if not isinstance(loc.value, bool):
            self.wrong(loc, key, "true or false")
            return default
        return loc.value

    def choice(self, key: str, options: Iterable[str], default: str | None) -> str | None:
        options = list(options)
        loc = self._get(key)
        if loc is None:
            return default
        value = loc.value
        if isinstance(value, str) and value.lower() in options:
            return value.lower()
        hint = did_you_mean(str(value).lower(), options) or "one of " + ", ".join(options)
        self.wrong(loc, key, " or ".join(f"'{o}'" for o in options), hint)
        return default

    def names(self, key: str, required: bool = False) -> list[Ref]:
        """A list of names, or one name written as a plain string."""
        loc = self._asked(key, required)
        if loc is None:
            return []
        items = list(loc.elements()) if isinstance(loc.value, list) else [loc]
        refs: list[Ref] = []
        for item in items:
            value = item.value
            if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
                self.wrong(item, key, "a name or a list of names")
                continue
            refs.append(Ref(str(value).strip(), item.position()))
        if required and not items:
            self.report.error(loc.position(), f"'{key}' must name at least one")
        return refs

    def ref(self, key: str, allowed: frozenset[str] = frozenset()) -> Ref | None:
        """A path in the site, or an address with one of the `allowed` schemes."""
        loc = self._get(key)
        if loc is None:
            return None
        if not isinstance(loc.value, str) or not loc.value.strip():
            self.wrong(loc, key, "a file path")
            return None
        problem = url_problem(loc.value, allowed)
        if problem:
            self.report.error(loc.position(), f"'{key}' cannot be published: {problem}")
            return None
        return Ref(loc.value.strip(), loc.position())

    def url(self, key: str, allowed: frozenset[str] = LINK, required: bool = False) -> str | None:
        """A URL readers may be sent to: one of the `allowed` schemes, or a path on the site."""
        text = self.text(key, required)
        if text is None:
            return None
        problem = url_problem(text, allowed)
        if problem:
            self.report.error(self.positions[key], f"'{key}' cannot be published: {problem}")
            return None
        return text

    def when(self, key: str, tz: ZoneInfo, required: bool = False) -> When | None:
        loc = self._asked(key, required)
        if loc is None:
            return None
        return read_when(loc, key, tz, self)

    def located(self, key: str) -> Located | None:
        return self._get(key)

    def extra(self) -> dict[str, Any]:
        """Keys nobody asked for: kept for templates, a near-miss gets a hint."""
        extra: dict[str, Any] = {}
        for key, loc in self.meta.items():
            if key in self.known or self._controls(loc, str(key)):
                continue
            extra[str(key)] = loc.value
            hint = did_you_mean(str(key), self.known, cutoff=0.75)
            if hint:
                self.report.warning(
                    self.meta.key_position(str(key)),
                    f"unknown {self.what} '{key}' is kept only for templates",
                    hint,
                )
        return extra


MIN_YEAR, MAX_YEAR = 1800, 2999


def read_when(loc: Located, key: str, tz: ZoneInfo, fields: Fields) -> When | None:
    value = loc.value
    if isinstance(value, str):
        value = _parse_iso(value.strip())
    if isinstance(value, Invalid):
        reason = "a time zone offset must be less than 24 hours" if "offset" in value.reason else value.reason
        fields.report.error(loc.position(), f"'{key}' is not a real date: '{value.text}' ({reason})")
        return None
    if isinstance(value, dt.date) and not MIN_YEAR <= value.year <= MAX_YEAR:
        # Beyond these, timezone arithmetic overflows; inside, every real date fits.
        fields.report.error(loc.position(), f"'{key}' year {value.year} is out of range ({MIN_YEAR} to {MAX_YEAR})")
        return None
    if isinstance(value, dt.datetime):
        instant = value if value.tzinfo else value.replace(tzinfo=tz)
        return When(instant.astimezone(tz).date(), instant, has_time=True)
    if isinstance(value, dt.date):
        return When(value, dt.datetime.combine(value, dt.time(), tzinfo=tz))
    fields.wrong(loc, key, "a date like 2005-06-20 or a date-time like 2005-06-20T09:30:00+01:00")
    return None


def _parse_iso(text: str) -> Any:
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return text


def _finite(value: int | float) -> bool:
    """A finite float, or an int that fits in one (YAML allows 400-digit ints)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False
