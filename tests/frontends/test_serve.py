"""`ecmn-press serve` as an editor uses it: a real process on a loopback port."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import TEAM

STORY = "---\ntitle: Letters\ndate: 2005-01-01\nteams: hull\n---\nFirst version.\n"
DRAFT = "---\ntitle: Work in progress\ndate: 2005-02-01\nteams: hull\ndraft: true\n---\nNot yet.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def served(make_site):
    site = make_site({
        "content/teams/hull.md": TEAM, "content/stories/letters.md": STORY, "content/stories/wip.md": DRAFT,
    })
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "ecmn_press", "serve", "--site", str(site), "--port", str(port)],
        stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}/net/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if line.startswith("Serving "):
            break
    else:
        process.kill()
        pytest.fail("serve did not start")
    yield site, base, port
    process.terminate()
    process.wait(timeout=10)
    assert not (site / "output").exists()  # the preview never writes the site's output folder


def _wait_for(port: int, trigger, want: str) -> list:
    """Open the event stream, run `trigger`, return the data of the first `want` event.

    A page that connects while the last build is broken is told so at once,
    so earlier events of another kind are skipped.
    """
    stream = urllib.request.urlopen(f"http://127.0.0.1:{port}/__ecmn-press/events", timeout=30)
    trigger()
    event = None
    for raw in stream:
        line = raw.decode().strip()
        if line.startswith("event: "):
            event = line[len("event: "):]
        elif line.startswith("data: ") and event == want:
            stream.close()
            return json.loads(line[len("data: "):])
    raise AssertionError(f"no {want} event")


def test_serve_shows_drafts_marked_and_reloads_on_change(served):
    site, base, port = served
    status, home = _get(base)
    assert status == 200 and "EventSource" in home
    status, draft = _get(base + "stories/wip/")
    assert status == 200 and '<span class="badge">Draft</span>' in draft
    assert _get(base + "no/such/page/")[0] == 404

    story = site / "content/stories/letters.md"
    _wait_for(port, lambda: story.write_text(STORY.replace("First version.", "Second version.")), "reload")
    assert "Second version." in _get(base + "stories/letters/")[1]

    errors = _wait_for(port, lambda: story.write_text(STORY.replace("teams: hull", "teams: hul")), "failed")
    assert errors == ["content/stories/letters.md:4:8: error: unknown team 'hul' (did you mean 'hull'?)"]
    assert "Second version." in _get(base + "stories/letters/")[1]  # the last good build stays

    _wait_for(port, lambda: story.write_text(STORY), "reload")
    assert "First version." in _get(base + "stories/letters/")[1]


def test_serve_refuses_a_taken_port(make_site):
    site = make_site({"content/teams/hull.md": TEAM})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "ecmn_press", "serve", "--site", str(site), "--port", str(port)],
            capture_output=True, text=True, timeout=30,
        )
    assert done.returncode == 2 and f"try --port {port + 1}" in done.stderr
