"""`ecmn-press serve` as an editor uses it: a real process on a loopback port."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from conftest import TEAM, run_build
from playwright.sync_api import Page, expect

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


# -- search in the preview: shards merged in the browser ---------------------------
# A preview in this process, with two pages to a shard, so this small site
# has several shards and every test can look at them.

TEAMS = {
    "hull": "---\nname: Hull Neurology\nregion: Humber\ncountry: England\n---\nA neurology team.\n",
    "derm": "---\nname: Rijnvallei Dermatology\nregion: Utrecht\ncountry: Netherlands\n---\nA skin clinic.\n",
    "leeds": "---\nname: Leeds Day Surgery\nregion: Yorkshire\ncountry: England\n---\nA day unit.\n",
}
THEMES = ["purpose", "patients", "professionals", "processes", "patterns"]
# One word per story, found in no other (Pagefind splits "word6" into "word" and "6").
PLANTED = ["aardvark", "bison", "cheetah", "dingo", "emu", "flamingo", "gecko", "heron", "ibis", "jackal"]


def _story(i: int, words: str | None = None) -> str:
    team = list(TEAMS)[i % 3]
    waiting = "Patients were waiting. " if i % 2 else ""
    draft = "draft: true\n" if i == 7 else ""
    return (f"---\ntitle: Story {i}\ndate: {2004 + i % 4}-0{1 + i % 9}-01\nteams: {team}\n"
            f"themes: [{THEMES[i % 5]}]\n{draft}---\n{waiting}{words or f'Planted word {PLANTED[i]}.'}\n")


def _search_site() -> dict[str, str]:
    files = {f"content/teams/{slug}.md": text for slug, text in TEAMS.items()}
    files.update({f"content/stories/s{i}.md": _story(i) for i in range(10)})
    files["content/issues/one/issue.md"] = "---\nnumber: 1\ndate: 2006-02-01\n---\nThe editorial, on waiting.\n"
    files["content/issues/one/waits.md"] = "---\ntitle: Waiting lists\nteams: hull\n---\nWaiting differs.\n"
    files["content/pages/about.md"] = "---\ntitle: About us\n---\nWho we are.\n"
    return files


@pytest.fixture
def preview(make_site):
    from ecmn_press.serve import Preview

    site = make_site(_search_site())
    ready = threading.Event()
    live = Preview(site, "127.0.0.1", 0, "/net/", report=lambda _result: None, per_shard=2)
    runner = threading.Thread(target=live.run, args=(lambda _url: ready.set(),), daemon=True)
    runner.start()
    assert ready.wait(60) and live.state.first_done.wait(60), "the preview did not start"
    assert live.search.idle(120), "the first index was not made"
    yield site, live
    live.stop.set()
    runner.join(30)
    assert not runner.is_alive()


def _found(page: Page, url: str, words: str) -> list[str]:
    page.goto(f"{url}search/?q={words}")
    expect(page.locator("#search-status")).not_to_be_empty()
    expect(page.locator("#search-status")).not_to_contain_text("being built")
    return page.locator("#search-results .result-title").all_inner_texts()


def _facets(page: Page) -> dict[str, list[str]]:
    """Each filter's values with their counts, as the page shows them."""
    expect(page.locator('.facet[data-facet="kind"] li').first).to_be_visible()
    return {facet.get_attribute("data-facet"): facet.locator("label").all_inner_texts()
            for facet in page.locator(".facet").all()}


@pytest.mark.browser
def test_the_preview_search_merges_every_shard_and_finds_a_page_of_each(preview, page: Page):
    site, live = preview
    shards = live.search.index
    assert len(shards.current) >= 4  # 16 indexed pages, two to a shard
    for number, paths in sorted(_pages_by_shard(live).items()):
        story = next((p for p in paths if p.startswith("stories/")), None)
        if story is None:
            continue
        i = int(story.split("/")[1][1:])
        assert _found(page, live.base_url, PLANTED[i]) == [f"Story {i}"], number
    scripts = page.evaluate("window.ecmnPressSearch")
    assert len(scripts["bundles"]) == len(shards.current) and scripts["pending"] == 0


