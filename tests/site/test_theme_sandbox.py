"""A site's theme is content: its templates cannot reach the machine that builds it.

Each attack below worked before templates rendered in the sandbox (the first
one ran a shell command during the build); now each is an error at the
template's own line, and nothing is written.
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest
from conftest import TEAM, lines, run_build

from ecmn_press.site import sandbox

SITE_YAML = """\
title: Sandbox
base_url: https://example.org/
theme: local
"""
STORY = """\
---
title: A story
date: 2025-12-05
teams: [hull]
---
Text.
"""


def _site(make_site, logo: str):
    return make_site({
        "content/site.yaml": SITE_YAML,
        "content/stories/a.md": STORY,
        "content/teams/hull.md": TEAM,
        "themes/local/templates/partials/logo.html": logo,
    })


@pytest.mark.parametrize("reach", [
    "cycler.__init__.__globals__.os.popen('touch {marker}').read()",
    "lipsum.__globals__['os'].system('touch {marker}')",
    "self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch {marker}')",
    "().__class__.__base__.__subclasses__()",
    "lipsum.__globals__.__builtins__.open('{marker}', 'w').write('x')",
])
def test_a_template_cannot_run_python_or_touch_files(make_site, tmp_path, reach):
    marker = tmp_path / "ran"
    site = _site(make_site, "<b>{{ " + reach.format(marker=marker) + " }}</b>")
    out = tmp_path / "out"
    result = run_build(site, out)
    assert not marker.exists()
    errors = lines(result)
    assert len(errors) == 1, errors
    assert errors[0].startswith("themes/local/templates/partials/logo.html:1:1: error: template error: ")
    assert "unsafe" in errors[0] or "undefined" in errors[0] or "no attribute" in errors[0]
    assert not out.exists()


def test_a_template_cannot_change_the_views_it_is_given(make_site, tmp_path):
    site = _site(make_site, "{{ page.update({'title': 'x'}) }}{{ site.nav.append(1) }}")
    errors = lines(run_build(site, tmp_path / "out"))
    assert errors and "unsafe" in errors[0], errors


@pytest.mark.parametrize("expression", ["'x' * 10 ** 9", "[0] * 1000000000", "10 ** 100000", "(10 ** 10) ** 10000", "2 ** 1000000"])
def test_a_template_cannot_make_a_value_that_fills_memory(make_site, tmp_path, expression):
    site = _site(make_site, "{{ (" + expression + ")|length }}")
    started = time.monotonic()
    errors = lines(run_build(site, tmp_path / "out"))
    assert time.monotonic() - started < 30
    assert len(errors) == 1 and "too" in errors[0], errors
    assert errors[0].startswith("themes/local/templates/partials/logo.html:1:1: error: template error: ")


def test_values_a_page_could_use_are_still_made(make_site, tmp_path):
    site = _site(make_site, "<i>{{ '-' * 3 }} {{ 2 ** 10 }} {{ [1, 2] * 2 }} {{ (-1.5) ** 3 }}</i>")
    out = tmp_path / "out"
    result = run_build(site, out)
    assert lines(result) == []
    assert "<i>--- 1024 [1, 2, 1, 2] -3.375</i>" in (out / "index.html").read_text()


def test_a_loop_that_does_not_end_is_stopped_at_its_template(make_site, tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    loop = ("{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}"
            "{% endfor %}{% endfor %}{% endfor %}")
    site = _site(make_site, loop)
    started = time.monotonic()
    errors = lines(run_build(site, tmp_path / "out", jobs=1))
    assert time.monotonic() - started < 20
    assert len(errors) == 1, errors
    assert errors[0].startswith("themes/local/templates/partials/logo.html:1:1: error: template error: ")
    assert "longer than" in errors[0]


def test_the_time_limit_is_lifted_after_each_render(make_site, tmp_path):
    site = _site(make_site, "<b>logo</b>")
    assert lines(run_build(site, tmp_path / "out", jobs=1)) == []
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)


def test_a_template_error_names_the_file_from_the_site_folder_given_relatively(make_site, tmp_path, monkeypatch):
    site = _site(make_site, "{% if %}")
    monkeypatch.chdir(site.parent)
    errors = lines(run_build(Path(site.name), tmp_path / "out"))
    assert errors and errors[0].startswith("themes/local/templates/partials/logo.html:1:1: error: template error:"), errors


def test_renders_of_one_run_share_the_handler_and_each_sets_its_own_clock():
    before = signal.getsignal(signal.SIGALRM)
    with sandbox.timed_renders():
        assert signal.getsignal(signal.SIGALRM) is sandbox._stop
        for _ in range(2):
            with sandbox.within_time():
                remaining = signal.getitimer(signal.ITIMER_REAL)[0]
                assert 0 < remaining <= sandbox.RENDER_SECONDS
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        # A render in another thread must not set the clock: its signal would stop the main thread.
        seen = []

        def render_in_a_thread():
            with sandbox.within_time():
                seen.append(signal.getitimer(signal.ITIMER_REAL))

        thread = threading.Thread(target=render_in_a_thread)
        thread.start()
        thread.join()
        assert seen == [(0.0, 0.0)]
    assert signal.getsignal(signal.SIGALRM) == before
