"""The theme's words in each language: gettext catalogues (.po), read as they are shipped.

The built-in theme ships a catalogue per language beside the list of its
strings (`messages.pot`); a site theme's catalogue for a language comes
first and the built-in one fills in what it leaves out. A string no
catalogue translates is shown in English, and `check` says so once per
string and language.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from ..core.diagnostics import Position, Report
from .codes import babel_locale
from .dates import local_number, long_date, short_months

# One catalogue file: where to report its problems, and its bytes.
CatalogueFile = tuple[str, bytes]


@dataclass(slots=True)
class Words:
    """One language's words: the theme's strings by gettext, days by Babel."""

    code: str
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def date(self, day: dt.date) -> str:
        return long_date(day, self.code)

    def number(self, value: float, sig: int = 6) -> str:
        return local_number(value, self.code, sig)

    def short_months(self) -> tuple[str, ...]:
        return short_months(self.code)


def catalogue_names(code: str) -> list[str]:
    """The folder names a catalogue for `code` may sit in, most precise first: pt_BR, pt."""
    locale = babel_locale(code) if code.split("-")[0] != "en" or "-" in code else None
    names = [code.replace("-", "_")]
    if locale is not None and str(locale) not in names:
        names.append(str(locale))
    base = code.split("-")[0]
    return names + ([base] if base not in names else [])


_KEYWORD_LINE = re.compile(r'(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+(?P<rest>.*)|(?P<more>".*)')
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def _unclosed(text: str) -> int | None:
    """The first line (1-based) whose quoted string is not closed; Babel would read it silently."""
    for number, line in enumerate(text.split("\n"), 1):
        found = _KEYWORD_LINE.fullmatch(line.strip())
        if found and not _QUOTED.fullmatch((found["rest"] if found["rest"] is not None else found["more"]).strip()):
            return number
    return None


def read_catalogue(file: CatalogueFile, code: str, report: Report) -> Catalog | None:
    """A .po file, or None after reporting the line it breaks at."""
    shown, data = file
    unclosed = _unclosed(data.decode("utf-8", "replace"))
    if unclosed is not None:
        report.error(Position(shown, unclosed), "catalogue error: a quoted string is not closed",
                     'each msgid and msgstr is text in double quotes: msgstr "Sök"')
        return None
    try:
        return read_po(io.BytesIO(data), locale=babel_locale(code), abort_invalid=True)
    except PoFileError as exc:
        line = (getattr(exc, "lineno", 0) or 0) + 1  # Babel counts lines from 0
        report.error(Position(shown, line), f"catalogue error: {str(exc).split(' on ')[0]}",
                     "a .po file is msgid/msgstr pairs in double quotes")
    except (ValueError, UnicodeDecodeError, KeyError) as exc:
        report.error(Position(shown), f"catalogue error: {exc}", "save it as UTF-8 .po text")
    return None


def _translations(file: CatalogueFile, catalogue: Catalog, report: Report) -> gettext.GNUTranslations | None:
    """The catalogue as gettext reads it; a plural rule gettext cannot read is reported at its header line."""
    buffer = io.BytesIO()
    try:
        write_mo(buffer, catalogue)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    except (ValueError, SyntaxError, OSError) as exc:
        shown, data = file
        lines = data.decode("utf-8", "replace").split("\n")
        line = next((n for n, text in enumerate(lines, 1) if "Plural-Forms:" in text), 1)
        report.error(Position(shown, line), f"catalogue error: {exc}",
                     'the header needs a rule gettext reads, such as "Plural-Forms: nplurals=2; plural=(n != 1);\\n"')
        return None


def load_words(code: str, files: list[CatalogueFile], template: CatalogueFile | None, report: Report,
               warn: bool = True) -> Words:
    """`code`'s words from its catalogues (the site theme's first); `template` lists every string."""
    chain: gettext.NullTranslations | None = None
    known: set[str] = set()
    for file in files:
        catalogue = read_catalogue(file, code, report)
        if catalogue is None:
            continue
        known |= {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue
                  if m.id and m.string and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])}
        found = _translations(file, catalogue, report)
        if found is None:
            continue
        if chain is None:
            chain = found
        else:
            chain.add_fallback(found)
    if warn and template is not None and code.split("-")[0] != "en":
        _missing(code, files, template, known, report)
    return Words(code, chain or gettext.NullTranslations())


def _missing(code: str, files: list[CatalogueFile], template: CatalogueFile, known: set[str],
             report: Report) -> None:
    if not files:
        report.warning(Position(template[0]), f"no catalogue of theme strings for '{code}': its pages show "
                       "the theme's words in English", f"add locale/{code.replace('-', '_')}/LC_MESSAGES/"
                       "messages.po to the site's theme")
        return
    strings = read_catalogue(template, "en", Report())
    for message in strings or []:
        msgid = message.id if isinstance(message.id, str) else message.id[0] if message.id else ""
        if msgid and msgid not in known:
            report.warning(Position(files[0][0]), f"theme string '{msgid}' has no translation in '{code}': "
                           "shown in English", "add it to the catalogue")


def N_(message: str) -> str:
    """Marks a string for the catalogues where it is written; it is translated where it is shown."""
    return message


def language_name(code: str, reader: str) -> str:
    """The name of language `code` in language `reader`: 'engelska' for ('en', 'sv')."""
    locale = babel_locale(reader)
    names = locale.languages
    return names.get(code.replace("-", "_")) or names.get(code.split("-")[0]) or code


def autonym(code: str) -> str:
    """A language's name in itself, as a language switcher shows it: 'English', 'svenska', 'Nederlands'.
    A region is left out (en-GB is 'English'): a site has one variant of a language."""
    locale = babel_locale(code)
    return locale.languages.get(locale.language) or code
