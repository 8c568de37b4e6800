"""The preview's sharded search index: which shard a page is in, and which shards an edit re-indexes."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from ecmn_press.core.diagnostics import Report
from ecmn_press.search.shards import ShardedIndex, shard_count, shard_of


def page(words: str) -> bytes:
    return f"<html lang='en'><body><main data-pagefind-body><p>{words}</p></main></body></html>".encode()


def write_pages(out: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        path = f"stories/s{i}/index.html"
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(page(f"story number {i} plantedword{i}"))
        paths.append(path)
    return paths


def indexed_words(bundle: Path) -> str:
    return " ".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                    for p in (bundle / "fragment").glob("*.pf_fragment"))


def index_all(index: ShardedIndex, out: Path, searchable: list[str] | None) -> list[int]:
    done = []
    for shard in index.pending(out, searchable):
        assert index.index(shard, out, Report())
        done.append(shard.number)
    return done


def test_shard_counts_are_powers_of_two_and_a_page_keeps_its_shard():
    assert [shard_count(n, 400) for n in (0, 1, 400, 401, 1200, 1601, 5621)] == [1, 1, 1, 2, 4, 8, 16]
    assert shard_of("stories/a/index.html", 16) == shard_of("stories/a/index.html", 16)
    spread = {shard_of(f"stories/s{i}/index.html", 8) for i in range(200)}
    assert spread == set(range(8))  # a hash, so every shard gets pages


def test_every_page_is_in_exactly_one_shard_and_an_edit_reindexes_only_its_own(tmp_path):
    out, root = tmp_path / "out", tmp_path / "shards"
    paths = write_pages(out, 12)
    index = ShardedIndex(root, per_shard=3)
    first = index_all(index, out, paths)
    assert len(first) == len(index.current) > 1
    found = {}
    for number, shard in index.current.items():
        words = indexed_words(root / shard["folder"])
        for i in range(12):
            if re.search(rf"\bplantedword{i}\b", words):
                found.setdefault(i, []).append(number)
    assert found == {i: [shard_of(paths[i], index.count)] for i in range(12)}
    assert index.pages() == 12

    before = {n: s["folder"] for n, s in index.current.items()}
    (out / paths[5]).write_bytes(page("story number 5 rewritten with ferretword"))
    edited = shard_of(paths[5], index.count)
    assert index_all(index, out, paths) == [edited]
    after = {n: s["folder"] for n, s in index.current.items()}
    assert {n for n in after if after[n] != before[n]} == {edited}
    assert "ferretword" in indexed_words(root / after[edited])
    assert (root / before[edited]).is_dir()  # a search page opened before the edit can still finish


def test_a_restart_reuses_every_shard_whose_pages_did_not_change(tmp_path):
    out, root = tmp_path / "out", tmp_path / "shards"
    paths = write_pages(out, 6)
    index_all(ShardedIndex(root, per_shard=2), out, paths)
    again = ShardedIndex(root, per_shard=2)
    assert again.pending(out, None) == []  # None: the pages the manifest lists
    assert sorted(json.loads((root / "shards.json").read_text())["searchable"]) == sorted(paths)


def test_removed_pages_leave_their_shard_and_an_empty_shard_goes(tmp_path):
    out, root = tmp_path / "out", tmp_path / "shards"
    paths = write_pages(out, 8)
    index = ShardedIndex(root, per_shard=2)
    index_all(index, out, paths)
    kept = [p for p in paths if shard_of(p, index.count) != 0]
    index_all(index, out, kept)
    assert 0 not in index.current and index.pages() == len(kept)


def test_a_failing_indexer_is_reported_and_the_old_shard_stays(tmp_path, monkeypatch):
    out, root = tmp_path / "out", tmp_path / "shards"
    paths = write_pages(out, 2)
    index = ShardedIndex(root, per_shard=10)
    index_all(index, out, paths)
    old = dict(index.current)
    (out / paths[0]).write_bytes(page("changed"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    report = Report()
    (shard,) = index.pending(out, paths)
    assert not index.index(shard, out, report)
    assert [d.message.split(":")[0] for d in report.items] == ["the search index could not be built"]
    assert index.current == old and (root / old[0]["folder"] / "pagefind.js").is_file()


def test_pages_made_ahead_are_indexed_into_their_shard_and_again_from_the_files(tmp_path):
    out, root = tmp_path / "out", tmp_path / "shards"
    paths = write_pages(out, 8)
    index = ShardedIndex(root, per_shard=2)
    index_all(index, out, paths)
    number = shard_of(paths[6], index.count)
    ((shard, pages),) = index.ahead({paths[6]: page("made ahead with walrusword"), "not/indexed.html": b"x"})
    assert shard.number == number and set(shard.pages) == {p for p in paths if shard_of(p, index.count) == number}
    assert index.index(shard, out, Report(), ahead=pages)
    assert "walrusword" in indexed_words(root / index.current[number]["folder"])
    # The files on disk were not made from those pages: the next pass indexes the shard from them.
    assert [s.number for s in index.pending(out, paths)] == [number]
