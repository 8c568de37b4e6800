"""The footer is the same on every page of a language, so it is rendered once
per language; a site theme's footer that reads anything of the page is still
rendered for each page."""

from __future__ import annotations

import re

from conftest import TEAM, lines, run_build

SITE_YAML = """\
title: Footer Network
base_url: https://example.org/
theme: local
"""


def _story(n: int) -> str:
    return f"---\ntitle: Story {n}\ndate: 2025-12-0{n}\nteams: [hull]\n---\nText {n}.\n"


def _build(make_site, tmp_path, footer: str | None):
    files = {"content/site.yaml": SITE_YAML, "content/teams/hull.md": TEAM,
             **{f"content/stories/s{n}.md": _story(n) for n in (1, 2, 3)},
             "themes/local/static/extra.css": "b { font-weight: 700; }\n"}
    if footer is not None:
        files["themes/local/templates/partials/footer.html"] = footer
    out = tmp_path / "out"
    result = run_build(make_site(files), out, jobs=1)
    assert lines(result) == []
    return out


def _footers(out) -> dict[str, str]:
    found = {}
    for page in out.rglob("index.html"):
        match = re.search(r"<footer.*?</footer>", page.read_text(), re.S)
        assert match, page
        found[page.relative_to(out).as_posix()] = match.group()
    return found


def test_the_built_in_footer_is_on_every_page_once_rendered(make_site, tmp_path, monkeypatch):
    from ecmn_press.site import templates

    renders = []
    real = templates.Renderer.render

    def counted(self, template, **context):
        renders.append(template)
        return real(self, template, **context)

    monkeypatch.setattr(templates.Renderer, "render", counted)
    out = _build(make_site, tmp_path, None)
    footers = _footers(out)
    assert len(footers) > 10
    assert len(set(footers.values())) == 1
    assert "Footer Network" in next(iter(footers.values()))
    assert renders.count("partials/footer.html") == 1


def test_a_footer_that_reads_the_page_is_rendered_for_each_page(make_site, tmp_path):
    footer = '<footer class="site-footer">{{ site.title }}: {{ page.title }} {{ _("Browse") }}</footer>\n'
    footers = _footers(_build(make_site, tmp_path, footer))
    assert footers["stories/s1/index.html"] == '<footer class="site-footer">Footer Network: Story 1 Browse</footer>'
    assert footers["stories/s2/index.html"] == '<footer class="site-footer">Footer Network: Story 2 Browse</footer>'


def test_a_footer_that_draws_at_random_is_drawn_for_each_page(make_site, tmp_path):
    footer = '<footer class="site-footer">{{ range(100000)|random }}</footer>\n'
    footers = _footers(_build(make_site, tmp_path, footer))
    assert len(set(footers.values())) > 1


def test_a_footer_that_includes_another_template_is_rendered_for_each_page(make_site, tmp_path):
    footer = '<footer class="site-footer">{% include "partials/where.html" %}</footer>\n'
    files = {"content/site.yaml": SITE_YAML, "content/teams/hull.md": TEAM, "content/stories/s1.md": _story(1),
             "themes/local/templates/partials/footer.html": footer,
             "themes/local/templates/partials/where.html": "{{ page.title }}"}
    out = tmp_path / "out"
    assert lines(run_build(make_site(files), out, jobs=1)) == []
    assert _footers(out)["stories/s1/index.html"] == '<footer class="site-footer">Story 1</footer>'
