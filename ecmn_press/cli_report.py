"""What the command line says about a build or check: each problem on its
own line, the summary, progress on a terminal, and the stages' times."""

from __future__ import annotations

import sys
import time

import click

from .build.pipeline import BuildResult
from .core.diagnostics import Diagnostic

EXIT_CONTENT = 1  # the site has errors


def print_diagnostics(diagnostics: list[Diagnostic], strict: bool) -> None:
    for d in diagnostics:
        line = d.format()
        if strict and d.severity == "warning":
            line = line.replace(": warning: ", ": error: ", 1)
        click.echo(line, err=True)


def progress(enabled: bool):
    if not enabled:
        return None

    def show(stage: str) -> None:
        click.echo(f"\r\033[Kbuilding: {stage}…", err=True, nl=False)

    return show


def report_result(result: BuildResult, strict: bool, started: float, action: str) -> int:
    if sys.stderr.isatty():
        click.echo("\r\033[K", err=True, nl=False)
    print_diagnostics(result.report.sorted(), strict)
    errors = len(result.report.errors) + (len(result.report.warnings) if strict else 0)
    warnings = 0 if strict else len(result.report.warnings)
    if result.failed(strict):
        click.echo(
            f"{action} failed: {errors} error{'s' * (errors != 1)}"
            + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else "")
            + (" (nothing was written)" if action == "build" else ""),
            err=True,
        )
        return EXIT_CONTENT
    seconds = time.perf_counter() - started
    held = len(result.held_back)
    parts = [f"{result.pages} pages"]
    if result.written is not None:
        w = result.written
        parts.append(f"{w.written} files written, {w.unchanged} unchanged, {w.removed} removed")
    parts.append(f"{held} held back")
    if result.images_encoded:
        n = result.images_encoded
        parts.append(f"{n} image{'s' * (n != 1)} encoded")
    if result.index is not None:
        n = result.index.pages
        unchanged = " (unchanged)" if result.index.reused else ""
        parts.append(f"{n} page{'s' * (n != 1)} in the search index{unchanged}")
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    verb = "Built" if action == "build" else "Checked"
    click.echo(f"{verb} {', '.join(parts)} in {seconds:.2f} s", err=True)
    for item in result.held_back:
        flag = "--drafts" if item.reason == "draft" else "--future"
        click.echo(f"  held back: {item.path}: {item.reason}, {item.detail} (use {flag} to include)", err=True)
    for note in result.notes:
        click.echo(f"  {note}", err=True)
    return 0


def print_timings(result: BuildResult) -> None:
    for stage, seconds in result.timings.items():
        click.echo(f"  {stage:<10} {seconds * 1000:8.0f} ms", err=True)
