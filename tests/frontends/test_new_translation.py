"""`ecmn-press new KIND ... --lang CODE` starts a translation beside its original, never over one."""

from __future__ import annotations

import frontmatter
from conftest import TEAM, cli, lines, run_build

SITE = "title: T\nbase_url: https://example.org/net/\nlanguage: en-GB\nlanguages: [sv, nb]\n"
STORY = ("---\ntitle: Letters within a week\ndate: 2005-06-20\nteams: [hull]\nthemes: [patients]\n"
         "summary: Letters went out faster.\nstatus: sustained\n---\nThe team [changed](../teams/hull.md) one thing.\n\n"
         "## What we measured\n\nDays to letter.\n")


def _site(make_site):
    return make_site({"content/site.yaml": SITE, "content/teams/hull.md": TEAM, "content/stories/hull-letters.md": STORY,
                      "content/issues/2005-06/issue.md": "---\nnumber: 2\ndate: 2005-06-20\ntitle: Summer\n---\nEditorial.\n",
                      "content/issues/2005-06/news.md": "---\ntitle: News\nauthors: [Ann]\n---\nNews text.\n"})


def test_a_story_translation_copies_the_words_and_not_the_shared_fields(make_site, tmp_path):
    site = _site(make_site)
    made = cli("new", "story", "hull-letters", "--lang", "sv", "--site", str(site))
    assert made.exit_code == 0, made.stderr
    path = site / "content/stories/hull-letters.sv.md"
    assert f"created {path}" in made.stdout
    post = frontmatter.load(path)
    assert post.metadata == {"title": "Letters within a week", "summary": "Letters went out faster.",
                             "status": "sustained", "draft": True}
    assert post.content == "The team [changed](../teams/hull.md) one thing.\n\n## What we measured\n\nDays to letter."
    # it builds as it is: a draft, held back, the original shown under /sv/ until the translation is done
    result = run_build(site, tmp_path / "out")
    assert lines(result) == [] and "content/stories/hull-letters.sv.md" in {h.path for h in result.held_back}
    # once translated and published, it is the Swedish page
    path.write_text(path.read_text().replace("draft: true\n", "").replace("title: Letters within a week",
                                                                          "title: Brev inom en vecka"))
    assert lines(run_build(site, tmp_path / "out")) == []
    assert "Brev inom en vecka" in (tmp_path / "out/sv/stories/hull-letters/index.html").read_text()


def test_issue_article_team_and_page_translations(make_site, tmp_path):
    site = _site(make_site)
    (site / "content/pages").mkdir()
    (site / "content/pages/about.md").write_text("---\ntitle: About\norder: 2\nmenu: true\n---\nAbout us.\n")
    s = str(site)
    for args in (["issue", "--number", "2"], ["article", "2", "news"], ["team", "hull"], ["page", "about"]):
        made = cli("new", *args, "--lang", "NB", "--site", s)
        assert made.exit_code == 0, (args, made.stderr)
    assert frontmatter.load(site / "content/issues/2005-06/issue.nb.md").metadata == {"title": "Summer", "draft": True}
    assert frontmatter.load(site / "content/issues/2005-06/news.nb.md").metadata == {"title": "News", "draft": True}
    assert frontmatter.load(site / "content/teams/hull.nb.md").metadata == {"name": "Hull Neurology", "draft": True}
    assert frontmatter.load(site / "content/pages/about.nb.md").metadata == {"title": "About", "draft": True}
    assert lines(run_build(site, tmp_path / "out", drafts=True)) == []


def test_clear_errors_and_nothing_overwritten(make_site):
    site = _site(make_site)
    s = str(site)

    def refused(*args: str) -> str:
        result = cli("new", *args, "--site", s)
        assert result.exit_code == 2, result.stdout
        return result.stderr

    assert "there is no story 'hull-leters' to translate (did you mean 'hull-letters'?)" in refused(
        "story", "hull-leters", "--lang", "sv")
    assert "there is no issue 7 to translate" in refused("issue", "--number", "7", "--lang", "sv")
    assert "a translation of an issue needs --number N" in refused("issue", "--lang", "sv")
    assert ("language 'da' is not one of the site's languages (declared: sv, nb); add it under languages: "
            "in content/site.yaml first") in refused("story", "hull-letters", "--lang", "da")
    assert "content/stories/hull-letters.md is itself written in 'en-GB'" in refused(
        "story", "hull-letters", "--lang", "en-gb")
    assert "language code 'no' is refused (write 'nb'" in refused("story", "hull-letters", "--lang", "no")
    assert not list((site / "content/stories").glob("*.*.md"))
    # an existing translation is never replaced
    existing = site / "content/stories/hull-letters.sv.md"
    existing.write_text("---\ntitle: Brev\n---\nMin översättning.\n")
    assert "hull-letters.sv.md already exists; nothing was written" in refused("story", "hull-letters", "--lang", "sv")
    assert existing.read_text() == "---\ntitle: Brev\n---\nMin översättning.\n"


def test_an_original_written_first_in_another_language_translates_into_the_default_one(make_site, tmp_path):
    site = _site(make_site)
    (site / "content/stories/other.md").write_text("---\ntitle: Annen\ndate: 2005-06-21\nteams: [hull]\nlang: nb\n---\nx\n")
    result = cli("new", "story", "other", "--lang", "nb", "--site", str(site))
    assert result.exit_code == 2 and "content/stories/other.md is itself written in 'nb'" in result.stderr
    assert cli("new", "story", "other", "--lang", "en-GB", "--site", str(site)).exit_code == 0
    made = site / "content/stories/other.en-GB.md"
    assert frontmatter.load(made).metadata == {"title": "Annen", "draft": True}
    made.write_text("---\ntitle: Another\n---\nIn English.\n")
    assert lines(run_build(site, tmp_path / "out")) == []
    assert "Another" in (tmp_path / "out/stories/other/index.html").read_text()
