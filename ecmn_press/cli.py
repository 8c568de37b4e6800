"""The command line: the only place that prints and picks exit codes.

Exit status: 0 success, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import sys
import time
import traceback
from pathlib import Path

import click

from . import __version__, scaffold, starter
from .build.output import refuse_output
from .build.pipeline import BuildResult, build, check, read_settings
from .content.config import BuildOptions, base_url_problem, check_base_url, timezone_named
from .core.files import write_problem
from .cli_report import EXIT_CONTENT, print_diagnostics, print_timings, progress, report_result



NOT_A_SITE_HINT = "start one with `ecmn-press new site DIR`, or pass --site DIR"


def _site_dir(site: str) -> Path:
    path = Path(site)
    if not (path / "content").is_dir():
        raise click.UsageError(f"{site} is not a site folder: it has no content/ folder; {NOT_A_SITE_HINT}")
    return path


def _interactive() -> bool:
    """Ask for missing answers only when a person can type them."""
    return sys.stdin.isatty()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class _Commands(click.Group):
    """Commands whose own failures end in one line, never a traceback.

    Everything an editor can cause is reported as diagnostics; reaching the
    handler below means a bug in ecmn-press. ECMN_PRESS_DEBUG=1 shows where.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last resort is the point
            if os.environ.get("ECMN_PRESS_DEBUG"):
                raise
            click.echo(
                f"ecmn-press: internal error: {type(exc).__name__}: {exc}\n"
                "  This is a bug in ecmn-press, not a problem in your site. "
                "Run again with ECMN_PRESS_DEBUG=1 to see where it happened, and report it.",
                err=True,
            )
            sys.exit(EXIT_CONTENT)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ecmn-press")
def main() -> None:
    """Build the site of a clinical-improvement network from Markdown."""


class _OneShot:
    """Marks a run as the whole process (the console script), not a call from a test."""


def run() -> None:
    """The console script."""
    main(obj=_OneShot())


def _one_shot() -> bool:
    ctx = click.get_current_context(silent=True)
    return ctx is not None and isinstance(ctx.find_object(_OneShot), _OneShot)


def _start_one_shot() -> None:
    # The build pauses the cyclic collector while it runs; restarting it
    # afterwards costs a pass over every object the build made (a quarter
    # of a second at 5,000 items), which a process about to end can skip.
    if _one_shot():
        gc.disable()


def _leave(code: int) -> None:
    """End a build or check with `code`.

    The build's data (a few hundred megabytes of small objects at 5,000
    items) takes a quarter of a second to take apart; a process about to end
    need not, so the console script leaves without it once its output is out.
    """
    if _one_shot():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


@main.command("build")
@click.option("--site", default=".", show_default=True, help="The site folder (holds content/).")
@click.option("--output", default=None, help="Where to write the site [default: SITE/output].")
@click.option("--drafts", is_flag=True, help="Publish drafts too.")
@click.option("--future", is_flag=True, help="Publish items dated after now too.")
@click.option("--base-url", default=None, help="Publish at this URL instead of site.yaml's base_url.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: CPUs].")
@click.option("--no-search", is_flag=True, help="Skip the search index.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--timings", is_flag=True, help="Print how long each stage took.")
def build_command(site, output, drafts, future, base_url, jobs, no_search, strict, timings) -> None:
    """Build the site into the output folder."""
    started = time.perf_counter()
    _start_one_shot()
    site_dir = _site_dir(site)
    output_dir = Path(output) if output else site_dir / "output"
    reason = refuse_output(site_dir, output_dir)
    if reason:
        raise click.UsageError(f"refusing --output {output_dir}: {reason}")
    if base_url is not None and check_base_url(base_url) is None:
        raise click.BadParameter("must be an absolute http(s) URL", param_hint="--base-url")
    options = BuildOptions(
        now=_now(), drafts=drafts, future=future, base_url=base_url,
        jobs=jobs or os.cpu_count() or 1, search=not no_search, strict=strict,
    )
    result = build(site_dir, output_dir, options, progress(sys.stderr.isatty()))
    code = report_result(result, strict, started, "build")
    if timings:
        print_timings(result)
    _leave(code)


