"""Themes and Jinja: find templates and static files, render, report errors
at the template's own file and line.

A site theme (themes/<name>/) overrides the built-in theme file by file.
Its files are found and read under the same policy as content (`core.files`):
a template that is a symbolic link out of the site is refused, not rendered.
Templates use StrictUndefined: a misspelt variable is an error, not a blank,
and render in a sandbox (`sandbox`): a theme is content, not code to trust.
"""

from __future__ import annotations

import gettext
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Callable

import jinja2
import jinja2.bccache
import jinja2.nodes
from jinja2 import meta, nodes
from markupsafe import Markup

from ..core.diagnostics import Position, Report
from ..core.files import Walker, read_file
from ..i18n.catalogues import CatalogueFile, Words, catalogue_names, load_words
from .sandbox import ThemeEnvironment, within_time

BUILTIN_THEME = Path(__file__).parent.parent / "theme"
_WORD_FUNCTIONS = frozenset({"_", "gettext", "ngettext", "pgettext", "npgettext"})


class _CompiledOnce(jinja2.BytecodeCache):
    """Each template's compiled code, kept for the build, so that every
    language's environment compiles a template once between them; and kept
    in the build cache between builds (`stored`), so that a rebuild after a
    small edit compiles none of the templates it uses."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}
        # Template -> (its source's checksum, its code as Jinja writes it); Jinja's
        # header in that code says which Jinja and Python made it, and it is
        # refused by any other.
        self.stored: dict[str, tuple[str, bytes]] = {}
        self.fresh = False  # `stored` holds code compiled by this build

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]  # type: ignore[assignment]
            return
        kept = self.stored.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.bytecode_from_string(kept[1])
            if bucket.code is not None:
                self._code[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        self.stored[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())
        self.fresh = True


# The compiled code depends on the environment's settings (Renderer below) as well as on
# the source: change this name with them.
COMPILED_KEY = "templates:sandboxed,autoescape,strict,trim,lstrip,i18n-newstyle"


class ThemeFiles:
    """The theme's files as read once for a build and shared by every language: each
    language has its own Jinja environment (its own gettext), but none reads a
    template, compiles it or hashes a static file again."""

    def __init__(self) -> None:
        self.sources: dict[str, tuple[str, str]] = {}  # template name -> (text, file name)
        self.compiled = _CompiledOnce()
        self._contents: tuple[list, list] | None = None
        self._digests: dict[str, str] | None = None

    def contents(self, theme: "Theme") -> tuple[list, list]:
        """Every template's and catalogue's bytes, for the output keys."""
        if self._contents is None:
            self._contents = (
                [(name, read_file(path, None)[0]) for name, path in sorted(theme.templates.items())],
                [(name, [read_file(p, None)[0] for p in paths]) for name, paths in sorted(theme.locale.items())],
            )
        return self._contents

    def digests(self, theme: "Theme") -> dict[str, str]:
        if self._digests is None:
            self._digests = {rel: hashlib.sha256(read_file(path, None)[0] or b"").hexdigest()[:10]
                             for rel, path in theme.static.items()}
        return self._digests


@dataclass(frozen=True, slots=True)
class Theme:
    templates: dict[str, Path]  # template name -> file, site theme winning
    static: dict[str, Path]  # path under assets/ -> file, site theme winning
    site_dir: Path
    # 'sv/LC_MESSAGES/messages.po' -> its files, the site theme's first, then the built-in one
    locale: dict[str, list[Path]] = field(default_factory=dict)
    files: ThemeFiles = field(default_factory=ThemeFiles, compare=False, repr=False)


def load_theme(site_dir: Path, name: str | None, name_position: Position, report: Report) -> Theme:
    layers = [_builtin_files(BUILTIN_THEME)]
    if name:
        local = site_dir / "themes" / name
        if local.is_dir() and not local.is_symlink():
            layers.append(_site_files(site_dir, local, report))
        else:
            report.error(name_position, f"theme '{name}' not found: there is no folder themes/{name}/")
    templates: dict[str, Path] = {}
    static: dict[str, Path] = {}
    locale: dict[str, list[Path]] = {}
    for files in layers:  # later layers override earlier ones
        for rel, path in files.items():
            folder, _, inner = rel.partition("/")
            if folder == "templates":
                templates[inner] = path
            elif folder == "static":
                static[inner] = path
            elif folder == "locale":
                locale.setdefault(inner, []).insert(0, path)  # a site's catalogue is read first
    return Theme(templates, dict(sorted(static.items())), site_dir, locale)


def theme_words(theme: Theme, code: str, report: Report, warn: bool = True) -> Words:
    """A language's words from the theme's catalogues; English needs none (its strings are the msgids)."""
    files: list[CatalogueFile] = []
    for name in catalogue_names(code):
        for path in theme.locale.get(f"{name}/LC_MESSAGES/messages.po", []):
            data, why = read_file(path)
            shown = _shown(path, theme.site_dir)
            if data is None:
                report.error(Position(shown), why or "cannot be read")
            else:
                files.append((shown, data))
        if files:
            break
    template = theme.locale.get("messages.pot", [])
    pot = (_shown(template[-1], theme.site_dir), read_file(template[-1])[0] or b"") if template else None
    return load_words(code, files, pot, report, warn)


def _shown(path: Path, site_dir: Path) -> str:
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return f"(built-in theme)/{path.relative_to(BUILTIN_THEME).as_posix()}"


def _builtin_files(root: Path) -> dict[str, Path]:
    return {
        (Path(d) / f).relative_to(root).as_posix(): Path(d) / f
        for d, _dirs, names in os.walk(root) for f in names if "__pycache__" not in d
    }


def _site_files(site_dir: Path, local: Path, report: Report) -> dict[str, Path]:
    found, refused = Walker(site_dir).walk(local)
    shown = local.relative_to(site_dir).as_posix()
    for bad in refused:
        report.error(Position(f"{shown}/{bad.rel}"), bad.why)
    return {f.rel: Path(f.real) for f in found}


class _ThemeLoader(jinja2.BaseLoader):
    """Templates by name from the files the theme was allowed to hold, nothing else."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, None]:
        found = self.theme.files.sources.get(template)
        if found is None:
            path = self.theme.templates.get(template)
            if path is None:
                raise jinja2.TemplateNotFound(template)
            data, why = read_file(path)
            if data is None:
                raise jinja2.TemplateNotFound(f"{template} ({why})")
            found = self.theme.files.sources[template] = (data.decode("utf-8"), str(path))
        return found[0], found[1], None

    def list_templates(self) -> list[str]:
        return sorted(self.theme.templates)


