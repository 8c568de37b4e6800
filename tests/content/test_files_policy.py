"""Content can only publish what is in the site: symbolic links out of it,
devices, pipes and names that cannot be shown are refused at their path, by
`check` exactly as by `build`, and a refused build leaves the output as it was."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO, TEAM, cli, lines, read_tree, run_build

from ecmn_press.core.diagnostics import printable

STORY = "---\ntitle: A story\ndate: 2005-06-20\nteams: hull\n---\nText.\n"
BASE = {"content/teams/hull.md": TEAM, "content/stories/good.md": STORY}


def _check_and_build(site, tmp_path):
    """The lines `check` and `build` print; they must be the same, and the output untouched."""
    out = tmp_path / "out"
    checked = cli("check", "--site", str(site))
    built = cli("build", "--site", str(site), "--output", str(out), "--no-search")
    assert checked.exit_code == built.exit_code == 1
    assert "Traceback" not in checked.stderr + built.stderr
    assert checked.stderr.splitlines()[:-1] == built.stderr.splitlines()[:-1]
    assert not out.exists()
    return checked.stderr.splitlines()[:-1]


@pytest.mark.parametrize("target, why", [
    ("/etc/passwd", "symbolic link points outside content/ and themes/; it is not followed"),
    ("/dev/zero", "symbolic link points outside content/ and themes/; it is not followed"),
    ("nothing-here", "symbolic link points at nothing (its target does not exist)"),
])
def test_a_media_link_out_of_the_site_or_to_nothing_is_refused(make_site, tmp_path, target, why):
    site = make_site(BASE)
    (site / "content/media").mkdir()
    os.symlink(target, site / "content/media/secret.txt")
    assert _check_and_build(site, tmp_path) == [f"content/media/secret.txt:1:1: error: {why}"]


def test_a_story_linked_to_a_file_outside_is_not_published(make_site, tmp_path):
    outside = tmp_path / "private.md"
    outside.write_text(STORY.replace("A story", "Secret words"))
    site = make_site(BASE)
    os.symlink(outside, site / "content/stories/x.md")
    printed = _check_and_build(site, tmp_path)
    assert printed == ["content/stories/x.md:1:1: error: symbolic link points outside content/ and themes/; it is not followed"]


def test_links_that_loop_are_refused_without_hanging(make_site, tmp_path):
    site = make_site(BASE)
    media = site / "content/media"
    media.mkdir()
    os.symlink("b", media / "a")
    os.symlink("a", media / "b")
    os.symlink("..", media / "up")  # a folder that holds itself
    assert _check_and_build(site, tmp_path) == [
        "content/media/a:1:1: error: symbolic link loops back on itself",
        "content/media/b:1:1: error: symbolic link loops back on itself",
        "content/media/up:1:1: error: symbolic link points at a folder that holds it; it is not followed",
    ]


def test_a_link_into_a_hidden_folder_of_the_site_is_refused(make_site, tmp_path):
    # .git/config can hold a CI token; it is inside the site folder, but never published.
    site = make_site({**BASE, ".git/config": "[http] extraheader = AUTHORIZATION: basic c2VjcmV0\n"})
    (site / "content/media").mkdir()
    os.symlink("../../.git/config", site / "content/media/config.txt")
    os.symlink("../../README.md", site / "content/media/readme.txt")
    (site / "README.md").write_text("site notes\n")
    assert _check_and_build(site, tmp_path) == [
        f"content/media/{name}:1:1: error: symbolic link points outside content/ and themes/; it is not followed"
        for name in ("config.txt", "readme.txt")
    ]


def test_links_inside_content_are_followed(make_site, tmp_path):
    site = make_site({**BASE, "content/media/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    os.symlink("logo.svg", site / "content/media/mark.svg")
    os.symlink("../media", site / "content/stories/pictures")  # not a story: media in a folder
    result = run_build(site, tmp_path / "out")
    assert not result.failed(), lines(result)
    built = read_tree(tmp_path / "out")
    assert built["media/mark.svg"] == built["media/logo.svg"]
    assert not (tmp_path / "out" / "media" / "mark.svg").is_symlink()


def test_special_files_are_refused(make_site, tmp_path):
    site = make_site(BASE)
    os.mkfifo(site / "content/stories/pipe.md")
    assert _check_and_build(site, tmp_path) == [
        "content/stories/pipe.md:1:1: error: this is a named pipe, not a file; only regular files are read"
    ]


def test_names_that_cannot_be_shown_are_refused_and_shown_safely(make_site, tmp_path):
    site = make_site(BASE)
    raw = os.fsencode(site / "content/stories") + b"/caf\xe9.md"
    with open(raw, "wb") as file:
        file.write(STORY.encode())
    (site / "content/stories/two\nlines.md").write_text(STORY)
    printed = _check_and_build(site, tmp_path)
    assert printed == [
        "content/stories/caf\\xe9.md:1:1: error: file name is not valid UTF-8; rename it",
        "content/stories/two\\nlines.md:1:1: error: file name contains a control character (a newline or tab, say); rename it",
    ]


def test_messages_escape_what_a_terminal_would_misread():
    assert printable("a\udce9b\x1b[31m\u0085\u2028") == "a\\xe9b\\x1b[31m\\x85\\u2028"
    assert printable("Åsa Lindqvist.md\xa0") == "Åsa Lindqvist.md\xa0"


def test_markdown_in_capitals_gets_a_hint_about_its_name(make_site):
    site = make_site({**BASE, "content/stories/shout.MD": STORY})
    assert lines(run_build(site)) == [
        "content/stories/shout.MD:1:1: warning: file is not published (Markdown files must end in '.md', in lower case)"
    ]


def test_a_theme_template_linked_out_of_the_site_is_refused(make_site, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("SECRET {{ site.title }}")
    site = make_site({**BASE, "themes/mine/static/x.css": "a{}"}, site_yaml="title: T\nbase_url: https://e.org/\ntheme: mine\n")
    (site / "themes/mine/templates").mkdir(parents=True)
    os.symlink(secret, site / "themes/mine/templates/base.html")
    os.symlink("/etc/hostname", site / "themes/mine/static/host.txt")
    printed = _check_and_build(site, tmp_path)
    assert printed == [
        f"themes/mine/{rel}:1:1: error: symbolic link points outside content/ and themes/; it is not followed"
        for rel in ("static/host.txt", "templates/base.html")
    ]


def test_an_output_folder_that_is_a_link_is_refused(make_site, tmp_path):
    site = make_site(BASE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, site / "output")
    result = cli("build", "--site", str(site), "--no-search")
    assert result.exit_code == 2
    assert "is a symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_new_and_import_do_not_write_through_a_link_out_of_content(make_site, tmp_path):
    site = make_site(BASE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, site / "content/pages")
    result = cli("new", "page", "about", "--site", str(site))
    assert result.exit_code == 2 and "nothing is written through it" in result.stderr
    (site / "content/pages").unlink()
    os.symlink(elsewhere, site / "content/issues")
    letter = tmp_path / "letter.txt"
    letter.write_text((REPO / "tests/legacy/samples/micronewsletter-3.txt").read_text())
    result = cli("import", str(letter), "--site", str(site))
    assert result.exit_code == 1 and "nothing is written through it" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_check_reads_nothing_that_build_would_refuse_in_another_process(make_site, tmp_path):
    # The same refusals from the installed command, as an editor runs it.
    site = make_site(BASE)
    (site / "content/media").mkdir()
    os.symlink("/etc/passwd", site / "content/media/passwd")
    done = subprocess.run([sys.executable, "-m", "ecmn_press", "check", "--site", str(site)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "content/media/passwd:1:1: error: symbolic link points outside content/ and themes/; it is not followed")
    assert "root:" not in done.stdout + done.stderr
