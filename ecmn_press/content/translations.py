"""Translations joined to their originals: one document per item and language.

A translation gives an item's words in another language and takes
everything else from its original; what it repeats of the original must say
the same. Every mistake is reported at the translation's own file and line.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.diagnostics import Position, Report, did_you_mean_path
from ..core.model import Document, HeldBack, Translation
from ..i18n.codes import code_problem
from . import yamldoc
from .config import BuildOptions, SiteConfig
from .schema import Documents
from .sources import SourceFile, as_mapping

# Each word field of a translation and the document attribute it replaces.
_ATTRIBUTE = {"title": "title", "name": "title", "subtitle": "subtitle", "summary": "summary",
              "status": "status", "service_area": "service_area"}


@dataclass(slots=True)
class Translations:
    """Each item's documents in the languages it is written in."""

    default: str  # the site's default language
    # original path -> language -> the document in that language (the original under its own)
    versions: dict[str, dict[str, Document]] = field(default_factory=dict)
    original_of: dict[str, str] = field(default_factory=dict)  # any document's path -> its original's
    held_back: list[HeldBack] = field(default_factory=list)  # translations that are drafts

    def written_in(self, path: str) -> dict[str, Document]:
        """The languages a document's item is written in, each with its document."""
        return self.versions.get(self.original_of.get(path, path), {})

    def language_of(self, doc: Document) -> str:
        return doc.lang or self.default

    def documents(self, docs: Documents, code: str) -> Documents:
        """The site's documents as one language shows them: translated where a translation exists."""
        def pick(doc: Document) -> Document:
            return self.versions.get(doc.path, {}).get(code, doc)

        return Documents(
            issues=[pick(d) for d in docs.issues], articles=[pick(d) for d in docs.articles],  # type: ignore[misc]
            stories=[pick(d) for d in docs.stories], teams=[pick(d) for d in docs.teams],  # type: ignore[misc]
            pages=[pick(d) for d in docs.pages], broken=docs.broken,  # type: ignore[misc]
        )


def translate(docs: Documents, files: list[SourceFile], config: SiteConfig, options: BuildOptions,
              report: Report) -> Translations:
    codes = config.codes
    found = Translations(config.language)
    originals = {doc.path: doc for doc in docs.every()}
    for doc in originals.values():
        doc.lang = _own_language(doc, codes, report)
        found.versions[doc.path] = {found.language_of(doc): doc}
        found.original_of[doc.path] = doc.path
    sources = {f.path: f for f in files}
    written: dict[tuple[str, str], str] = {}  # (original, language) -> the translation's path
    for tr in sorted(docs.translations, key=lambda t: t.path):
        original = _original(tr, originals, docs.broken, codes, report)
        if original is None:
            continue
        own = found.language_of(original)
        if tr.lang == own:
            report.error(Position(tr.path), f"{original.path} is itself written in '{own}': "
                         f"two files for one item in one language", "delete one of them, or rename this one")
            continue
        other = written.get((original.path, tr.lang))
        if other is not None:
            report.error(Position(tr.path), f"two translations of {original.path} into '{tr.lang}': "
                         f"{other} is one already", "delete one of them")
            continue
        written[(original.path, tr.lang)] = tr.path
        _check_shared(tr, original, sources.get(original.path), report)
        if tr.draft and not options.drafts:
            found.held_back.append(HeldBack(tr.path, "draft", "draft: true"))
            continue
        found.versions[original.path][tr.lang] = _translated(original, tr, config.language)
        found.original_of[tr.path] = original.path
    return found


def _own_language(doc: Document, codes: tuple[str, ...], report: Report) -> str:
    """An original's `lang:` (a code the schema has checked) against the site's languages:
    '' when it is the default language (or not one of them)."""
    if not doc.lang:
        return ""
    code = doc.lang
    if code not in codes:
        report.error(doc.at("lang"), f"language '{code}' is not one of the site's languages",
                     "declare it under languages: in content/site.yaml")
        return ""
    return "" if code == codes[0] else code


def _original(tr: Translation, originals: dict[str, Document], broken: set[str], codes: tuple[str, ...],
              report: Report) -> Document | None:
    where = Position(tr.path)
    problem = code_problem(tr.lang)
    if problem is not None:
        report.error(where, f"file name: {problem[0]}", problem[1])
        return None
    if tr.lang not in codes:
        report.error(where, f"translation into '{tr.lang}', which is not one of the site's languages",
                     f"declare it under languages: in content/site.yaml; the site's are {', '.join(codes)}")
        return None
    original = originals.get(tr.original)
    if original is None and tr.original not in broken:
        folder = posixpath.dirname(tr.original)
        near = did_you_mean_path(tr.original, [p for p in originals if posixpath.dirname(p) == folder])
        report.error(where, f"translation without an original: {tr.original} does not exist",
                     near or f"a translation sits beside its original, named <original>.{tr.lang}.md")
    return original


def _check_shared(tr: Translation, original: Document, source: SourceFile | None, report: Report) -> None:
    """Each field the translation repeats must say what the original says."""
    if not tr.shared:
        return
    theirs = _front_matter(source)
    for key, value in tr.shared.items():
        if key == "lang":
            report.error(tr.fields[key], "a translation's language is in its file name, not in 'lang'",
                         "delete the line")
        elif not _same(value, theirs.get(key)):
            said = f"{original.path} does not set it" if key not in theirs else f"{original.path} says otherwise"
            report.error(tr.fields[key], f"'{key}' differs from the original's: {said}",
                         f"a translation takes '{key}' from its original: delete the line here")


def _front_matter(source: SourceFile | None) -> dict[str, Any]:
    if source is None or source.front_matter is None:
        return {}
    scratch = Report()  # the original's own problems are reported where it is read
    meta = as_mapping(yamldoc.load(source.front_matter, source.path, 1, scratch), scratch)
    return meta.value if meta is not None and isinstance(meta.value, dict) else {}


def _same(mine: Any, theirs: Any) -> bool:
    """The same value, allowing a one-item list for a single value and case in names."""
    if isinstance(mine, list) and len(mine) == 1 and not isinstance(theirs, list):
        mine = mine[0]
    if isinstance(theirs, list) and len(theirs) == 1 and not isinstance(mine, list):
        theirs = theirs[0]
    return bool(mine == theirs)


def _translated(original: Document, tr: Translation, default: str) -> Document:
    words = {_ATTRIBUTE[key]: text for key, text in tr.words.items()}
    lang = "" if tr.lang == default else tr.lang
    return replace(original, path=tr.path, lang=lang, extra={**original.extra, **tr.extra}, **words)