@main.command("check")
@click.option("--site", default=".", show_default=True, help="The site folder (holds content/).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check_command(site, strict) -> None:
    """Validate everything; write nothing."""
    started = time.perf_counter()
    _start_one_shot()
    options = BuildOptions(now=_now(), strict=strict, search=False)
    result = check(_site_dir(site), options)
    _leave(report_result(result, strict, started, "check"))


@main.group("new")
def new_group() -> None:
    """Start a new site, or a new issue, article, story, team or page in one."""


def _refuse(check):
    """A prompt's check: refuses (and so asks again for) a value `check` finds a problem with."""

    def judge(value: str) -> str:
        problem = check(value)
        if problem:
            raise click.BadParameter(problem)
        return value

    return judge


def _answer(check):
    """The same check as an option's callback: a refused value is a usage error (exit 2)."""
    return lambda _ctx, _param, value: value if value is None else _refuse(check)(value)


@new_group.command("site")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", callback=_answer(starter.title_problem), help="The site's name [default: the folder's].")
@click.option("--base-url", callback=_answer(base_url_problem),
              help=f"The absolute http(s) URL it will be published at [default: {starter.DEFAULT_BASE_URL}].")
@click.option("--timezone", callback=_answer(starter.timezone_problem),
              help="IANA timezone for dates without a time [default: this machine's, else UTC].")
@click.option("--language", callback=_answer(starter.language_problem), help="BCP 47 language tag [default: en].")
@click.option("--ci", type=click.Choice(starter.CI), default=None,
              help="Add a workflow that builds and publishes on GitHub Pages or GitLab Pages.")
def new_site(folder, ci, **given) -> None:
    """A new site folder FOLDER that builds as it is.

    Missing answers are asked for on a terminal, and take their defaults otherwise.
    """
    refused = starter.folder_problem(folder)
    if refused:
        raise click.UsageError(refused)
    defaults = starter.defaults(folder)
    for name, (question, check) in starter.QUESTIONS.items():
        if given[name] is None:
            ask = _interactive()
            given[name] = click.prompt(question, defaults[name], value_proc=_refuse(check)) if ask else defaults[name]
    settings = starter.SiteSettings(ci=ci, **given)
    problems = starter.settings_problems(settings)
    if problems:  # only a default can get here: what was typed has been judged already
        raise click.UsageError("; ".join(f"--{name}: {why}" for name, why in problems.items()))
    files = starter.new_site(folder, settings, dt.datetime.now(timezone_named(settings.timezone)).date())
    try:
        for new in files:
            new.path.parent.mkdir(parents=True, exist_ok=True)
            new.path.write_text(new.text, encoding="utf-8")
    except OSError as exc:
        raise click.UsageError(f"cannot write {exc.filename or folder}: {exc.strerror or exc}") from None
    steps, notes = starter.next_steps(folder, settings, Path.cwd())
    for line in [f"created {new.path}" for new in files] + [""] + steps:
        click.echo(line)
    for note in notes:
        click.echo(f"note: {note}", err=True)


def _write_new(site_dir: Path, make) -> None:
    try:
        new = make()
    except scaffold.ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    refused = write_problem(site_dir, new.path)
    if refused:
        raise click.UsageError(f"cannot write {new.path}: {refused}")
    new.path.parent.mkdir(parents=True, exist_ok=True)
    new.path.write_text(new.text, encoding="utf-8")
    click.echo(f"created {new.path}")


_site_option = click.option("--site", default=".", show_default=True, help="The site folder (holds content/).")
_lang_option = click.option("--lang", default=None, help="Start a translation of the existing one into LANG.")
_date_option = click.option("--date", type=click.DateTime(["%Y-%m-%d"]), default=None, help="YYYY-MM-DD [default: today].")


@new_group.command("issue")
@_site_option
@click.option("--number", type=click.IntRange(min=1), default=None, help="[default: the next number]")
@_date_option
@click.option("--title", default=None)
@_lang_option
def new_issue(site, number, date, title, lang) -> None:
    """A new issue folder with its issue.md (a draft); with --lang, issue --number's translation."""
    site_dir = _site_dir(site)
    _write_new(site_dir, lambda: scaffold.new_issue(site_dir, number, date and date.date(), title, lang))


@new_group.command("article")
@_site_option
@click.argument("issue", type=int)
@click.argument("slug")
@click.option("--title", default=None)
@_lang_option
def new_article(site, issue, slug, title, lang) -> None:
    """A new article in issue number ISSUE; with --lang, the translation of article SLUG."""
    site_dir = _site_dir(site)
    _write_new(site_dir, lambda: scaffold.new_article(site_dir, issue, slug, title, lang))


@new_group.command("story")
@_site_option
@click.argument("slug")
@click.option("--team", "teams", multiple=True, help="A team's slug (repeat for several).")
@click.option("--title", default=None)
@_date_option
@_lang_option
def new_story(site, slug, teams, title, date, lang) -> None:
    """A new team story (a draft); with --lang, the translation of story SLUG (a draft)."""
    site_dir = _site_dir(site)
    _write_new(site_dir, lambda: scaffold.new_story(site_dir, slug, list(teams), title, date and date.date(), lang))


