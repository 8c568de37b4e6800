"""The benchmark corpus must be a valid, reproducible site folder, or the
figures it produces would measure error handling instead of building."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus.py"
N = 60
THEMES = {"purpose", "patients", "professionals", "processes", "patterns"}
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


def generate(n: int, out: Path) -> dict[str, bytes]:
    subprocess.run([sys.executable, str(SCRIPT), str(n), str(out)], check=True)
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def split(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def as_list(v: object) -> list:
    return v if isinstance(v, list) else [v]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return generate(N, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def parsed(corpus: dict[str, bytes]) -> dict[str, tuple[dict, str]]:
    return {path: split(data.decode("utf-8")) for path, data in corpus.items()
            if path.endswith(".md")}


def kind(path: str) -> str:
    parts = path.split("/")  # content/<folder>/...
    if parts[1] == "issues":
        return "issue" if parts[-1] == "issue.md" else "article"
    return {"stories": "story", "teams": "team", "pages": "page"}.get(parts[1], "settings")


def test_deterministic(tmp_path: Path, corpus: dict[str, bytes]) -> None:
    assert generate(N, tmp_path / "again") == corpus


def test_prefix_property(tmp_path: Path, corpus: dict[str, bytes]) -> None:
    # 37 stops in the middle of an issue: its issue.md must not depend on N.
    small = generate(37, tmp_path / "small")
    assert {p: corpus.get(p) for p in small} == small
    items = [p for p in corpus if kind(p) in ("article", "story")]
    assert len(items) == N and sum(kind(p) in ("article", "story") for p in small) == 37


def test_counts_and_required_fields(parsed: dict[str, tuple[dict, str]]) -> None:
    kinds = [kind(p) for p in parsed]
    assert kinds.count("article") == 18 and kinds.count("story") == 42
    assert kinds.count("team") == 120 and kinds.count("issue") == 6
    required = {"story": {"title", "date", "teams", "themes", "tags", "authors", "summary", "status"},
                "article": {"title", "authors", "themes", "tags", "order"},
                "issue": {"number", "date", "title", "editors"},
                "team": {"name", "service_area", "organisation", "region", "country",
                         "programme", "joined"},
                "page": {"title"}}
    for path, (meta, body) in parsed.items():
        assert required[kind(path)] <= meta.keys(), path
        assert body.strip(), path


def test_site_yaml(corpus: dict[str, bytes]) -> None:
    site = yaml.safe_load(corpus["content/site.yaml"])
    assert site["base_url"] == "https://bench.example.org/archive/"
    assert site["timezone"] == "Europe/London" and site["title"]


def test_values(parsed: dict[str, tuple[dict, str]]) -> None:
    today = dt.date.today()
    numbers = []
    for path, (meta, body) in parsed.items():
        k = kind(path)
        for theme in as_list(meta.get("themes", [])):
            assert theme.lower() in THEMES, path
        for key in ("date", "joined"):
            if key in meta:
                assert isinstance(meta[key], dt.date) and meta[key] < today, path
        if k == "story":
            assert 2003 <= meta["date"].year <= 2024
            assert 1 <= len(as_list(meta["teams"])) <= 3
            for m in meta.get("measures", []):
                assert m["better"] in ("lower", "higher") and 12 <= len(m["points"]) <= 40
                days = [p["date"] for p in m["points"]]
                assert all(b - a == dt.timedelta(weeks=1) for a, b in zip(days, days[1:]))
        if k in ("story", "article"):
            assert 600 <= len(body.split()) <= 1600, path
        if k == "issue":
            numbers.append(meta["number"])
    assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_variety(parsed: dict[str, tuple[dict, str]]) -> None:
    items = [(m, b) for p, (m, b) in parsed.items() if kind(p) in ("story", "article")]
    names = {a for m, _ in items for a in as_list(m["authors"])}
    tags = {t for m, _ in items for t in as_list(m["tags"])}
    assert any(not n.isascii() for n in names) and any(not t.isascii() for t in tags)
    assert any("measures" in m for m, _ in items)
    for marker in ("\n## 1. ", "\n### ", "\n- ", "\n1. ", "\n| ", "\n> ", "[^1]", "`", "*"):
        assert any(marker in b for _, b in items), marker


def test_slugs_valid_and_unique(parsed: dict[str, tuple[dict, str]]) -> None:
    from ecmn_press.core.slugs import slugify  # the generator's own rule for terms

    stems = [posixpath.basename(p)[:-3] for p in parsed if kind(p) != "issue"]
    assert all(SLUG.fullmatch(s) for s in stems)
    assert len(stems) == len(set(stems))
    for key in ("tags", "authors"):
        terms = {t for m, _ in parsed.values() for t in as_list(m.get(key, []))}
        slugs = {slugify(t) for t in terms}
        assert "" not in slugs and len(slugs) == len(terms), key  # no two spellings merge


def test_referenced_teams_exist(parsed: dict[str, tuple[dict, str]]) -> None:
    teams = {posixpath.basename(p)[:-3] for p in parsed if kind(p) == "team"}
    for path, (meta, _) in parsed.items():
        for team in as_list(meta.get("teams", [])):
            assert team in teams, (path, team)


def test_links_resolve(corpus: dict[str, bytes]) -> None:
    seen = 0
    for path, data in corpus.items():
        for target in LINK.findall(data.decode("utf-8")):
            if target.startswith("/"):
                resolved = "content" + target
            else:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in corpus, (path, target)
            seen += 1
        if kind(path) in ("story", "article"):
            assert "](/teams/" in data.decode("utf-8"), path
    assert seen >= 2 * N


def test_no_identifier_lookalikes(corpus: dict[str, bytes]) -> None:
    text = b"\n".join(corpus.values()).decode("utf-8")
    assert not re.search(r"(?<!\d)\d{10}(?!\d)", text)
    assert not re.search(r"(?<!\d)\d{6}[-+]?\d{4}(?!\d)", text)  # Swedish personnummer shape
    assert not re.search(r"\b(born|date of birth|DOB)\b", text, re.I)


def test_translate_makes_a_two_language_site_that_builds(tmp_path: Path) -> None:
    # --translate must time a real bilingual build, not one that stops at errors.
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import translate
    finally:
        sys.path.remove(str(SCRIPT.parent))
    from conftest import lines, run_build

    generate(N, tmp_path / "site")
    stories = len(list((tmp_path / "site/content/stories").glob("*.md")))
    made = translate.add_language(tmp_path / "site", "sv", 0.2)
    assert made == (stories + 4) // 5  # every fifth story, the first included
    translations = sorted((tmp_path / "site/content/stories").glob("*.sv.md"))
    assert len(translations) == made
    meta, body = split(translations[0].read_text(encoding="utf-8"))
    assert set(meta) <= {"title", "summary"} and meta["title"].startswith("På svenska: ")
    result = run_build(tmp_path / "site", tmp_path / "out")
    assert [line for line in lines(result) if ": error: " in line] == []
    slug = translations[0].name.removesuffix(".sv.md")
    assert "På svenska: " in (tmp_path / f"out/sv/stories/{slug}/index.html").read_text(encoding="utf-8")
