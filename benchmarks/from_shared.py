"""Turn the shared peer-benchmark corpus into an ecmn-press site folder.

    python benchmarks/from_shared.py CORPUS SITE

The shared corpus (../shared/bench/make_corpus.py) is what Pelican and Hugo
were timed on; converting it lets ecmn-press be timed on the very same
articles. Stories keep their files (`theme` becomes `themes`), each issue
file becomes an issue folder with `number`, and teams are copied as they are.
Two things the corpus does that ecmn-press refuses are translated, as the
Hugo adapter translates them with its permalinks: links to
`/stories/YYYY/slug/` become links to that story's file, and a story with no
team (a story needs one) gets a placeholder team. Standard library only.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

SITE_YAML = "title: Benchmark network\nbase_url: https://bench.example.org/\ntimezone: Europe/London\n"
PLACEHOLDER_TEAM = "---\nname: Network office\n---\nStories not yet filed under a team.\n"
_STORY_LINK = re.compile(r"\]\(/stories/(\d{4})/([a-z0-9-]+)/\)")
_NO_TEAMS = re.compile(r"^teams: *\[\] *$", re.M)


def _story_text(text: str) -> str:
    text = re.sub(r"^theme:", "themes:", text, count=1, flags=re.M)
    text = _NO_TEAMS.sub("teams: [network-office]", text, count=1)
    return _STORY_LINK.sub(r"](/stories/\1/\2.md)", text)


def convert(corpus: Path, site: Path) -> None:
    content = site / "content"
    shutil.rmtree(site, ignore_errors=True)
    (content / "teams").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML)
    (content / "teams" / "network-office.md").write_text(PLACEHOLDER_TEAM)
    for team in (corpus / "teams").glob("*.md"):
        shutil.copy(team, content / "teams" / team.name)
    for story in (corpus / "stories").rglob("*.md"):
        target = content / "stories" / story.relative_to(corpus / "stories")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_story_text(story.read_text()))
    for issue in (corpus / "issues").glob("*.md"):
        text = issue.read_text()
        text = re.sub(r"^issue: (\d+)$", r"number: \1", text, count=1, flags=re.M)
        text = _story_text(text)
        folder = content / "issues" / issue.stem
        folder.mkdir(parents=True)
        (folder / "issue.md").write_text(text)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
