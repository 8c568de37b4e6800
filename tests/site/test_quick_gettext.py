"""The themes' `_()` and `{% trans %}`: ecmn-press's quicker gettext says what Jinja's own says."""

from __future__ import annotations

import gettext

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecmn_press.site.templates import _quick_gettext


class _Catalogue(gettext.NullTranslations):
    """Translates by a table; what it lacks stays as written, as a real catalogue does."""

    def __init__(self, table: dict[str, str]) -> None:
        super().__init__()
        self.table = table

    def gettext(self, message: str) -> str:
        return self.table.get(message, message)


def _environments(table: dict[str, str], autoescape: bool) -> tuple[jinja2.Environment, jinja2.Environment]:
    made = []
    for quick in (False, True):
        env = jinja2.Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"])
        catalogue = _Catalogue(table)
        env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
        if quick:
            env.globals.update(_=_quick_gettext(catalogue), gettext=_quick_gettext(catalogue))
        made.append(env)
    return made[0], made[1]


TEMPLATES = [
    '{{ _("Search") }}|{{ _("Search") }}',
    '{{ _("No. %(number)s", number=n) }}',
    '{{ _("Edited by %(names)s", names=who) }} {{ _("Edited by %(names)s", names=who) }}',
    "{% trans %}Every team has a feed{% endtrans %}",
    "{% trans name=who %}Written by {{ name }}{% endtrans %}",
    '{{ _("100%% of teams") }}',
]


def _outcome(env: jinja2.Environment, template: str, **context: object) -> str:
    try:
        return env.from_string(template).render(**context)
    except Exception as exc:  # noqa: BLE001 - a format error must be the same error too
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("template", TEMPLATES)
@settings(max_examples=40, deadline=None)
@given(
    who=st.text(st.sampled_from("ab <>&\"'%")),
    n=st.integers(-5, 500),
    translated=st.sampled_from(["", "Sök <b>%(names)s</b>", "Nr %(number)s & mer", "100 %% & <i>", "fel %"]),
)
def test_the_quick_gettext_says_what_jinjas_says(template, autoescape, who, n, translated):
    table = {key: translated for key in ("Search", "Edited by %(names)s", "No. %(number)s", "100%% of teams")
             if translated}
    jinjas, ours = _environments(table, autoescape)
    assert _outcome(ours, template, who=who, n=n) == _outcome(jinjas, template, who=who, n=n)
