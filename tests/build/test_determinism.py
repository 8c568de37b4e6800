"""Two builds of the same sources give byte-identical output, search index included."""

from __future__ import annotations

import gzip

import cbor2
from conftest import REPO, read_tree, run_build, write_files

from ecmn_press.search.bundle_order import order_folder, ordered


def test_example_site_builds_byte_identical_with_search(tmp_path, monkeypatch):
    # Separate caches, so the second build is as cold as the first.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-a"))
    a = run_build(REPO, tmp_path / "a", search=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-b"))
    b = run_build(REPO, tmp_path / "b", search=True, jobs=2)
    assert not a.failed() and not b.failed()
    tree_a, tree_b = read_tree(tmp_path / "a"), read_tree(tmp_path / "b")
    assert any(p.startswith("pagefind/filter/") for p in tree_a)
    assert tree_a == tree_b


def _pf(value) -> bytes:
    return gzip.compress(b"pagefind_dcd" + cbor2.dumps(value), mtime=0)


def _bundle(values: list, filters: list) -> dict[str, bytes]:
    return {
        "pagefind-entry.json": b'{"version":"1","languages":{"en":{"hash":"en_meta1","wasm":"en","page_count":2}}}',
        "pagefind.en_meta1.pf_meta": _pf(["1", [], [], [[name, h] for name, h in filters], [], []]),
        **{f"filter/{h}.pf_filter": _pf([name, values]) for name, h in filters},
    }


def test_filter_order_no_longer_matters():
    one = _bundle([["Story", [3, 1]], ["Article", [2]]], [("kind", "en_aaaaaaa"), ("year", "en_bbbbbbb")])
    two = _bundle([["Article", [2]], ["Story", [1, 3]]], [("year", "en_ccccccc"), ("kind", "en_ddddddd")])
    assert one != two
    assert ordered(one) == ordered(two)
    meta = [p for p in ordered(one) if p.endswith(".pf_meta")]
    assert len(meta) == 1 and meta[0] != "pagefind.en_meta1.pf_meta"


def test_an_unexpected_bundle_is_left_as_it_is():
    odd = {"pagefind-entry.json": b"{}", "filter/x.pf_filter": b"not gzip"}
    assert ordered(odd) == odd


def test_a_bundle_on_disk_is_put_in_the_same_order(tmp_path):
    files = _bundle([["Story", [3, 1]], ["Article", [2]]], [("kind", "en_aaaaaaa"), ("year", "en_bbbbbbb")])
    files["fragment/en_x.pf_fragment"] = b"left alone"
    write_files(tmp_path / "b", files)
    order_folder(tmp_path / "b")
    assert read_tree(tmp_path / "b") == ordered(files)


def test_an_unexpected_bundle_on_disk_is_left_as_it_is(tmp_path):
    odd = {"pagefind-entry.json": b'{"languages":{"en":{"hash":"en_m"}}}', "pagefind.en_m.pf_meta": b"not gzip"}
    write_files(tmp_path / "b", odd)
    order_folder(tmp_path / "b")
    assert read_tree(tmp_path / "b") == odd
