"""A second language for a benchmark site: declare it and translate a share of the stories.

`add_language(site, "sv", 0.2)` adds `languages: [sv]` to the site's
settings and writes `stories/<slug>.sv.md` beside every fifth story: its
title, summary and body, as a translation gives them. Bodies keep their
length and Markdown (links, tables, footnotes), so a translated page costs
what its original costs; only the words of the title say it is Swedish.
Every page then exists in both languages, the untranslated ones shown in
English under `/sv/`, which is what a two-language site asks of a build.
"""

from __future__ import annotations

import re
from pathlib import Path

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r'^title: (.*)$', re.M)
_SUMMARY = re.compile(r'^summary: (.*)$', re.M)


def add_language(site: Path, code: str, share: float) -> int:
    """Declare `code` and translate `share` (0..1) of the stories, spread evenly; returns how many."""
    settings = site / "content" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").rstrip("\n") + f"\nlanguages: [{code}]\n",
                        encoding="utf-8")
    stories = sorted(p for p in (site / "content" / "stories").glob("*.md") if p.name.count(".") == 1)
    every = round(1 / share) if share > 0 else 0
    made = 0
    for i, story in enumerate(stories):
        if not every or i % every:
            continue
        text = story.read_text(encoding="utf-8")
        front = _FRONT.match(text)
        if front is None:
            continue
        title = _TITLE.search(front.group(1))
        summary = _SUMMARY.search(front.group(1))
        lines = [f"title: {_swedish(title.group(1))}" if title else "title: Berättelse"]
        if summary:
            lines.append(f"summary: {_swedish(summary.group(1))}")
        translation = "---\n" + "\n".join(lines) + "\n---\n" + text[front.end():]
        story.with_name(f"{story.stem}.{code}.md").write_text(translation, encoding="utf-8")
        made += 1
    return made


def _swedish(yaml_text: str) -> str:
    """A YAML scalar as written, marked as the translation ('"X"' -> '"På svenska: X"')."""
    if yaml_text[:1] in "\"'":
        return yaml_text[0] + "På svenska: " + yaml_text[1:]
    return "På svenska: " + yaml_text
