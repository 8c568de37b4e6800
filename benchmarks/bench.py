"""Time whole `ecmn-press build` processes on synthetic archives, beside Hugo and Pelican.

Usage: python benchmarks/bench.py [--sizes 1000,5000] [--runs 3] [--corpus peers|ours]
                                  [--hugo PATH] [--pelican PATH] [--shared DIR] [--keep DIR]
                                  [--search [--words waiting,handover]] [--serve] [--photos]
                                  [--translate SHARE]

For each size: cold builds (new output folder, empty cache), alternating
with Hugo's and Pelican's cold builds of the same articles when they are
installed; warm rebuilds (same output and cache, nothing changed) and
rebuilds after one story's body was edited; the largest page written.
`--photos` puts a 4,000 x 3,000 phone photo in every tenth story and reports
the cold build's encoding time apart. `--translate 0.2` makes the site
bilingual: Swedish declared, one story in five translated (`translate.py`). Prints Markdown tables. Standard library
only, except that --search and --serve also drive headless Chromium
(Playwright) and --photos draws with Pillow; see README.md.
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import corpus
import peers

HERE = Path(__file__).resolve().parent
PAGE_LIMIT = 300 * 1024  # the largest HTML page a reader should have to load


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
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), HUGO_CACHEDIR=str(cache / "hugo"))
    # Timed as installed programs run: with their compiled bytecode, which an
    # environment that forbids writing it would make every run compile again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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


@dataclass
class Sized:
    """What one size's runs found, beside the timings."""

    rows: list[tuple]
    out: Path
    largest: tuple[int, str]  # bytes, path of the largest HTML page
    over_limit: int  # HTML pages over PAGE_LIMIT
    html_pages: int
    output_bytes: int
    encoding: list[float]  # seconds of image encoding in each cold build (from --timings)