@new_group.command("team")
@_site_option
@click.argument("slug")
@click.option("--name", default=None)
@click.option("--region", default=None)
@click.option("--country", default=None)
@_lang_option
def new_team(site, slug, name, region, country, lang) -> None:
    """A new team profile; with --lang, the translation of team SLUG."""
    site_dir = _site_dir(site)
    _write_new(site_dir, lambda: scaffold.new_team(site_dir, slug, name, region, country, lang))


@new_group.command("page")
@_site_option
@click.argument("slug")
@click.option("--title", default=None)
@click.option("--menu", is_flag=True, help="List the page in the header menu.")
@_lang_option
def new_page(site, slug, title, menu, lang) -> None:
    """A new free page; with --lang, the translation of page SLUG."""
    site_dir = _site_dir(site)
    _write_new(site_dir, lambda: scaffold.new_page(site_dir, slug, title, menu, lang))


@main.command("serve")
@click.option("--site", default=".", show_default=True, help="The site folder (holds content/).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (IPv4 or IPv6). Any but loopback shows drafts to other machines.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
def serve_command(site, host, port) -> None:
    """Preview the site with drafts, rebuilding and reloading on every change."""
    from .preview_http import ListenError  # the file watcher costs a build 40 ms to load
    from .serve import Preview

    site_dir = _site_dir(site)
    config, report = read_settings(site_dir)
    if config is None:
        print_diagnostics(report.sorted(), strict=False)
        sys.exit(EXIT_CONTENT)

    def show(result: BuildResult) -> None:
        print_diagnostics(result.report.sorted(), strict=False)
        while preview.notes:
            click.echo(f"note: {preview.notes.pop(0)}", err=True)
        state = "rebuild failed" if result.failed() else f"built {result.pages} pages"
        if result.written is not None:
            state += f" ({result.written.written} files changed)"
        # Encoding runs within other stages (alongside rendering, or in `wait`): its time is theirs.
        seconds = sum(t for stage, t in result.timings.items() if stage != "encoding")
        click.echo(f"[{dt.datetime.now():%H:%M:%S}] {state} in {seconds:.2f} s", err=True)

    try:
        preview = Preview(site_dir, host, port, config.base_path, show, on_error=_request_failed,
                          say=lambda line: click.echo(f"note: {line}", err=True))
    except ListenError as exc:
        hint = f"; try --port {port + 1}" if exc.port_in_use else ""
        raise click.UsageError(f"cannot listen on {host} port {port}: {exc}{hint}") from None
    if preview.exposed:
        click.echo(
            f"warning: --host {host} is not loopback: every machine that can reach this one on port {port} "
            "can see the preview, drafts and unpublished pages included. "
            "Leave --host out (127.0.0.1) to keep it on this machine.",
            err=True,
        )
    # A plain kill would skip the clean-up and leave the drafts' build in the temporary folder.
    try:
        signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:
        pass  # not the main thread (an embedding caller): its signals are its own
    try:
        preview.run(lambda url: click.echo(f"Serving {url} (drafts and scheduled items shown; Ctrl+C to stop)", err=True))
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _request_failed(exc: BaseException) -> None:
    """A bug met while answering one request: the server goes on, the terminal is told."""
    if os.environ.get("ECMN_PRESS_DEBUG"):
        click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
        return
    click.echo(
        f"ecmn-press: internal error while answering a request: {type(exc).__name__}: {exc} "
        "(a bug in ecmn-press; ECMN_PRESS_DEBUG=1 shows where)",
        err=True,
    )


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--site", default=".", show_default=True, help="The site folder (holds content/).")
@click.option("--dry-run", is_flag=True, help="Print the files that would be written; write nothing.")
@click.option("--force", is_flag=True, help="Replace an existing issue with the same number.")
@click.option("--lang", default=None, help="The language the files are written in [default: the site's].")
def import_command(files, site, dry_run, force, lang) -> None:
    """Turn old plain-text newsletters into issue folders under content/issues/."""
    from . import legacy  # the importer's parsers cost a build 55 ms to load

    result = legacy.import_files(list(files), _site_dir(site), dry_run=dry_run, force=force, lang=lang)
    if dry_run:
        click.echo(legacy.preview(result), nl=False)
    for line in legacy.report(result):
        click.echo(line, err=True)
    sys.exit(EXIT_CONTENT if result.failed else 0)