def _pages_by_shard(live) -> dict[int, list[str]]:
    from ecmn_press.search.shards import shard_of

    index = live.search.index
    groups: dict[int, list[str]] = {}
    for path in index.searchable:
        groups.setdefault(shard_of(path, index.count), []).append(path)
    return groups


@pytest.mark.browser
def test_an_edit_reindexes_only_its_shard_and_its_words_are_found(preview, page: Page):
    from ecmn_press.search.shards import shard_of

    site, live = preview
    index = live.search.index
    before = {n: s["folder"] for n, s in index.current.items()}
    files = {p: (live.output / p).read_bytes() for p in index.searchable}
    story = site / "content/stories/s3.md"
    _wait_for(live.server.port, lambda: story.write_text(_story(3, "Rewritten with quetzalword.")), "reload")
    assert live.search.idle(60)
    after = {n: s["folder"] for n, s in index.current.items()}
    # The story's page changed, and its team's page (which lists the story's summary, not indexed):
    # only their shards were indexed again, and only the story's gives a different bundle.
    changed = {p for p in index.searchable if (live.output / p).read_bytes() != files[p]}
    assert "stories/s3/index.html" in changed and len(changed) < len(files) // 2
    rebundled = {n for n in after if after[n] != before.get(n)}
    assert shard_of("stories/s3/index.html", index.count) in rebundled
    assert rebundled <= {shard_of(p, index.count) for p in changed}
    assert len(after) > len({shard_of(p, index.count) for p in changed})  # some shards were left alone
    assert _found(page, live.base_url, "quetzalword") == ["Story 3"]
    assert _found(page, live.base_url, PLANTED[3]) == []


@pytest.mark.browser
def test_filter_counts_across_shards_equal_those_of_one_index(preview, page: Page, serve, tmp_path):
    site, live = preview
    out = tmp_path / "one-index"
    # The preview shows drafts and scheduled items: so must the single index it is compared with.
    result = run_build(site, out, search=True, drafts=True, future=True)
    assert not result.failed() and result.index.pages == live.search.index.pages()
    single = serve(out, "/net/")
    for query in ("", "?q=waiting", "?q=waiting&kind=Story", "?team=Hull+Neurology&year=2005"):
        page.goto(f"{single}search/{query}")
        expected = _facets(page)
        status = page.locator("#search-status").inner_text()
        page.goto(f"{live.base_url}search/{query}")
        assert _facets(page) == expected, query
        expect(page.locator("#search-status")).to_have_text(status)
    assert any(len(values) > 1 for values in expected.values())  # the counts compared are real ones


# -- pages made first ---------------------------------------------------------------


