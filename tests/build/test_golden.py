"""The example site builds to exactly its golden copy (tests/golden/).

After an intended change: `python tests/golden.py`, then review the diff.
"""

from __future__ import annotations

import difflib
import io

from conftest import read_tree
from golden import GOLDEN, build_example
from PIL import Image, ImageChops, ImageStat

REFRESH = "python tests/golden.py"


def test_example_site_matches_its_golden_copy(tmp_path):
    out = tmp_path / "out"
    result = build_example(out)
    assert not result.failed(), [d.format() for d in result.report.sorted()]
    built, golden = read_tree(out), read_tree(GOLDEN)
    assert sorted(built) == sorted(golden), f"files differ; if intended, run `{REFRESH}`"
    for path in sorted(built):
        if built[path] != golden[path] and not _same_picture(path, built[path], golden[path]):
            diff = difflib.unified_diff(
                golden[path].decode(errors="replace").splitlines(),
                built[path].decode(errors="replace").splitlines(),
                f"golden/{path}", f"built/{path}", lineterm="", n=2,
            )
            shown = "\n".join(list(diff)[:60])
            raise AssertionError(f"{path} differs from its golden copy; if intended, run `{REFRESH}`\n{shown}")


def _same_picture(path: str, built: bytes, golden: bytes) -> bool:
    """An encoded image may differ in its bytes with another Pillow's encoders; it
    must still be the same picture: format, size, and pixels within a few levels."""
    if not path.startswith("media/") or not path.endswith((".jpg", ".png", ".webp", ".avif", ".gif")):
        return False
    a, b = Image.open(io.BytesIO(built)), Image.open(io.BytesIO(golden))
    if (a.format, a.size, a.mode) != (b.format, b.size, b.mode):
        return False
    difference = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return max(ImageStat.Stat(difference).rms) < 4
