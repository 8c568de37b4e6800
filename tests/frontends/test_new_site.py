"""`ecmn-press new site`: from an empty folder to a site that checks
strictly, builds, and carries a publishing workflow that runs the README's
build command."""

from __future__ import annotations

import datetime as dt
import glob
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, read_tree

from ecmn_press import __version__, cli as cli_module, starter
from ecmn_press.cli import main
from ecmn_press.content import config as config_module
from ecmn_press.content.config import load_config
from ecmn_press.content.yamldoc import load
from ecmn_press.core.diagnostics import Report

STORY = "content/stories/counting-missed-appointments.md"
WORKFLOWS = {"github": ".github/workflows/publish.yml", "gitlab": ".gitlab-ci.yml"}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def settings_of(site: Path):
    report = Report()
    text = (site / "content/site.yaml").read_text(encoding="utf-8")
    config = load_config(load(text, "content/site.yaml", 0, report), report)
    assert report.items == []
    return config


def readme_build_command() -> str:
    """The build command the README's Publishing section tells every host to run."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Publishing\n", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(ecmn-press build\b.*)$", section, re.M)
    assert commands, "the Publishing section shows no build command"
    assert len(set(commands)) == 1, commands
    return commands[0]


@pytest.mark.parametrize("ci", [None, "github", "gitlab"])
def test_a_new_site_checks_strictly_builds_and_holds_back_its_drafts(tmp_path, ci):
    site = tmp_path / "nordic"
    args = ["new", "site", str(site), "--title", "Nordic network", "--base-url", "https://example.org/nordic",
            "--timezone", "Europe/Oslo", "--language", "nb"] + (["--ci", ci] if ci else [])
    made = run(*args)
    assert made.exit_code == 0, made.output
    assert "note: base_url" not in made.stderr  # only said when the placeholder address is kept

    workflows = {name for name, path in WORKFLOWS.items() if (site / path).exists()}
    assert workflows == ({ci} if ci else set())
    config = settings_of(site)
    assert (config.title, config.base_url, config.language, config.timezone.key) == (
        "Nordic network", "https://example.org/nordic/", "nb", "Europe/Oslo")
    assert (site / ".gitignore").read_text() == "output/\n"
    assert f"ecmn-press=={__version__}" in (site / "requirements.txt").read_text()

    checked = run("check", "--site", str(site), "--strict")
    assert checked.exit_code == 0, checked.stderr
    assert "warning" not in checked.stderr and "error" not in checked.stderr

    built = run("build", "--site", str(site), "--strict", "--no-search")
    assert built.exit_code == 0, built.stderr
    out = site / "output"
    for page in ("index.html", "about/index.html", "teams/outpatient-clinic/index.html", "404.html"):
        assert (out / page).is_file(), page
    # The issue, its article and the story are drafts: held back, and said so.
    assert not (out / "issues/1").exists() and not (out / "stories/counting-missed-appointments").exists()
    held = [line for line in built.stderr.splitlines() if line.startswith("  held back:")]
    assert len(held) == 3 and all("draft" in line for line in held)

    drafts = run("build", "--site", str(site), "--strict", "--drafts", "--no-search", "--output", str(tmp_path / "d"))
    assert drafts.exit_code == 0, drafts.stderr
    story = (tmp_path / "d/stories/counting-missed-appointments/index.html").read_text()
    assert "<svg" in story and "median" in story  # the measure is drawn as a run chart
    article = (tmp_path / "d/issues/1/why-a-network/index.html").read_text()
    assert 'href="/nordic/teams/outpatient-clinic/"' in article and 'href="/nordic/about/"' in article


def test_the_commands_in_the_new_sites_readme_work_there(tmp_path):
    site = tmp_path / "site"
    assert run("new", "site", str(site), "--base-url", "https://example.org/").exit_code == 0
    readme = (site / "README.md").read_text()
    commands = [line.split()[1:] for line in re.findall(r"^ecmn-press .*$", readme, re.M)]
    assert [c[0] for c in commands] == ["new"] * 5 + ["serve", "check", "build"]
    for command in commands[:5]:
        quoted = re.findall(r'"([^"]*)"|(\S+)', " ".join(command))
        made = run(*[a or b for a, b in quoted], "--site", str(site))
        assert made.exit_code == 0, (command, made.output)
    assert run("check", "--site", str(site), "--strict").exit_code == 0


def test_without_a_terminal_nothing_is_asked_and_the_defaults_are_taken(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Stockholm")
    site = tmp_path / "west-coast_network"
    made = run("new", "site", str(site), input="")  # CliRunner's stdin is not a terminal
    assert made.exit_code == 0, made.output
    assert "Site title" not in made.output and "[" not in made.output
    config = settings_of(site)
    assert (config.title, config.base_url, config.language, config.timezone.key) == (
        "West coast network", starter.DEFAULT_BASE_URL, "en", "Europe/Stockholm")
    assert "note: base_url is https://example.org/" in made.stderr


def test_on_a_terminal_missing_answers_are_asked_for_and_wrong_ones_asked_again(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_module, "_interactive", lambda: True)
    monkeypatch.setenv("TZ", "UTC")
    site = tmp_path / "site"
    answers = "\n".join([
        "Rivertown care network",
        "ftp://example.org/",  # refused: asked again
        "https://rivertown.example/news",
        "Europe/Nowhere",  # refused: asked again
        "",  # the default offered: this machine's timezone
        "sv_SE",  # refused: asked again
        "sv",
    ]) + "\n"
    made = run("new", "site", str(site), "--ci", "gitlab", input=answers)
    assert made.exit_code == 0, made.output
    assert made.output.count("Address the site will be published at") == 2
    assert "'ftp:' URLs are not allowed here; use https: or http:" in made.output
    assert "'Europe/Nowhere' is not an IANA timezone name" in made.output
    assert "Timezone of the dates you write [UTC]" in made.output
    assert "'sv_SE' is not a BCP 47 language tag" in made.output
    config = settings_of(site)
    assert (config.title, config.base_url, config.language, config.timezone.key) == (
        "Rivertown care network", "https://rivertown.example/news/", "sv", "UTC")

    # An answer given as an option is not asked for.
    other = run("new", "site", str(tmp_path / "b"), "--title", "T", "--language", "da", input="\n\n")
    assert other.exit_code == 0 and "Site title" not in other.output and "Language" not in other.output
    assert settings_of(tmp_path / "b").language == "da"


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path):
    site = tmp_path / "site"
    (site / "notes").mkdir(parents=True)
    (site / "notes" / "plan.txt").write_text("our plan\n")
    before = read_tree(site)
    refused = run("new", "site", str(site), "--base-url", "https://example.org/")
    assert refused.exit_code == 2
    assert "exists and is not empty; nothing was written" in refused.stderr
    assert read_tree(site) == before and sorted(p.name for p in site.iterdir()) == ["notes"]

    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert run("new", "site", str(a_file)).exit_code == 2 and a_file.read_text() == "x"

    # An empty folder, or a fresh clone of an empty repository, is a place to start.
    (tmp_path / "empty").mkdir()
    (tmp_path / "clone" / ".git").mkdir(parents=True)
    for folder in ("empty", "clone"):
        assert run("new", "site", str(tmp_path / folder)).exit_code == 0
        assert (tmp_path / folder / "content/site.yaml").is_file()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--base-url", "example.org/news/", "an address with its scheme is needed here"),
    ("--base-url", "javascript:alert(1)", "'javascript:' URLs are not allowed here"),
    ("--base-url", "https://example.org/?page=1", "without a query or fragment"),
    ("--timezone", "Mars/Olympus", "'Mars/Olympus' is not an IANA timezone name"),
    ("--timezone", "../../etc/passwd", "is not an IANA timezone name"),
    ("--language", "English", "'English' is not a BCP 47 language tag"),
    ("--title", "  ", "the title must not be empty"),
    ("--ci", "jenkins", "'jenkins' is not one of 'github', 'gitlab'"),
])
def test_a_wrong_option_is_a_usage_error_and_writes_nothing(tmp_path, option, value, message):
    site = tmp_path / "site"
    refused = run("new", "site", str(site), option, value)
    assert refused.exit_code == 2
    assert message in refused.stderr
    assert not site.exists()


def test_the_same_rules_as_site_yaml(tmp_path):
    # What the prompt accepts, site.yaml accepts, and the other way round.
    for tz in ("Europe/London", "UTC", "America/Argentina/Buenos_Aires", "Europe/Nowhere", "etc"):
        assert (starter.timezone_problem(tz) is None) == (_loads({"timezone": tz}))
    for tag in ("en", "en-GB", "nb", "zh-Hant-TW", "english", "e", "en_GB"):
        assert (starter.language_problem(tag) is None) == (_loads({"language": tag}))
    for url in ("https://example.org", "http://x.example/a/b/", "ftp://x/", "//x.org/", "https://x.org/#top"):
        assert (config_module.base_url_problem(url) is None) == (_loads({"base_url": url}))


def _loads(settings: dict) -> bool:
    """Whether site.yaml with these settings loads without a problem."""
    report = Report()
    text = yaml.safe_dump({"title": "T", "base_url": "https://example.org/", **settings})
    load_config(load(text, "content/site.yaml", 0, report), report)
    return report.items == []


@pytest.mark.parametrize("title", ["Nordic: network", "yes", "#1 network", "'Quoted' \"twice\"", "Åsa's — nätverk",
                                   "12", "null", "- dash", "[list]",
                                   "Network: " + "a very long name " * 8 + "that ends"])
def test_any_title_is_written_as_typed(tmp_path, title):
    site = tmp_path / "site"
    assert run("new", "site", str(site), "--title", title).exit_code == 0
    assert settings_of(site).title == title
    assert run("new", "site", str(tmp_path / "padded"), "--title", f"  {title} ").exit_code == 0
    assert settings_of(tmp_path / "padded").title == title
    assert (site / "README.md").read_text().startswith(f"# {title}\n")


def test_site_yaml_names_every_setting_the_loader_reads(tmp_path, monkeypatch):
    asked: list[str] = []

    class Spy(config_module.Fields):
        def __init__(self, meta, report, what="field"):
            super().__init__(meta, report, what)
            if what == "setting":
                self.known = asked

    monkeypatch.setattr(config_module, "Fields", Spy)
    site = tmp_path / "site"
    assert run("new", "site", str(site)).exit_code == 0
    text = (site / "content/site.yaml").read_text()
    settings_of(site)
    assert {"title", "base_url", "timezone", "nav", "page_size"} <= set(asked)

    lines = text.splitlines()
    for key in dict.fromkeys(asked):
        at = [i for i, line in enumerate(lines) if re.match(rf"#?{key}:", line)]
        assert len(at) == 1, f"site.yaml does not name '{key}' once, set or commented"
        note = lines[at[0] - 1]
        assert note.startswith("# ") and len(note) > 20, f"'{key}' has no note saying what it does"

    # Each commented setting works as it is once its '#' is removed.
    uncommented = re.sub(r"^#(?=[a-z_]+:|  )", "", text, flags=re.M)
    assert uncommented != text
    report = Report()
    config = load_config(load(uncommented, "content/site.yaml", 0, report), report)
    assert report.items == [] and config.theme == "our-colours" and config.extra == {}


def test_each_workflow_runs_the_readmes_build_command_and_publishes_the_output(tmp_path):
    command = readme_build_command()
    assert command == "ecmn-press build --strict"
    for ci, path in WORKFLOWS.items():
        site = tmp_path / ci
        assert run("new", "site", str(site), "--ci", ci).exit_code == 0
        workflow = yaml.safe_load((site / path).read_text())
        if ci == "github":
            steps = workflow["jobs"]["build"]["steps"]
            runs = [step["run"] for step in steps if "run" in step]
            upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
            assert upload["with"]["path"] == "output"
            assert workflow["permissions"]["pages"] == "write"
            assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
        else:
            job = workflow["pages"]
            runs = job["script"]
            assert "mv output public" in runs and job["artifacts"]["paths"] == ["public"]
        assert [r for r in runs if r.startswith("ecmn-press build")] == [command]
        assert runs.index("pip install -r requirements.txt") < runs.index(command)
        assert (site / "requirements.txt").is_file()


def test_pip_install_ships_the_starter_files():
    # setuptools reads package-data globs with glob(); every template must match one.
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = project["tool"]["setuptools"]["package-data"]["ecmn_press"]
    package = REPO / "ecmn_press"
    shipped = {Path(p) for pattern in patterns for p in glob.glob(str(package / pattern), recursive=True)}
    templates = [p for p in starter.FILES.rglob("*") if p.is_file()]
    assert len(templates) >= 10
    assert [p for p in templates if p not in shipped] == []


@pytest.mark.parametrize("command", [["build"], ["check"], ["serve"], ["new", "issue"], ["import", "old.txt"]])
def test_a_command_outside_a_site_says_how_to_start_one(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 2
    assert "is not a site folder" in result.stderr and "`ecmn-press new site DIR`" in result.stderr


def test_a_content_folder_without_settings_says_how_to_start_a_site(tmp_path):
    (tmp_path / "content").mkdir()
    result = run("check", "--site", str(tmp_path))
    assert result.exit_code == 1
    assert "content/site.yaml is missing (a site folder holds it; start a new site with `ecmn-press new site DIR`)" \
        in result.stderr


def test_the_machines_timezone_is_the_default_when_it_can_be_told(tmp_path):
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Amsterdam")
    assert starter.local_timezone({"TZ": ":Asia/Tokyo"}, link) == "Asia/Tokyo"
    assert starter.local_timezone({"TZ": "nonsense"}, link) == "Europe/Amsterdam"
    assert starter.local_timezone({}, tmp_path / "missing") == "UTC"


def test_the_example_measure_ends_before_the_story_and_the_dates_are_the_sites(tmp_path):
    today = dt.date(2027, 3, 10)
    files = starter.new_site(tmp_path, starter.SiteSettings("T", "https://example.org/", "UTC", "en"), today)
    by_path = {f.path.relative_to(tmp_path).as_posix(): f.text for f in files}
    assert "content/issues/2027-03-issue-01/issue.md" in by_path
    dates = re.findall(r"\{date: (\d{4}-\d\d-\d\d), value: \d+\}", by_path[STORY])
    assert len(dates) == 12 and max(dates) < today.isoformat() and dates == sorted(dates)
    assert "date: 2027-03-10\n" in by_path[STORY]
