"""Time whole `ecmn-press build` processes on synthetic corpora.

Usage: python benchmarks/bench.py [--sizes 1000,5000] [--runs 3] [--keep DIR]
                                  [--search [--words waiting,handover]]

For each size: cold builds (new output folder, empty cache), warm rebuilds
(same output and cache, nothing changed) and rebuilds after one story's body
was edited. Prints a Markdown table. Standard library only, except that
--search also measures the search page in headless Chromium (Playwright);
see README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import corpus

HERE = Path(__file__).resolve().parent


def generator() -> list[str]:
    # The console script of this interpreter's environment, not whatever is on
    # PATH first: a pyenv shim would add its own start-up to every timing.
    exe = Path(sys.executable).parent / "ecmn-press"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "ecmn_press"]


def cached_corpus(n: int, root: Path) -> Path:
    """A corpus folder per size, keyed by the generator's source so edits to
    corpus.py or prose.py never reuse a stale corpus."""
    digest = hashlib.sha256(b"".join((HERE / f).read_bytes() for f in ("corpus.py", "prose.py")))
    final = root / f"corpus-{n}-{digest.hexdigest()[:10]}"
    if not final.exists():
        partial = Path(tempfile.mkdtemp(prefix=f"corpus-{n}-", dir=root))
        corpus.write(n, partial)
        partial.rename(final)  # only complete corpora get the final name
    return final


def timed(cmd: list[str], cache: Path, log: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole process."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)
        # wait4, not wait: its rusage is this child's (and its waited-for children's) alone.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        sys.exit(f"exit {proc.returncode}: {' '.join(cmd)}\n{tail}")
    return wall, usage.ru_maxrss / 1024  # KiB on Linux


def bench_size(n: int, runs: int, search: bool, src: Path, work: Path) -> tuple[list[tuple], Path]:
    # A private copy: edits must never reach the cached corpus.
    site = work / "site"
    shutil.copytree(src, site)
    build = generator() + ["build", "--site", str(site), "--timings"] + ([] if search else ["--no-search"])
    logs = work / "logs"
    logs.mkdir()
    phases: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": [], "edit": []}

    for r in range(runs):
        out, cache = work / f"out-{r}", work / f"cache-{r}"
        cache.mkdir()
        phases["cold"].append(timed(build + ["--output", str(out)], cache, logs / f"cold-{r}.log"))
        progress(n, "cold", phases["cold"][-1])
        if r < runs - 1:  # outside the timed region: deleting a big tree takes seconds
            shutil.rmtree(out)
            shutil.rmtree(cache)

    for r in range(runs):
        phases["warm"].append(timed(build + ["--output", str(out)], cache, logs / f"warm-{r}.log"))
        progress(n, "warm", phases["warm"][-1])

    stories = sorted((site / "content" / "stories").glob("*.md"))
    story = stories[len(stories) // 2]
    original = story.read_text(encoding="utf-8")
    for r in range(runs):
        story.write_text(original + f"\nA late note, revision {r + 1}: the chart is still on the wall.\n",
                         encoding="utf-8")
        phases["edit"].append(timed(build + ["--output", str(out)], cache, logs / f"edit-{r}.log"))
        progress(n, "edit", phases["edit"][-1])

    rows = []
    for name, label in (("cold", "cold"), ("warm", "warm, nothing changed"),
                        ("edit", "one story edited")):
        walls = [w for w, _ in phases[name]]
        med = statistics.median(walls)
        peak = max(m for _, m in phases[name])
        rows.append((n, label, med, min(walls), max(walls), 1000 * med / n, peak))
    return rows, out


def search_report(n: int, site: Path, out: Path, logs: Path, words: list[str]) -> dict:
    import search_bench  # needs Playwright; only --search asks for it

    settings = (site / "content" / "site.yaml").read_text(encoding="utf-8")
    base_url = re.search(r"^base_url:\s*(\S+)", settings, re.M).group(1).strip("\"'")  # type: ignore[union-attr]
    files, size = search_bench.index_size(out)
    return {
        "n": n,
        "cold": search_bench.indexing_seconds(sorted(logs.glob("cold-*.log"))),
        "edit": search_bench.indexing_seconds(sorted(logs.glob("edit-*.log"))),
        "files": files, "bytes": size,
        "queries": search_bench.query_bytes(out, urlsplit(base_url).path, words),
    }


def print_search(reports: list[dict]) -> None:
    from search_bench import kib

    print("\nSearch index (Pagefind), indexing = the build's 'search' stage, median\n")
    print("| N | indexing, cold s | indexing, one story edited s | index files | index on disk |")
    print("|---:|---:|---:|---:|---:|")
    for r in reports:
        cold = f"{r['cold']:.2f}" if r["cold"] is not None else "?"
        edit = f"{r['edit']:.2f}" if r["edit"] is not None else "?"
        print(f"| {r['n']:,} | {cold} | {edit} | {r['files']:,} | {r['bytes'] / 1e6:.1f} MB |")
    print("\nFirst one-word query in headless Chromium (fresh cache): bytes downloaded;"
          " 'gzip' estimates a host that compresses text files\n")
    print("| N | word | results | pagefind/ requests | pagefind/ bytes | pagefind/ gzip | whole page load | whole, gzip |")
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    for r in reports:
        for q in r["queries"]:
            print(f"| {r['n']:,} | {q['word']} | {q['status']} | {q['pagefind_requests']} | "
                  f"{kib(q['pagefind_bytes'])} | {kib(q['pagefind_gzip'])} | {kib(q['all_bytes'])} | "
                  f"{kib(q['all_gzip'])} |")


def progress(n: int, phase: str, result: tuple[float, float]) -> None:
    print(f"  N={n} {phase}: {result[0]:.2f} s, {result[1]:.0f} MiB", file=sys.stderr, flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000", help="comma-separated item counts")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median is shown)")
    ap.add_argument("--keep", type=Path, help="keep corpora, outputs and logs in DIR")
    ap.add_argument("--search", action="store_true",
                    help="also build the search index, and report its size and a query's bytes")
    ap.add_argument("--words", default="waiting,handover", help="one-word queries measured with --search")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 1 or args.runs < 1:
        ap.error("sizes and runs must be positive")

    root = args.keep or Path(tempfile.gettempdir()) / "ecmn-bench"
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="runs-", dir=root))
    print(f"generator: {' '.join(generator())}; search {'on' if args.search else 'off'}; "
          f"{os.cpu_count()} CPUs; work in {scratch}", file=sys.stderr)
    rows, searches = [], []
    try:
        for n in sizes:
            src = cached_corpus(n, root)
            work = scratch / str(n)
            work.mkdir()
            size_rows, out = bench_size(n, args.runs, args.search, src, work)
            rows += size_rows
            if args.search:
                words = [w.strip() for w in args.words.split(",") if w.strip()]
                searches.append(search_report(n, work / "site", out, work / "logs", words))
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)

    print(f"\n{args.runs} run(s) each, search {'on' if args.search else 'off'}\n")
    print("| N | build | median s | min s | max s | ms/item | peak MiB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, label, med, lo, hi, per, peak in rows:
        print(f"| {n:,} | {label} | {med:.2f} | {lo:.2f} | {hi:.2f} | {per:.2f} | {peak:.0f} |")
    if searches:
        print_search(searches)
    return 0


if __name__ == "__main__":
    sys.exit(main())
