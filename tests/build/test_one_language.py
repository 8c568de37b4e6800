"""A site without `languages:` builds byte for byte as it did before languages existed.

The example site now has translations, so its golden copy (tests/golden/)
holds four languages. Its one-language form is rebuilt here: the same site
without its translations, without the item written first in Dutch and
without the `languages:` block, which must give exactly the files the
golden copy held before languages were added. Their digests are kept in
tests/golden-one-language.sha256 (3.5 MB of HTML need not be kept twice).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from golden import NOW, REPO

from ecmn_press.build.pipeline import build
from ecmn_press.content.config import BuildOptions
from ecmn_press.i18n.codes import split_name

MANIFEST = Path(__file__).resolve().parent.parent / "golden-one-language.sha256"


def _one_language_copy(target: Path) -> Path:
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "themes", target / "themes")
    removed = 0
    for path in sorted((target / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if split_name(path.name)[1] is not None or re.search(r"^lang:", text.split("\n---", 1)[0], re.M):
            path.unlink()
            removed += 1
    settings = target / "content/site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "\nlanguages:" in text and removed >= 5  # the example really is multilingual
    settings.write_text(text.split("\nlanguages:")[0] + "\n", encoding="utf-8")
    return target


def test_the_example_in_one_language_builds_exactly_as_before_languages(tmp_path):
    site = _one_language_copy(tmp_path / "site")
    out = tmp_path / "out"
    result = build(site, out, BuildOptions(now=NOW, search=False, cache=False))
    assert not result.failed(), [d.format() for d in result.report.sorted()]
    built = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(out.rglob("*")) if p.is_file()}
    expected = dict(reversed(line.split("  ", 1)) for line in MANIFEST.read_text().splitlines())
    assert sorted(built) == sorted(expected)
    assert [p for p in built if built[p] != expected[p]] == []
