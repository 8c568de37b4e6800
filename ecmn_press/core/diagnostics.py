"""Problems an editor can cause, as data: a position, a severity, a message.

Every stage of the build appends to a `Report`; only the command line turns
the collected diagnostics into text and an exit status.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Iterable, Literal, TypeVar

Severity = Literal["error", "warning"]
C = TypeVar("C", bound=type)


def compact_pickle(cls: C) -> C:
    """Pickle a dataclass as its constructor's arguments.

    The builds keep documents, bodies and positions in the cache and pass them
    between processes by the hundred thousand; for a slots dataclass pickle's
    default goes through `dataclasses.fields` for every object, at twice the
    cost of a plain tuple, both ways.
    """
    names = tuple(f.name for f in fields(cls) if f.init)
    get = attrgetter(*names)
    one = len(names) == 1
    cls.__reduce__ = (lambda self: (cls, (get(self),))) if one else (lambda self: (cls, get(self)))  # type: ignore[attr-defined]
    return cls


@compact_pickle
@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A place in a file of the site folder; line and column start at 1."""

    path: str
    line: int = 1
    col: int = 1

    def at(self, line: int, col: int = 1) -> "Position":
        return Position(self.path, line, col)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Diagnostic:
    position: Position
    severity: Severity
    message: str
    hint: str | None = None

    def format(self) -> str:
        p = self.position
        text = f"{p.path}:{p.line}:{p.col}: {self.severity}: {self.message}"
        return printable(f"{text} ({self.hint})" if self.hint else text)

    def sort_key(self) -> tuple:
        return (self.position, self.severity, self.message)


@dataclass(slots=True)
class Report:
    """Collects diagnostics from every stage; never raises, never prints."""

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set)

    def add(self, diagnostic: Diagnostic) -> None:
        # The same problem can be met twice (a broken partial used by many
        # templates); an editor should read it, and count it, once.
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.items.append(diagnostic)

    def error(self, position: Position, message: str, hint: str | None = None) -> None:
        self.add(Diagnostic(position, "error", message, hint))

    def warning(self, position: Position, message: str, hint: str | None = None) -> None:
        self.add(Diagnostic(position, "warning", message, hint))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def has_errors(self, strict: bool = False) -> bool:
        return any(d.severity == "error" or strict for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """In file order, as an editor works through them."""
        return sorted(self.items, key=Diagnostic.sort_key)


def printable(text: str) -> str:
    """`text` on one line a terminal shows faithfully: controls, line separators
    and bytes that were not UTF-8 (as os.fsdecode leaves them) become escapes."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or 0x7F <= code < 0xA0 or code in (0x2028, 0x2029) or 0xD800 <= code <= 0xDFFF:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def did_you_mean(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """A hint naming the closest candidate, or None when nothing is close."""
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=cutoff)
    return f"did you mean '{matches[0]}'?" if matches else None


def did_you_mean_path(path: str, candidates: Iterable[str]) -> str | None:
    """Like did_you_mean, judged on file names: shared folders say nothing."""
    by_name: dict[str, str] = {}
    for candidate in sorted(candidates):
        by_name.setdefault(candidate.rsplit("/", 1)[-1], candidate)
    matches = difflib.get_close_matches(path.rsplit("/", 1)[-1], list(by_name), n=1, cutoff=0.7)
    return f"did you mean '{by_name[matches[0]]}'?" if matches else None
