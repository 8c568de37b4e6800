"""`serve` keeps a big site's search index between rebuilds (refresh_search=False)."""

from __future__ import annotations

from conftest import TEAM, read_tree, run_build

STORY = "---\ntitle: Letters\ndate: 2005-01-01\nteams: hull\n---\nThe first wording.\n"


def test_a_kept_index_stays_byte_for_byte_while_pages_change(make_site, tmp_path):
    site = make_site({"content/teams/hull.md": TEAM, "content/stories/a.md": STORY})
    out = tmp_path / "out"
    first = run_build(site, out, search=True)
    assert first.index is not None and first.index.pages >= 2
    bundle = {p: b for p, b in read_tree(out).items() if p.startswith("pagefind/")}

    (site / "content/stories/a.md").write_text(STORY.replace("first wording", "second wording"))
    kept = run_build(site, out, search=True, refresh_search=False)
    assert kept.index is not None and kept.index.reused
    assert {p: b for p, b in read_tree(out).items() if p.startswith("pagefind/")} == bundle
    assert "second wording" in (out / "stories/a/index.html").read_text()

    fresh = run_build(site, out, search=True)
    assert not fresh.index.reused
    assert {p: b for p, b in read_tree(out).items() if p.startswith("pagefind/")} != bundle
