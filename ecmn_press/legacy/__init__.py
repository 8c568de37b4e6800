"""`ecmn-press import`: plain-text back issues of the MicroNewsletter ->
issue folders under content/issues/.

`import_files` is the whole front door: it never prints and never raises;
the command line prints `report(result)` and, for --dry-run, `preview(result)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..core.files import read_file, write_problem
from .model import Finding, LegacyIssue, Severity
from .parse import parse
from .text import decode
from .write import (
    existing_issues,
    folder_name,
    imported_articles,
    issue_files,
    write_atomic,
)

__all__ = ["ImportResult", "LegacyIssue", "PlannedFile", "SourceFinding", "import_files", "parse",
           "preview", "report"]


@dataclass(frozen=True, slots=True)
class SourceFinding:
    source: str  # the legacy file as the user named it, or a site path
    line: int
    col: int
    severity: Severity
    message: str

    def format(self) -> str:
        # Compiler style, as the build reports; 'note' is what compilers call info.
        label = "note" if self.severity == "info" else self.severity
        return f"{self.source}:{self.line}:{self.col}: {label}: {self.message}"


@dataclass(frozen=True, slots=True)
class PlannedFile:
    source: str  # the legacy file it comes from
    path: Path  # where it is (or would be) written
    relpath: str  # the same, relative to the site folder, with '/'
    text: str
    replaces: bool  # a file was already there


@dataclass(slots=True)
class ImportResult:
    dry_run: bool
    findings: list[SourceFinding] = field(default_factory=list)
    files: list[PlannedFile] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # earlier imported articles replaced under --force
    failed: bool = False  # some file could not be imported; nothing was written for it

    @property
    def errors(self) -> list[SourceFinding]:
        return [f for f in self.findings if f.severity == "error"]


def import_files(paths: list[Path], site_dir: Path, *, dry_run: bool, force: bool,
                 today: dt.date | None = None) -> ImportResult:
    """Import each file on its own: one that fails writes nothing and does
    not stop the others. `today` (default: the local date) is only used to
    warn about dates in the future."""
    result = ImportResult(dry_run=dry_run)
    site_dir = Path(site_dir)
    try:
        is_site = (site_dir / "content" / "site.yaml").is_file()
    except OSError:  # e.g. a folder we may not look into
        is_site = False
    if not is_site:
        result.findings.append(SourceFinding(
            "content/site.yaml", 1, 1, "error",
            f"'{site_dir}' is not a site folder (it has no content/site.yaml); pass --site DIR, "
            "or start one with `ecmn-press new site DIR`"))
        result.failed = True
        return result
    existing = existing_issues(site_dir)
    claimed: dict[int, str] = {}
    for path in paths:
        source = str(path)
        try:
            findings, planned, removed = _import_one(Path(path), site_dir, existing, claimed,
                                                     dry_run=dry_run, force=force,
                                                     today=today or dt.date.today())
        except Exception as exc:  # noqa: BLE001 - an editor must never see a traceback
            findings = [Finding(1, 1, "error", f"internal error while importing ({type(exc).__name__}: {exc}); "
                                               "nothing was written for this file; please report it")]
            planned, removed = [], []
        result.findings += [SourceFinding(source, f.line, f.col, f.severity, f.message) for f in findings]
        result.files += planned
        result.removed += removed
        result.failed = result.failed or any(f.severity == "error" for f in findings)
    return result


def _import_one(path: Path, site_dir: Path, existing: dict[int, Path], claimed: dict[int, str], *,
                dry_run: bool, force: bool, today: dt.date
                ) -> tuple[list[Finding], list[PlannedFile], list[str]]:
    source = str(path)
    data, why = read_file(path)
    if data is None:
        return [Finding(1, 1, "error", why or "cannot read the file")], [], []
    text, findings = decode(data)
    if text is None:
        return findings, [], []
    issue, parsed = parse(text, source_name=path.name, today=today)
    findings += parsed
    if issue is None or any(f.severity == "error" for f in findings):
        return findings, [], []
    issues_dir = site_dir / "content" / "issues"
    at = issue.number_line
    if issue.number in claimed:
        findings.append(Finding(at, 1, "error", f"issue {issue.number} is also imported from "
                                                f"{claimed[issue.number]} in this run; nothing written"))
        return findings, [], []
    if issue.number in existing:
        where = existing[issue.number].relative_to(site_dir).as_posix()
        if not force:
            findings.append(Finding(at, 1, "error", f"issue {issue.number} already exists at {where}; "
                                                    "use --force to replace it"))
            return findings, [], []
        folder = existing[issue.number].parent
        findings.append(Finding(at, 1, "info", f"replacing issue {issue.number} at {where} (--force)"))
    else:
        folder = issues_dir / folder_name(issue)
        if folder.exists() and any(folder.iterdir()):
            rel = folder.relative_to(site_dir).as_posix()
            findings.append(Finding(at, 1, "error", f"{rel}/ already exists and does not hold issue "
                                                    f"{issue.number}; move it away and import again"))
            return findings, [], []
    claimed[issue.number] = source
    files = issue_files(issue, path.name)
    planned = [
        PlannedFile(source, folder / name, (folder / name).relative_to(site_dir).as_posix(), text_,
                    (folder / name).exists())
        for name, text_ in files.items()
    ]
    earlier = imported_articles(folder)
    for item in planned:
        if item.replaces and item.path.name != "issue.md" and item.path not in earlier:
            findings.append(Finding(at, 1, "error", f"{item.relpath} exists and was not written by an import; "
                                                    "move it away and import again"))
            return findings, [], []
    stale = [p for p in earlier if p.name not in files]
    removed = [p.relative_to(site_dir).as_posix() for p in stale]
    refused = next((w for item in planned if (w := write_problem(site_dir, item.path))), None)
    if refused:
        findings.append(Finding(at, 1, "error", f"cannot write into {folder.relative_to(site_dir).as_posix()}: {refused}"))
        return findings, [], []
    if dry_run:
        return findings, planned, removed
    try:
        # The issue file goes last: until it exists the folder is not an issue.
        for item in sorted(planned, key=lambda p: p.path.name == "issue.md"):
            write_atomic(item.path, item.text)
        for p in stale:
            p.unlink()
    except OSError as exc:
        findings.append(Finding(at, 1, "error", f"cannot write into {folder.relative_to(site_dir).as_posix()}: "
                                                f"{exc.strerror or exc}"))
        return findings, [], []
    return findings, planned, removed


def report(result: ImportResult) -> list[str]:
    """The lines the command line prints on standard error, in order."""
    lines = [f.format() for f in result.findings]
    verb = "would write" if result.dry_run else "wrote"
    for item in result.files:
        lines.append(f"{verb} {item.relpath}{' (replacing the existing file)' if item.replaces else ''}")
    for rel in result.removed:
        lines.append(f"{'would remove' if result.dry_run else 'removed'} {rel} (an earlier import)")
    return lines


def preview(result: ImportResult) -> str:
    """What --dry-run prints on standard output: each file's path and text."""
    return "".join(f"==> {item.relpath} <==\n{item.text}\n" for item in result.files)
