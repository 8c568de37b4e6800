"""From bytes to numbered lines: encodings, line endings, form feeds and
characters no Markdown or YAML file should carry."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from .model import Finding

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Unicode line and paragraph separators split lines for Python but not for
# text editors or CommonMark; inside a line they are just spaces.
_ODD_SPACE = re.compile(r"[\u2028\u2029\x85]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class SourceLine:
    no: int  # 1-based, counted the way editors count (\n, \r\n or \r)
    text: str  # tabs expanded, form feeds and control characters removed, right-stripped
    page_break: bool  # a form feed stood on this line: a page starts or ends here

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())


def _as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read bytes that are not UTF-8 as Windows-1252
    (Latin-1 for the five bytes Windows-1252 leaves undefined)."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start:exc.end]
    text = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad)
    return text, exc.end


# Registering is idempotent and the handler keeps no state.
codecs.register_error("ecmn-press-cp1252", _as_cp1252)


def decode(data: bytes) -> tuple[str | None, list[Finding]]:
    """Bytes to text, saying how they were read; None when they are not text.

    Old files are often UTF-8 with a few Windows-1252 characters pasted in
    (or the other way round): valid UTF-8 is read as UTF-8 and only the
    bytes that are not are read as Windows-1252, so neither part is garbled."""
    if not data.strip():
        return None, [Finding(1, 1, "error", "the file is empty")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), [Finding(1, 1, "info", "read as UTF-16")]
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        return None, [Finding(1, 1, "error", "this is a binary file, not plain text")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    text = data.decode("utf-8-sig", errors="ecmn-press-cp1252")
    return text, [Finding(line, col, "warning", "the file is not valid UTF-8; bytes that are not were read as Windows-1252")]


def split_lines(text: str) -> tuple[list[SourceLine], list[Finding]]:
    findings: list[Finding] = []
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    lines: list[SourceLine] = []
    for no, raw in enumerate(_LINE_BREAK.split(text), start=1):
        page_break = "\f" in raw or "\v" in raw
        if page_break:
            findings.append(Finding(no, raw.find("\f") + 1 if "\f" in raw else 1, "info",
                                    "dropped a page break (form feed)"))
            raw = re.sub(r"[\f\v]", " ", raw.strip("\f\v"))
        if _CONTROL.search(raw):
            col = _CONTROL.search(raw).start() + 1
            findings.append(Finding(no, col, "warning", "replaced control characters (not text) with spaces"))
            raw = _CONTROL.sub(" ", raw)
        raw = _ODD_SPACE.sub(" ", raw).expandtabs(4).rstrip()
        lines.append(SourceLine(no, raw, page_break))
    return lines, findings