def bench_size(n: int, runs: int, search: bool, src: Path, work: Path, others: list[peers.Peer],
               photos: bool = False, translate: float | None = None) -> Sized:
    # A private copy: edits must never reach the cached corpus.
    site = work / "site"
    shutil.copytree(src, site)
    if translate is not None:
        import translate as translator

        print(f"{n}: Swedish declared, {translator.add_language(site, 'sv', translate)} stories translated",
              file=sys.stderr)
    if photos:
        import photos as photo_maker  # needs Pillow

        print(f"{n}: {photo_maker.add_photos(site)} photos added", file=sys.stderr)
    build = generator() + ["build", "--site", str(site), "--timings"] + ([] if search else ["--no-search"])
    logs = work / "logs"
    logs.mkdir()
    phases: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": [], "edit": []}
    peer_runs: dict[str, list[tuple[float, float]]] = {p.name: [] for p in others}

    for r in range(runs):
        # Alternating runs, each into a new folder: the machine's noise falls on every tool alike.
        for peer in others:
            peer_out, peer_cache = work / f"{peer.name}-{r}", work / f"{peer.name}-cache-{r}"
            peer_cache.mkdir()
            peer_runs[peer.name].append(timed(peer.command(peer_out), peer_cache, logs / f"{peer.name}-{r}.log"))
            progress(n, peer.name, peer_runs[peer.name][-1])
            shutil.rmtree(peer_out, ignore_errors=True)
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

    stories = sorted((site / "content" / "stories").rglob("*.md"))
    story = stories[len(stories) // 2]
    original = story.read_text(encoding="utf-8")
    for r in range(runs):
        story.write_text(original + f"\nA late note, revision {r + 1}: the chart is still on the wall.\n",
                         encoding="utf-8")
        phases["edit"].append(timed(build + ["--output", str(out)], cache, logs / f"edit-{r}.log"))
        progress(n, "edit", phases["edit"][-1])

    rows = [_row(n, name, "cold", results) for name, results in peer_runs.items()]
    for name, label in (("cold", "cold"), ("warm", "warm, nothing changed"), ("edit", "one story edited")):
        rows.append(_row(n, "ecmn-press", label, phases[name]))
    sizes = [(p.stat().st_size, p.relative_to(out).as_posix()) for p in out.rglob("*.html")]
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    encoding = [_encoding(logs / f"cold-{r}.log") for r in range(runs)]
    return Sized(rows, out, max(sizes), sum(1 for s, _ in sizes if s > PAGE_LIMIT), len(sizes), total, encoding)


def _encoding(log: Path) -> float:
    found = re.search(r"^  encoding +(\d+) ms$", log.read_text(errors="replace"), re.M)
    return int(found.group(1)) / 1000 if found else 0.0


def _row(n: int, tool: str, label: str, results: list[tuple[float, float]]) -> tuple:
    walls = [w for w, _ in results]
    med = statistics.median(walls)
    return (n, tool, label, med, min(walls), max(walls), 1000 * med / n, max(m for _, m in results))


def search_report(n: int, site: Path, out: Path, logs: Path, words: list[str], runs: int) -> dict:
    import search_bench  # needs Playwright; only --search asks for it

    settings = (site / "content" / "site.yaml").read_text(encoding="utf-8")
    base_url = re.search(r"^base_url:\s*(\S+)", settings, re.M).group(1).strip("\"'")  # type: ignore[union-attr]
    files, size = search_bench.index_size(out)
    return {
        "n": n,
        "cold": search_bench.indexing_seconds(sorted(logs.glob("cold-*.log"))),
        "edit": search_bench.indexing_seconds(sorted(logs.glob("edit-*.log"))),
        "cli": search_bench.cli_seconds(out, runs),
        "files": files, "bytes": size,
        "queries": search_bench.query_bytes(out, urlsplit(base_url).path, words),
    }


def print_search(reports: list[dict]) -> None:
    from search_bench import kib

    print("\nSearch index (Pagefind), indexing = the build's 'search' stage, median\n")
    print("| N | indexing, cold s | Pagefind CLI alone, same site s | indexing, one story edited s "
          "| index files | index on disk |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in reports:
        cold = f"{r['cold']:.2f}" if r["cold"] is not None else "?"
        edit = f"{r['edit']:.2f}" if r["edit"] is not None else "?"
        print(f"| {r['n']:,} | {cold} | {r['cli']:.2f} | {edit} | {r['files']:,} | {r['bytes'] / 1e6:.1f} MB |")
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
    ap.add_argument("--corpus", choices=["peers", "ours"], default=None,
                    help="the peers' shared corpus (default when --shared is found) or our own generator's")
    ap.add_argument("--shared", type=Path, default=peers.DEFAULT_SHARED, help="the shared benchmark folder")
    ap.add_argument("--hugo", help="Hugo to time beside us [default: hugo on PATH]")
    ap.add_argument("--pelican", help="Pelican to time beside us [default: pelican on PATH]")
    ap.add_argument("--no-peers", action="store_true", help="time ecmn-press alone")
    ap.add_argument("--keep", type=Path, help="keep corpora, outputs and logs in DIR")
    ap.add_argument("--search", action="store_true",
                    help="also build the search index, and report its size and a query's bytes")
    ap.add_argument("--words", default="waiting,handover", help="one-word queries measured with --search")
    ap.add_argument("--photos", action="store_true", help="a phone photo in every tenth story")
    ap.add_argument("--translate", type=float, metavar="SHARE",
                    help="a second language (sv) with this share of the stories translated, e.g. 0.2")
    ap.add_argument("--serve", action="store_true",
                    help="also time `serve` with search on: first page, an edit in an open page, the edit in search")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 1 or args.runs < 1:
        ap.error("sizes and runs must be positive")
    if args.translate is not None and not 0 <= args.translate <= 1:
        ap.error("--translate is a share of the stories, from 0 to 1")
    kind = args.corpus or ("peers" if (args.shared / "make_corpus.py").exists() else "ours")
    if kind == "peers" and not (args.shared / "make_corpus.py").exists():
        ap.error(f"no shared corpus generator in {args.shared} (give --shared DIR, or --corpus ours)")
    hugo = None if args.no_peers or kind == "ours" else peers.hugo_program(args.hugo)
    pelican = None if args.no_peers or kind == "ours" else (args.pelican or shutil.which("pelican"))

    root = args.keep or Path(tempfile.gettempdir()) / "ecmn-bench"
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="runs-", dir=root))
    print(f"generator: {' '.join(generator())}; corpus: {kind}; search {'on' if args.search else 'off'}; "
          f"{os.cpu_count()} CPUs; work in {scratch}", file=sys.stderr)
    results, searches, serving, versions = [], [], [], {}
    try:
        for n in sizes:
            if kind == "peers":
                src, others = peers.prepare(n, args.shared, root, hugo, pelican)
                versions.update({p.name: peers.version(p) for p in others})
            else:
                src, others = cached_corpus(n, root), []
            work = scratch / str(n)
            work.mkdir()
            sized = bench_size(n, args.runs, args.search, src, work, others, args.photos, args.translate)
            results.append(sized)
            if args.search:
                words = [w.strip() for w in args.words.split(",") if w.strip()]
                searches.append(search_report(n, work / "site", sized.out, work / "logs", words, args.runs))
            if args.serve:
                import serve_bench  # needs Playwright; only --serve asks for it

                serving.append(serve_bench.measure(n, generator(), work / "site", work / "serve"))
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)

    tools = ", ".join(f"{name} {v}" for name, v in sorted(versions.items()))
    print(f"\n{args.runs} run(s) each, alternating, search {'on' if args.search else 'off'}"
          f"{'; beside ' + tools if tools else ''}\n")
    print("| N | tool | build | median s | min s | max s | ms/item | peak MiB |")
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    for sized in results:
        for n, tool, label, med, lo, hi, per, peak in sized.rows:
            print(f"| {n:,} | {tool} | {label} | {med:.2f} | {lo:.2f} | {hi:.2f} | {per:.2f} | {peak:.0f} |")
    print("\n| N | HTML pages | largest page | pages over 300 KB | output |")
    print("|---:|---:|---|---:|---:|")
    for sized, n in zip(results, sizes):
        size, path = sized.largest
        print(f"| {n:,} | {sized.html_pages:,} | {size / 1024:.0f} KB (`{path}`) | {sized.over_limit} | "
              f"{sized.output_bytes / 1e6:.0f} MB |")
    if args.photos:
        print("\n| N | cold build: image encoding, median s |")
        print("|---:|---:|")
        for sized, n in zip(results, sizes):
            print(f"| {n:,} | {statistics.median(sized.encoding):.1f} |")
    if searches:
        print_search(searches)
    if serving:
        import serve_bench

        serve_bench.print_table(serving)
    return 0


if __name__ == "__main__":
    sys.exit(main())
