"""The theme's catalogues: complete for every shipped language, found by the templates, overridable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import TEAM, lines, run_build

from ecmn_press.site.templates import BUILTIN_THEME

LOCALE = BUILTIN_THEME / "locale"
SHIPPED = ["sv", "nb", "da", "nl"]
SITE = "title: T\nbase_url: https://example.org/\nlanguages: [sv]\n"


def _ids(path: Path) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(path.open("rb")) if m.id}


def test_the_string_list_is_what_the_code_and_templates_ask_for(tmp_path):
    # A msgid that no longer matches its template (a trimmed {% trans %}, an edited sentence)
    # would silently stay English: extract again and compare.
    out = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(LOCALE / "babel.cfg"),
                    "-k", "N_", "--no-location", "--omit-header", "-o", str(out), str(BUILTIN_THEME.parent)],
                   check=True, capture_output=True)
    assert _ids(out) == _ids(LOCALE / "messages.pot")


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_catalogue_translates_every_string_with_its_placeholders(code):
    template = _ids(LOCALE / "messages.pot")
    catalogue = read_po((LOCALE / code / "LC_MESSAGES/messages.po").open("rb"))
    done = {}
    for m in catalogue:
        if m.id:
            done[m.id if isinstance(m.id, str) else m.id[0]] = m
    assert template <= set(done), template - set(done)
    for msgid, m in done.items():
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strings), msgid
        wanted = sorted(set(__import__("re").findall(r"%\(\w+\)[sd]", msgid if isinstance(m.id, str) else m.id[1])))
        for s in strings:
            assert sorted(set(__import__("re").findall(r"%\(\w+\)[sd]", s))) == wanted, (code, msgid, s)


def test_a_missing_catalogue_warns_once_and_a_site_theme_can_override(make_site, tmp_path):
    site = make_site({
        "content/teams/hull.md": TEAM,
        "content/site.yaml": "title: T\nbase_url: https://example.org/\ntheme: mine\nlanguages: [sv, fi]\n",
        "themes/mine/locale/sv/LC_MESSAGES/messages.po": 'msgid "Search"\nmsgstr "Leta"\n',
    })
    result = run_build(site, tmp_path / "out")
    found = lines(result)
    assert [x for x in found if "'fi'" in x] == [
        "(built-in theme)/locale/messages.pot:1:1: warning: no catalogue of theme strings for 'fi': its pages show "
        "the theme's words in English (add locale/fi/LC_MESSAGES/messages.po to the site's theme)"]
    page = (tmp_path / "out/sv/teams/index.html").read_text()
    assert ">Leta</button>" in page  # the site's own word
    assert "Hoppa till innehållet" in page  # the rest from the built-in catalogue
    assert ">Search</button>" in (tmp_path / "out/fi/teams/index.html").read_text()


def test_a_broken_catalogue_is_an_error_at_its_line(make_site):
    site = make_site({
        "content/teams/hull.md": TEAM,
        "content/site.yaml": "title: T\nbase_url: https://example.org/\ntheme: mine\nlanguages: [sv]\n",
        "themes/mine/locale/sv/LC_MESSAGES/messages.po": 'msgid "Search"\nmsgstr "Leta"\n\nmsgid "Home\nmsgstr "x"\n',
    })
    errors = [x for x in lines(run_build(site)) if "error" in x]
    assert errors and errors[0].startswith("themes/mine/locale/sv/LC_MESSAGES/messages.po:4:1: error: catalogue error")


def test_a_plural_rule_gettext_cannot_read_is_an_error_at_its_header(make_site):
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=n !!= 1 import;\\n"\n\nmsgid "Search"\nmsgstr "Leta"\n')
    site = make_site({
        "content/teams/hull.md": TEAM,
        "content/site.yaml": "title: T\nbase_url: https://example.org/\ntheme: mine\nlanguages: [sv]\n",
        "themes/mine/locale/sv/LC_MESSAGES/messages.po": po,
    })
    errors = [x for x in lines(run_build(site)) if "error" in x]
    assert errors and errors[0].startswith("themes/mine/locale/sv/LC_MESSAGES/messages.po:4:1: error: catalogue error")
