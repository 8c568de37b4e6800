"""The example site's e-mail edition in headless Chromium, at mail-client widths.

Screenshots go to $SCREENSHOT_DIR (else the test's tmp_path) for a person to
look at; the assertions catch what a person would see first: a page wider
than the reading pane and images that do not load.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REPO, lines, run_build


@pytest.fixture(scope="module")
def chromium(browser):
    # The project's one browser: pytest-playwright's, launched as conftest.py says.
    return browser


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    """The repository's own example site, built once for the browser tests."""
    out = tmp_path_factory.mktemp("example") / "out"
    result = run_build(REPO, out)
    assert not result.failed(), lines(result)
    return out, "https://ecmn.example.org/network/"


def serve_from(out, base: str):
    """Answer requests under base_url from the built folder; refuse the rest (we are offline)."""

    def handle(route):
        url = route.request.url.split("#", 1)[0].split("?", 1)[0]
        path = out / url[len(base):] if url.startswith(base) else None
        if path is not None and path.is_dir():
            path = path / "index.html"
        if path is None or not path.is_file():
            return route.abort()
        types = {".html": "text/html", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
                 ".css": "text/css"}
        return route.fulfill(body=path.read_bytes(), content_type=types.get(path.suffix, "application/octet-stream"))

    return handle


@pytest.mark.browser
@pytest.mark.parametrize("width", [600, 360])
def test_example_issue_in_a_browser_at_mail_width(chromium, example_site, tmp_path, width):
    out, base = example_site
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", serve_from(out, base))
    page.goto(f"{base}issues/2/email.html")
    page.wait_for_load_state("load")
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"email-issue-2-{width}px.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    images = page.evaluate(
        "Array.from(document.images).map(i => ({src: i.currentSrc, ok: i.complete && i.naturalWidth > 0,"
        " width: i.getBoundingClientRect().width}))"
    )
    assert images, "the example issue has a cover"
    for image in images:
        assert image["ok"] and image["src"].endswith((".png", ".jpg")), image  # SVG cover drawn as PNG
        assert image["width"] <= width
    assert page.locator("h1").inner_text() == "Small changes, large effects"
    page.close()