def asset_hrefs(theme: Theme, base_path: str) -> dict[str, str]:
    """'style.css' -> '/ecmn/assets/style.css?v=1a2b3c4d': caches renew on change."""
    return {rel: f"{base_path}assets/{rel}?v={digest}" for rel, digest in theme.files.digests(theme).items()}


@dataclass(slots=True)
class Renderer:
    theme: Theme
    report: Report
    words: Words = field(default_factory=lambda: Words("en"))
    env: jinja2.Environment = field(init=False)
    _failed: set[str] = field(default_factory=set)
    _once: dict[str, Markup | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = ThemeEnvironment(
            loader=_ThemeLoader(self.theme),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=self.theme.files.compiled,
        )
        self.env.install_gettext_translations(self.words.translations, newstyle=True)  # type: ignore[attr-defined]
        quick = _quick_gettext(self.words.translations)
        self.env.globals.update(_=quick, gettext=quick)

    def render(self, template: str, **context: object) -> str | None:
        """The rendered text, or None after reporting where the template failed."""
        if template in self._failed:
            return None  # one message per broken template, not one per page
        try:
            with within_time():
                return self.env.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            self._failed.add(template)
            self.report.error(self._position(exc.filename, exc.lineno), f"template error: {exc.message}")
        except Exception as exc:  # noqa: BLE001 - any failure inside a theme is the theme's
            self._failed.add(template)
            filename, line = _template_frame(exc.__traceback__, {str(p) for p in self.theme.templates.values()})
            where = self._position(filename, line) if filename else self._position(template, 1)
            self.report.error(where, f"template error: {_describe(exc)}")
        return None

    def once(self, template: str, **context: object) -> Markup | None:
        """`template` rendered once for all pages, if it reads nothing but `context` and
        the theme's words (the footer: a twentieth of every page's rendering); None if
        it reads anything else, includes another template or draws at random."""
        if template not in self._once:
            text = self.render(template, **context) if self._constant(template, context) else None
            self._once[template] = None if text is None else Markup(text)
        return self._once[template]

    def _constant(self, template: str, context: dict) -> bool:
        try:
            source, filename, _ = self.env.loader.get_source(self.env, template)  # type: ignore[union-attr]
            tree = self.env.parse(source, template, filename)
        except jinja2.TemplateError:
            return False  # each page's own include reports it
        reads = meta.find_undeclared_variables(tree)
        return (reads <= set(context) | _WORD_FUNCTIONS
                and not any(tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)))
                and not any(f.name == "random" for f in tree.find_all(nodes.Filter)))

    def position_of(self, template: str) -> Position:
        """Where a theme file lives, for problems found after it rendered."""
        try:
            filename = self.env.get_template(template).filename
        except jinja2.TemplateError:
            filename = None
        return self._position(filename or template, 1)

    def _position(self, filename: str | None, line: int | None) -> Position:
        path = Path(filename or "")
        # A site's files are named as found, relative when the site folder was given relatively.
        if path.is_absolute() or filename in {str(p) for p in self.theme.templates.values()}:
            return Position(_shown(path, self.theme.site_dir), line or 1)
        return Position(f"templates/{filename}", line or 1)


def _quick_gettext(translations: gettext.NullTranslations) -> Callable[..., str]:
    """Jinja's new-style gettext, as `_()` and `{% trans %}` call it, without its two
    context lookups, and each string without variables translated once per build.

    A page calls it two dozen times (180,000 calls at 5,000 items); Jinja's own
    goes through the context twice per call and makes the same Markup again.
    Same result: the translation, Markup where autoescaping is on, always
    formatted with the variables (so '%%' means '%' with or without them).
    """
    memo: dict[tuple[str, bool], str] = {}

    @jinja2.pass_eval_context
    def quick(eval_ctx: jinja2.nodes.EvalContext, string: str, **variables: object) -> str:
        escape = eval_ctx.autoescape
        if not variables:
            found = memo.get((string, escape))
            if found is None:
                found = memo[string, escape] = _formatted(translations.gettext(string), escape, {})
            return found
        return _formatted(translations.gettext(string), escape, variables)

    return quick


def _formatted(text: str, escape: bool, variables: dict) -> str:
    return (Markup(text) if escape else text) % variables


def _template_frame(tb: TracebackType | None, files: set[str]) -> tuple[str | None, int]:
    """The innermost traceback frame that runs a template file (Jinja maps its lines)."""
    found: tuple[str | None, int] = (None, 1)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in files:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template '{exc.name}' not found"
    message = str(exc) or type(exc).__name__
    return message if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {message}"