def test_open_pages_are_made_early_and_reloaded_once(preview):
    site, live = preview
    port = live.server.port

    def stream(path: str):  # what the reload script of an open page connects to
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/__ecmn-press/events?page={path}", timeout=30)

    opened, listing = stream("%2Fnet%2Fstories%2Fs4%2F"), stream("/net/stories/")
    deadline = time.monotonic() + 10
    while len(live.state.open_pages()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live.state.open_pages() == {"stories/s4/index.html", "stories/index.html"}
    generation = live.state.generation
    (site / "content/stories/s4.md").write_text(_story(4, "Now about a narwhal."))
    assert _next_event(opened) == "reload"
    assert "narwhal" in _get(live.base_url + "stories/s4/")[1]  # early from memory, or the build's own file
    assert _next_event(listing) == "reload"  # its summary changed: open, so made early too
    deadline = time.monotonic() + 30
    while live.state.generation == generation and time.monotonic() < deadline:
        time.sleep(0.05)
    # The build kept what was shown: no second reload.
    assert {"stories/s4/index.html", "stories/index.html"} <= live.state.settled
    for each in (opened, listing):
        each.close()


def _next_event(stream) -> str:
    """The next event but "search" (which only a search page acts on), sent when the index catches up."""
    for raw in stream:
        line = raw.decode().strip()
        if line.startswith("event: ") and line != "event: search":
            return line[len("event: "):]
    raise AssertionError("the stream ended")


def test_a_cold_preview_serves_its_home_page_before_the_build_ends(make_site):
    from ecmn_press.serve import Preview

    site = make_site(_search_site())
    live = Preview(site, "127.0.0.1", 0, "/net/", report=lambda _result: None)
    answers: dict = {}

    def ask(url: str) -> None:
        answers["home"] = _get(url)
        answers["home early"] = not live.state.first_done.is_set()
        answers["story"] = _get(url + "stories/s1/")  # not made yet: it waits for the build, never a 404

    asking = []

    def ready(url: str) -> None:
        # Called from within the first build, as soon as the home page is made.
        answers["ready early"] = not live.state.first_done.is_set()
        asking.append(threading.Thread(target=ask, args=(url,)))
        asking[0].start()

    runner = threading.Thread(target=live.run, args=(ready,), daemon=True)
    runner.start()
    assert live.state.first_done.wait(60)
    asking[0].join(30)
    live.stop.set()
    runner.join(30)
    assert answers["ready early"]
    status, home = answers["home"]
    assert status == 200 and "<title>Test Network</title>" in home and "Story 3" in home  # the real page
    status, story = answers["story"]
    assert status == 200 and PLANTED[1] in story


# -- the preview folder ---------------------------------------------------------------


def test_a_second_serve_of_one_site_builds_in_a_temporary_folder_of_its_own(make_site):
    from ecmn_press.preview_place import PreviewPlace

    site = make_site({"content/teams/hull.md": TEAM})
    first, second = PreviewPlace.claim(site), PreviewPlace.claim(site)
    try:
        assert not first.temporary and first.root.name.endswith(".preview") and first.root.stat().st_mode & 0o077 == 0
        assert second.temporary and second.root != first.root and "another `serve`" in second.note
    finally:
        second.release()
        first.release()
    assert not second.root.exists() and first.root.exists()  # kept for the next start
    third = PreviewPlace.claim(site)  # the lock went with the first
    assert not third.temporary
    third.release()


def test_a_restarted_preview_reuses_its_last_build_and_every_shard(make_site):
    from ecmn_press.serve import Preview

    site = make_site(_search_site())
    port = _free_port()  # the same as before: the port is in every page's absolute URLs
    runs = []
    for _ in range(2):
        results = []
        live = Preview(site, "127.0.0.1", port, "/net/", report=results.append, per_shard=2)
        runner = threading.Thread(target=live.run, args=(lambda _url: None,), daemon=True)
        runner.start()
        assert live.state.first_done.wait(60) and live.search.idle(120)
        generation = live.state.generation
        # Also when the record answered the start, the site is then read into
        # memory (so the first edit is quick), without a word or a reload.
        deadline = time.monotonic() + 30
        while "links:" not in live.memory.values and time.monotonic() < deadline:
            time.sleep(0.05)  # bodies are kept with the links they resolved, after files and documents
        assert len(live.memory.files) == len(_search_site()) and len(live.memory.values) > len(live.memory.files)
        time.sleep(1)  # the end of that build, and the watcher's quiet turns after it
        assert len(results) == 1 and live.state.generation == generation
        runs.append((results[0], dict(live.search.index.current)))
        live.stop.set()
        runner.join(30)
    (cold, shards), (warm, kept) = runs
    assert "unchanged" not in cold.timings and len(shards) > 1
    assert "unchanged" in warm.timings  # the no-op record: nothing read, rendered or written
    assert kept == shards  # no shard indexed again
