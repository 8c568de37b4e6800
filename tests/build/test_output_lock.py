"""One build at a time writes an output folder: a second is refused with an
error, and never takes the first one's staging folder for a killed build's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from conftest import REPO, lines, run_build

# Holds the output folder's lock as a build would, with a staging folder of its own
# beside the output folder, until it is killed.
HOLDER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from ecmn_press.build.output import output_lock
    out = Path(sys.argv[1])
    with output_lock(out):
        staging = out.parent / f".{out.name}.ecmn-staging-{os.getpid()}"
        staging.mkdir()
        (staging / "index.html").write_text("being built")
        print("holding", flush=True)
        time.sleep(600)
""")

STORY = """---
title: Counting missed appointments
date: 2020-03-01
teams: [day-surgery]
themes: [processes]
---
We counted every missed appointment for a month.
"""
TEAM = "---\nname: Day surgery\n---\nThe day surgery unit.\n"


def test_a_second_build_is_refused_while_one_writes_and_takes_over_once_it_is_killed(make_site, tmp_path):
    site = make_site({"content/stories/missed.md": STORY, "content/teams/day-surgery.md": TEAM})
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], stdout=subprocess.PIPE, text=True,
                              env=os.environ | {"PYTHONPATH": str(REPO)})
    try:
        assert holder.stdout.readline().strip() == "holding"
        staging = tmp_path / f".out.ecmn-staging-{holder.pid}"

        refused = run_build(site, out)
        assert lines(refused) == [f"{out}:1:1: error: another ecmn-press build is writing to this output folder"
                                  " (wait for it to finish, or build into another folder with --output)"]
        assert (staging / "index.html").read_text() == "being built", "the running build's files were removed"
        assert not out.exists()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()

    # Killed: the kernel dropped its lock, and its staging folder is now a leftover.
    built = run_build(site, out)
    assert [line for line in lines(built) if ": error:" in line] == []
    assert (out / "stories/missed/index.html").is_file()
    assert not staging.exists()
    assert not (tmp_path / ".out.ecmn-lock").exists(), "the lock file outlived the build"
