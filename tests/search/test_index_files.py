"""How the index's files are made: pages linked rather than written again, the
bundle written where the build stages it, and nothing left when that fails."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from conftest import lines, read_tree, run_build, write_files
from test_search import HULL, SITE, fragments

from ecmn_press.core.diagnostics import Report
from ecmn_press.search import index as search

PAGE = b"<html><body><main data-pagefind-body>%s</main></body></html>"


class _OnDisk(search.PageFiles):
    """Pages that may only be linked: reading their bytes fails the test."""

    def __init__(self, folder: Path, readable: bool = False) -> None:
        self.folder, self.readable = folder, readable

    def file(self, path: str) -> Path:
        return self.folder / path

    def __getitem__(self, path: str) -> bytes:
        assert self.readable, "a page was read and written again, not linked"
        return super().__getitem__(path)

    def __iter__(self):
        return iter(sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html")))

    def __len__(self) -> int:
        return len(list(self.folder.rglob("*.html")))


def _pages(tmp_path: Path) -> Path:
    folder = tmp_path / "built"
    write_files(folder, {f"{word}/index.html": PAGE % word.encode() for word in ("alpha", "beta")})
    return folder


def test_pages_with_files_are_linked_not_written(tmp_path):
    pages, bundle = _OnDisk(_pages(tmp_path)), tmp_path / "bundle"
    made = search.build_index(pages, tmp_path / "out", Report(), bundle, fingerprint="as a build gives")
    assert made is not None and made.pages == 2
    assert sorted(made.made) == sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
    assert (pages.folder / "alpha/index.html").stat().st_nlink == 1  # the scratch folder's links are gone


def test_pages_are_written_where_they_cannot_be_linked(tmp_path, monkeypatch):
    def cross_device(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(search.os, "link", cross_device)
    made = search.build_index(_OnDisk(_pages(tmp_path), readable=True), tmp_path / "out", Report(), tmp_path / "b")
    assert made is not None and made.pages == 2


def test_a_page_outside_the_site_is_refused(tmp_path):
    report = Report()
    pages = {"../../escaped.html": PAGE % b"out", "a/index.html": PAGE % b"in"}
    assert search.build_index(pages, tmp_path / "x/out", report, tmp_path / "bundle") is None
    assert "a page outside the site" in report.items[0].message
    assert not (tmp_path / "escaped.html").exists() and not (tmp_path / "bundle").exists()


def test_an_edited_site_gets_the_bundle_of_a_clean_build_and_keeps_unchanged_files(tmp_path):
    site, out = tmp_path / "site", tmp_path / "out"
    write_files(site, SITE)
    run_build(site, out, search=True)
    untouched = {url: page for url, page in fragments(out).items() if url != "/stories/letters/"}
    first = {p.name: p.stat().st_ino for p in (out / "pagefind/fragment").iterdir()}
    story = site / "content/stories/letters.md"
    story.write_text(story.read_text() + "\nA note about ferrets.\n")
    edited = run_build(site, out, search=True)
    assert not edited.index.reused and lines(edited) == []
    run_build(site, tmp_path / "clean", search=True, cache=False)
    assert read_tree(out / "pagefind") == read_tree(tmp_path / "clean/pagefind")
    # A fragment Pagefind wrote again with the same bytes is left in place, not moved in anew.
    kept = [p for p in (out / "pagefind/fragment").iterdir() if first.get(p.name) == p.stat().st_ino]
    assert len(kept) == len(untouched) > 0
    assert [p.name for p in tmp_path.iterdir() if "ecmn-" in p.name] == []


def test_a_scratch_folder_left_by_a_killed_build_is_removed(make_site, tmp_path):
    left = tmp_path / ".out.ecmn-search-999999/site/a"
    left.mkdir(parents=True)
    (left / "index.html").write_bytes(PAGE % b"old")
    result = run_build(make_site({"content/teams/hull.md": HULL}), tmp_path / "out", search=True)
    assert not result.failed() and result.index.pages == 1
    assert not (tmp_path / ".out.ecmn-search-999999").exists()
    assert os.listdir(tmp_path / "out/pagefind")
