"""Language codes (BCP 47) and the file names of translations.

A translation sits beside its original with the language before `.md`:
`hull-letters.sv.md` translates `hull-letters.md`. A slug never holds a dot,
so a dotted name is either a translation or a name that cannot be a slug.
"""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError

# What a language part of a file name looks like: 'sv', 'nb', 'pt-br', 'zh-hant'.
_CODE_SHAPE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", re.I)
# Codes that name no single written language, with the code to use instead.
_REFUSED = {
    "no": "write 'nb' for Norwegian Bokmål (or 'nn' for Nynorsk): 'no' names no one written language",
    "iw": "write 'he' for Hebrew", "in": "write 'id' for Indonesian", "ji": "write 'yi' for Yiddish",
}


def normal(code: str) -> str:
    """A code as URLs and `lang` attributes write it: 'SV' -> 'sv', 'pt-br' -> 'pt-BR'."""
    parts = code.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower())
    return "-".join(out)


def code_problem(code: object) -> tuple[str, str | None] | None:
    """Why `code` cannot be a site's language (message, hint), or None when it can."""
    if not isinstance(code, str) or not _CODE_SHAPE.fullmatch(code):
        return "not a language code", "a BCP 47 code such as en, en-GB, sv, nb, da or nl"
    base = code.split("-")[0].lower()
    if base in _REFUSED:
        return f"language code '{code}' is refused", _REFUSED[base]
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return f"unknown language code '{code}'", "a BCP 47 code such as en, en-GB, sv, nb, da or nl"
    return None


def babel_locale(code: str) -> Locale:
    """The Babel locale of a code already checked; English for anything Babel lacks."""
    try:
        return Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def split_name(filename: str) -> tuple[str, str | None]:
    """'hull-letters.sv.md' -> ('hull-letters', 'sv'); 'hull-letters.md' -> ('hull-letters', None).

    Only a last dotted part shaped like a language code makes a translation;
    any other dotted name stays whole (and is then refused as a slug).
    """
    stem = filename[:-3] if filename.endswith(".md") else filename
    base, dot, code = stem.rpartition(".")
    if dot and base and _CODE_SHAPE.fullmatch(code):
        return base, normal(code)
    return stem, None


def translation_name(stem: str, code: str) -> str:
    """The file name of `stem`'s translation into `code`: the inverse of `split_name`."""
    return f"{stem}.{code}.md"
