"""The example site's expected output, kept in tests/golden/.

Refresh after an intended change to the theme, the content or the output,
then read the diff before committing it:

    python tests/golden.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLDEN = HERE / "golden"
# A fixed clock and no search index: the golden copy must not depend on when
# or where it is built, and the index is checked by its own tests.
NOW = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)


def build_example(out: Path):
    from ecmn_press.build.pipeline import build
    from ecmn_press.content.config import BuildOptions

    return build(REPO, out, BuildOptions(now=NOW, search=False, cache=False))


def main() -> int:
    staging = HERE / ".golden-new"
    shutil.rmtree(staging, ignore_errors=True)
    result = build_example(staging)
    if result.failed():
        for d in result.report.sorted():
            print(d.format(), file=sys.stderr)
        return 1
    shutil.rmtree(GOLDEN, ignore_errors=True)
    staging.rename(GOLDEN)
    print(f"refreshed {GOLDEN.relative_to(REPO)}: {sum(1 for p in GOLDEN.rglob('*') if p.is_file())} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
