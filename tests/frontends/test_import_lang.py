"""`ecmn-press import --lang`: the language of the imported text, as front matter or as a translation."""

from __future__ import annotations

import frontmatter
from conftest import cli, lines, run_build
from test_import_cli import SAMPLE

SITE = "title: T\nbase_url: https://example.org/net/\nlanguage: en\nlanguages: [sv]\n"
SWEDISH = SAMPLE.replace("A CLINIC THAT LISTENS", "EN MOTTAGNING SOM LYSSNAR").replace(
    "How one team asked first", "Hur ett team frågade först").replace("The team asked families what mattered.",
                                                                    "Teamet frågade familjerna vad som betydde något.")
FOLDER = "content/issues/2007-06-issue-07"


def test_a_new_issue_in_another_language_is_marked_with_it(make_site, tmp_path):
    site = make_site({"content/site.yaml": SITE})
    source = tmp_path / "mn7.sv.txt"
    source.write_text(SWEDISH)
    done = cli("import", "--site", str(site), "--lang", "SV", str(source))
    assert done.exit_code == 0, done.stderr
    issue = frontmatter.load(site / FOLDER / "issue.md")
    assert issue["lang"] == "sv" and issue["number"] == 7
    (article,) = [p for p in (site / FOLDER).glob("*.md") if p.name != "issue.md"]
    assert frontmatter.load(article)["lang"] == "sv"
    assert lines(run_build(site, tmp_path / "out")) == []
    page = (tmp_path / "out/sv/issues/7/index.html").read_text()
    assert '<html lang="sv"' in page and "En Mottagning Som Lyssnar" in page
    assert (tmp_path / "out/sv/issues/7/email.html").exists() and not (tmp_path / "out/issues/7/email.html").exists()


def test_the_default_language_writes_no_lang(make_site, tmp_path):
    site = make_site({"content/site.yaml": SITE})
    source = tmp_path / "mn7.txt"
    source.write_text(SAMPLE)
    assert cli("import", "--site", str(site), "--lang", "en", str(source)).exit_code == 0
    assert "lang" not in frontmatter.load(site / FOLDER / "issue.md").metadata


def test_an_issue_already_in_the_site_gets_the_import_as_its_translation(make_site, tmp_path):
    site = make_site({"content/site.yaml": SITE})
    english, swedish = tmp_path / "mn7.txt", tmp_path / "mn7.sv.txt"
    english.write_text(SAMPLE)
    swedish.write_text(SWEDISH)
    assert cli("import", "--site", str(site), str(english)).exit_code == 0
    (article,) = [p for p in (site / FOLDER).glob("*.md") if p.name != "issue.md"]
    done = cli("import", "--site", str(site), "--lang", "sv", str(swedish))
    assert done.exit_code == 0, done.stderr
    assert "written as its 'sv' translation" in done.stderr
    issue = frontmatter.load(site / FOLDER / "issue.sv.md")
    assert issue.metadata == {"title": "En Mottagning Som Lyssnar", "subtitle": "Hur ett team frågade först"}
    translated = frontmatter.load(article.with_name(article.stem + ".sv.md"))
    assert set(translated.metadata) == {"title"} and "Teamet frågade familjerna" in translated.content
    assert lines(run_build(site, tmp_path / "out")) == []
    assert "En Mottagning Som Lyssnar" in (tmp_path / "out/sv/issues/7/index.html").read_text()
    assert "A Clinic That Listens" in (tmp_path / "out/issues/7/index.html").read_text()
    # never replaced without --force
    before = (site / FOLDER / "issue.sv.md").read_text()
    again = cli("import", "--site", str(site), "--lang", "sv", str(swedish))
    assert again.exit_code == 1 and "issue.sv.md already exists; use --force to replace it" in again.stderr
    assert (site / FOLDER / "issue.sv.md").read_text() == before


def test_a_language_the_site_does_not_declare_is_refused(make_site, tmp_path):
    site = make_site({"content/site.yaml": SITE})
    source = tmp_path / "mn7.txt"
    source.write_text(SAMPLE)
    done = cli("import", "--site", str(site), "--lang", "da", str(source))
    assert done.exit_code == 1
    assert ("content/site.yaml:1:1: error: --lang da: language 'da' is not one of the site's languages (en, sv) "
            "(add it under languages: in content/site.yaml first)") in done.stderr
    refused = cli("import", "--site", str(site), "--lang", "no", str(source))
    assert refused.exit_code == 1 and "language code 'no' is refused (write 'nb'" in refused.stderr
    assert not (site / "content/issues").exists()
