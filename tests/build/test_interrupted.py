"""A build killed while it moves files into the output folder leaves a site
that is half old and half new; the next build must put every file right."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO, read_tree

# Runs the command line, killing its own process (no clean-up can run, as with
# `kill -9` or a power cut) once it has moved `AFTER` files into place.
KILLER = textwrap.dedent("""
    import os, signal, sys
    from ecmn_press.cli import main
    after, moved, real = int(os.environ["AFTER"]), [0], os.replace
    def replace(src, dst):
        real(src, dst)
        moved[0] += 1
        if moved[0] == after:  # part of the way through
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace
    main(sys.argv[1:])
""")


def _build(site: Path, out: Path, cache: Path, **env: str) -> subprocess.CompletedProcess:
    environment = os.environ | {"XDG_CACHE_HOME": str(cache)} | env
    command = [sys.executable, "-c", KILLER] if "AFTER" in env else [sys.executable, "-m", "ecmn_press"]
    return subprocess.run([*command, "build", "--site", str(site), "--output", str(out), "--no-search"],
                          env=environment, capture_output=True, text=True, timeout=300)


def test_a_build_killed_while_writing_is_repaired_by_the_next(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "themes", site / "themes")
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert _build(site, out, cache).returncode == 0
    old = read_tree(out)

    settings = site / "content/site.yaml"
    before = settings.read_text()
    settings.write_text(before.replace("title: ", "title: The ", 1))  # every page changes
    killed = _build(site, out, cache, AFTER="40")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    half = read_tree(out)
    assert half != old and any(half.get(path) == data for path, data in old.items() if path.endswith(".html"))
    assert list(tmp_path.glob(".out.ecmn-staging-*")), "the killed build left its staging folder"

    # The editor takes the edit back: the pages already moved in must not be kept as they are.
    settings.write_text(before)
    repaired = _build(site, out, cache)
    assert repaired.returncode == 0, repaired.stderr
    assert not list(tmp_path.glob(".out.ecmn-staging-*"))
    assert read_tree(out) == old

    settings.write_text(before.replace("title: ", "title: The ", 1))
    assert _build(site, out, cache).returncode == 0
    clean = tmp_path / "clean"
    assert _build(site, clean, tmp_path / "clean-cache").returncode == 0
    assert read_tree(out) == read_tree(clean)
    assert _build(site, out, cache).returncode == 0  # and stays right when nothing changed
    assert read_tree(out) == read_tree(clean)
