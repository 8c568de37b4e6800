"""Which theme templates an output is made with: a template and every
template it extends, includes or imports, followed to the end.

An output's key holds the text of those templates only, so editing the
story template remakes story pages and nothing else. A template that names
another by an expression (`{% include name %}`) could use any of them, and
so depends on them all.
"""

from __future__ import annotations

import jinja2
from jinja2 import meta

from ..core.cache import Cache, digest
from .templates import Theme


class TemplateDigests:
    """A digest per template name of the text of everything it is made from."""

    def __init__(self, theme: Theme, memo: Cache | None = None) -> None:
        self._theme = theme
        self._env = jinja2.Environment(extensions=["jinja2.ext.i18n"])  # parses only, never renders
        self._texts: dict[str, bytes] = {}
        self._uses: dict[str, frozenset[str] | None] = {}  # None: names templates by expression
        self._digests: dict[str, str] = {}
        if memo is not None:
            self._recall(memo)

    def _recall(self, memo: Cache) -> None:
        """Every template's references, from the cache by its text when it has not
        changed: parsing a theme costs a rebuild a tenth of a second. Done before
        the build forks, so no worker parses."""
        keys = {name: "template-uses:" + digest(self._text(name)) for name in self._theme.templates}
        known = memo.get_many(list(keys.values()))
        fresh = {}
        for name, key in keys.items():
            if key in known:
                self._uses[name] = known[key]
            else:
                fresh[key] = self._references(name)
        memo.put_many(fresh)

    def __call__(self, name: str) -> str:
        found = self._digests.get(name)
        if found is None:
            used = self._closure(name)
            found = self._digests[name] = digest(*(f"{n}\0".encode() + self._text(n) for n in sorted(used)))
        return found

    def _closure(self, name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            uses = self._references(current)
            if uses is None:
                return set(self._theme.templates) | seen
            todo.extend(uses)
        return seen

    def _references(self, name: str) -> frozenset[str] | None:
        if name not in self._uses:
            try:
                names = set(meta.find_referenced_templates(self._env.parse(self._text(name).decode("utf-8"))))
            except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
                names = set()  # the render reports it, at its line; the text is still in the digest
            self._uses[name] = None if None in names else frozenset(n for n in names if n is not None)
        return self._uses[name]

    def _text(self, name: str) -> bytes:
        if not self._texts:  # the theme's templates as read once for the build, every language's
            self._texts = {n: data or b"" for n, data in self._theme.files.contents(self._theme)[0]}
        return self._texts.get(name, b"\0missing")
