"""`ecmn-press import`: plain-text back issues of the MicroNewsletter ->
issue folders under content/issues/.

`import_files` is the whole front door: it never prints and never raises;
the command line prints `report(result)` and, for --dry-run, `preview(result)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..build.pipeline import read_settings
from ..core.files import read_file, write_problem
from ..i18n.codes import code_problem, normal, split_name
from .model import Finding, LegacyIssue, Severity
from .parse import parse
from .text import decode
from .write import (
    existing_issues,
    folder_name,
    imported_articles,
    issue_files,
    read_front_matter,
    translation_files,
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
                 today: dt.date | None = None, lang: str | None = None) -> ImportResult:
    """Import each file on its own: one that fails writes nothing and does
    not stop the others. `today` (default: the local date) is only used to
    warn about dates in the future. `lang` is the language the files are
    written in: a new issue is marked with it (`lang:`) when it is not the
    site's default language; an issue already in the site in another
    language gets the import as its translation (`issue.<lang>.md`)."""
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
    languages = _languages(site_dir, lang, result)
    if languages is None:
        return result
    existing = existing_issues(site_dir)
    claimed: dict[int, str] = {}
    for path in paths:
        source = str(path)
        try:
            findings, planned, removed = _import_one(Path(path), site_dir, existing, claimed,
                                                     dry_run=dry_run, force=force,
                                                     today=today or dt.date.today(), languages=languages)
        except Exception as exc:  # noqa: BLE001 - an editor must never see a traceback
            findings = [Finding(1, 1, "error", f"internal error while importing ({type(exc).__name__}: {exc}); "
                                               "nothing was written for this file; please report it")]
            planned, removed = [], []
        result.findings += [SourceFinding(source, f.line, f.col, f.severity, f.message) for f in findings]
        result.files += planned
        result.removed += removed
        result.failed = result.failed or any(f.severity == "error" for f in findings)
    return result


def _languages(site_dir: Path, lang: str | None, result: ImportResult) -> tuple[str, str] | None:
    """(the site's default language, the files' language), or None after saying why not."""
    config, _ = read_settings(site_dir)
    default = config.language if config is not None else "en"
    if lang is None:
        return default, default
    problem = code_problem(lang)
    code = normal(lang) if problem is None else lang
    if problem is None and config is not None and code not in config.codes:
        problem = (f"language '{code}' is not one of the site's languages ({', '.join(config.codes)})",
                   "add it under languages: in content/site.yaml first")
    if problem is not None:
        result.findings.append(SourceFinding("content/site.yaml", 1, 1, "error",
                                             f"--lang {lang}: {problem[0]}" + (f" ({problem[1]})" if problem[1] else "")))
        result.failed = True
        return None
    return default, code


def _import_one(path: Path, site_dir: Path, existing: dict[int, Path], claimed: dict[int, str], *,
                dry_run: bool, force: bool, today: dt.date, languages: tuple[str, str]
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
    default, lang = languages
    if issue.number in existing and _language_of(existing[issue.number], default) != lang:
        claimed[issue.number] = source
        return _translation(issue, existing[issue.number], lang, site_dir, source, findings, dry_run, force)
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
    files = issue_files(issue, path.name, "" if lang == default else lang)
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


def _language_of(issue_md: Path, default: str) -> str:
    meta = read_front_matter(issue_md) or {}
    lang = meta.get("lang")
    return normal(lang) if isinstance(lang, str) and code_problem(lang) is None else default


def _translation(issue: LegacyIssue, original: Path, lang: str, site_dir: Path, source: str,
                 findings: list[Finding], dry_run: bool, force: bool
                 ) -> tuple[list[Finding], list[PlannedFile], list[str]]:
    """The issue is in the site in another language: write this text as its translation,
    the article's beside the article an import wrote there (or the folder's only article)."""
    at, folder = issue.number_line, original.parent
    rel = folder.relative_to(site_dir).as_posix()
    articles = imported_articles(folder) or [p for p in sorted(folder.glob("*.md"))
                                             if p.name != "issue.md" and split_name(p.name)[1] is None]
    if len(articles) != 1:
        findings.append(Finding(at, 1, "error", f"issue {issue.number} is in {rel}/ in another language, with "
                                                f"{len(articles)} articles: cannot tell which one this text "
                                                f"translates; nothing written"))
        return findings, [], []
    files = translation_files(issue, lang, split_name(articles[0].name)[0])
    planned = [PlannedFile(source, folder / name, f"{rel}/{name}", text, (folder / name).exists())
               for name, text in files.items()]
    taken = [p.relpath for p in planned if p.replaces]
    if taken and not force:
        findings.append(Finding(at, 1, "error", f"{taken[0]} already exists; use --force to replace it"))
        return findings, [], []
    findings.append(Finding(at, 1, "info", f"issue {issue.number} is in {rel}/ in another language: "
                                           f"written as its '{lang}' translation"))
    refused = next((w for item in planned if (w := write_problem(site_dir, item.path))), None)
    if refused:
        findings.append(Finding(at, 1, "error", f"cannot write into {rel}: {refused}"))
        return findings, [], []
    if not dry_run:
        for item in planned:
            write_atomic(item.path, item.text)
    return findings, planned, []


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
