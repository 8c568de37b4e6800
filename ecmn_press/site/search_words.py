"""The search page script's words, in the page's language.

The script writes result counts and states as searches run; it gets every
sentence from the page, already translated, and picks a plural form with
the browser's `Intl.PluralRules`, which names the same CLDR categories
Babel does: so each form is given under its category.
"""

from __future__ import annotations

from typing import Callable

from ..i18n.catalogues import Words
from ..i18n.codes import babel_locale

# Numbers that between them reach every plural category of the languages CLDR knows.
_SAMPLES = (0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 15, 20, 21, 22, 25, 100, 101, 102, 111, 1000, 1000000)


def search_words(t: Words) -> dict:
    _ = t.gettext
    return {
        "building": _("The preview's search index is being built; this page reloads when it is ready."),
        "updating": _("The preview's search index is being updated; this page reloads when it is ready."),
        "unavailable": _("Search could not be loaded."),
        "failed": _("Sorry, the search failed. Please try again."),
        "results": _forms(t, lambda n: t.ngettext("%(num)d result", "%(num)d results", n)),
        "with_filters": _("%(results)s with the filters chosen."),
        "none": _("No results for “%(query)s”."),
        "found": _("%(results)s for “%(query)s”."),
        "found_with_filters": _("%(results)s for “%(query)s” with the filters chosen (%(unfiltered)s without them)."),
        "more": _forms(t, lambda n: t.ngettext("Show more results (%(shown)s of %(num)d shown)",
                                               "Show more results (%(shown)s of %(num)d shown)", n)),
        "chosen": _forms(t, lambda n: t.ngettext("(%(num)d chosen)", "(%(num)d chosen)", n)),
    }


def _forms(t: Words, form: Callable[[int], str]) -> dict[str, str]:
    """CLDR plural category -> the catalogue's form for it."""
    locale = babel_locale(t.code)
    forms: dict[str, str] = {}
    for n in _SAMPLES:
        forms.setdefault(locale.plural_form(n), form(n))
    return forms
