"""Does checking a body grow linearly with the number of links in it?

Usage: python benchmarks/link_flood.py [--sizes 10000,20000,100000] [--per-line 0]

For each size N, writes a small site whose one page holds N reference-style
links (`[text i][r i]`, every other one to a story that does not exist) and
N definitions, runs `check` on it in this process and prints the time.
`--per-line 0` puts every link on one line, the layout that once made
finding each link's column quadratic; a positive number wraps the lines.

Exits 1 if the time per link at the largest size is more than --limit times
the time per link at the smallest (default 3: linear growth stays near 1,
quadratic growth from 10,000 to 100,000 links is 10), or if a broken link
is not reported exactly once. Standard library and ecmn_press only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from ecmn_press.build.pipeline import check
from ecmn_press.content.config import BuildOptions

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def page(n: int, per_line: int) -> str:
    uses = [f"[text {i}][r{i}]" for i in range(n)]
    width = per_line or n
    lines = [" ".join(uses[i : i + width]) for i in range(0, n, width)]
    targets = (f"../stories/missing-{i}.md" if i % 2 else "../stories/ok.md" for i in range(n))
    definitions = [f"[r{i}]: {target}" for i, target in enumerate(targets)]
    return "---\ntitle: Flood\n---\n" + "\n".join(lines) + "\n\n" + "\n".join(definitions) + "\n"


def write_site(root: Path, n: int, per_line: int) -> None:
    files = {
        "content/site.yaml": "title: Flood\nbase_url: https://example.org/\n",
        "content/stories/ok.md": "---\ntitle: Fine\ndate: 2005-01-01\n---\nA story.\n",
        "content/pages/flood.md": page(n, per_line),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def run(n: int, per_line: int) -> tuple[float, int, int]:
    """Seconds to check, broken links reported, and how many distinct places they name."""
    with tempfile.TemporaryDirectory() as folder:
        write_site(Path(folder), n, per_line)
        started = time.perf_counter()
        result = check(Path(folder), BuildOptions(now=NOW, search=False, cache=False))
        seconds = time.perf_counter() - started
    broken = [d for d in result.report.errors if "missing-" in d.message]
    return seconds, len(broken), len({d.position for d in broken})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,20000,100000")
    parser.add_argument("--per-line", type=int, default=0, help="links per line; 0: all on one line")
    parser.add_argument("--limit", type=float, default=3.0, help="largest allowed growth of the time per link")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    run(100, args.per_line)  # so the first size does not also pay for first-time imports and set-up
    per_link = {}
    failed = False
    print(f"{'links':>8} {'seconds':>8} {'us/link':>8} {'reported':>9}")
    for n in sizes:
        seconds, reported, places = run(n, args.per_line)
        per_link[n] = seconds / n
        print(f"{n:>8} {seconds:>8.2f} {per_link[n] * 1e6:>8.1f} {reported:>9}")
        if reported != n // 2 or places != n // 2:
            print(f"  expected {n // 2} broken links, each once at its own place; got {reported} at {places}")
            failed = True
    growth = per_link[sizes[-1]] / per_link[sizes[0]]
    print(f"time per link grew {growth:.2f}x from {sizes[0]} to {sizes[-1]} links (limit {args.limit}x)")
    return 1 if failed or growth > args.limit else 0


if __name__ == "__main__":
    sys.exit(main())
