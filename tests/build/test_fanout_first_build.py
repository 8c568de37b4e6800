"""Where a build's outputs are made: a first build shares all of them out among the
workers at once; a rebuild makes them in its own process until it meets outputs
that cannot be kept."""

from __future__ import annotations

import os

from conftest import TEAM, options

from ecmn_press.build import fanout
from ecmn_press.build.pipeline import build

STORY = "---\ntitle: Story {i}\ndate: 2005-01-{day:02d}\nteams: hull\n---\nFirst words.\n"


def test_a_first_build_sends_everything_to_the_workers_and_a_rebuild_renders_here_first(make_site, tmp_path, monkeypatch):
    """Nothing can be kept on a first build: rendering a share in the one process the
    workers wait for would only delay them. A rebuild renders here until it finds
    outputs that cannot be kept (most are, after an edit)."""
    monkeypatch.setattr(fanout, "_PARALLEL_FROM", 0)
    monkeypatch.setattr(fanout, "_FORK_AFTER", 3)
    made_in = tmp_path / "made-in"
    real = fanout._made_by

    def made_by(ctx, producer, routes):
        with made_in.open("a") as log:  # from the workers too
            log.write(f"{os.getpid()}\n")
        return real(ctx, producer, routes)

    monkeypatch.setattr(fanout, "_made_by", made_by)
    files = {"content/teams/hull.md": TEAM}
    files.update({f"content/stories/s{i}.md": STORY.format(i=i, day=i + 1) for i in range(8)})
    site, out = make_site(files), tmp_path / "out"

    assert not build(site, out, options(jobs=2)).failed()
    assert str(os.getpid()) not in made_in.read_text().split()

    made_in.write_text("")
    (site / "content/stories/s3.md").write_text(STORY.format(i=3, day=4) + "Edited.\n")
    assert not build(site, out, options(jobs=2)).failed()
    assert str(os.getpid()) in made_in.read_text().split()
