"""Screenshots of every page kind for a reviewer's eyes (not committed).

Builds the repository's example site (or, with --awkward, the test site of
tests/awkward.py: long words, wide tables, Swedish) into a temporary folder,
serves it on 127.0.0.1 under its base path (as its host would), and writes
full-page PNGs of each page below at phone and desktop widths, in light and
dark mode:

    python scripts/screenshots.py [--out screenshots] [--width 375 --width 1280] [--awkward]

Files are named <page>-<width>-<scheme>.png. The search page is taken with
its results and filters drawn. Uses Debian's Chromium through Playwright,
like the browser tests; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
# A fixed clock, as the golden copy uses: the pictures do not depend on today.
NOW = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
PAGES = {
    "home": "",
    "issues": "issues/",
    "issue": "issues/5/",
    "article": "issues/5/two-years-of-three-streams/",
    "stories": "stories/",
    "story": "stories/rothwick-phone-call-before-surgery/",
    "story-photo": "stories/elmstead-discharge-lounge/",
    "teams": "teams/",
    "team": "teams/kelderby-neurology/",
    "themes": "themes/",
    "theme": "themes/processes/",
    "tags": "tags/",
    "tag": "tags/waiting-times/",
    "authors": "authors/",
    "author": "authors/zoe-hartley/",
    "about": "about/",
    "search": "search/?q=letters",
    "not-found": "no-such-page/",
    "email": "issues/5/email.html",
    "sv-home": "sv/",
    "sv-story": "sv/stories/ostervik-daily-huddle/",
    "sv-stories": "sv/stories/",
    "nl-story": "nl/stories/rijnvallei-uitslagen-dezelfde-dag/",
}
AWKWARD_PAGES = {k: v for k, v in PAGES.items() if k != "story-photo"} | {
    "issue": "issues/2/",
    "article": "issues/1/a/",
    "story": "stories/charts/",
    "team": "teams/long-names/",
    "theme": "themes/purpose/",
    "tag": "tags/patient-and-carer-feedback/",
    "author": "authors/anna-karin-wahlstrom-lindqvist/",
    "about": "om/",
    "search": "search/?q=team",
    "email": "issues/2/email.html",
}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _Handler(SimpleHTTPRequestHandler):
    """Serves the built folder under `base`; a missing page gets the site's 404.html."""

    base = "/"

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if not url_path.startswith(self.base):
            return str(Path(self.directory) / ".outside-the-base-path")
        return super().translate_path("/" + url_path[len(self.base):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def build_example(out: Path) -> str:
    """Builds the example site with its search index; returns its base path."""
    from ecmn_press.build.pipeline import build
    from ecmn_press.content.config import BuildOptions

    result = build(REPO, out, BuildOptions(now=NOW, cache=False))
    if result.failed():
        sys.exit("the example site did not build:\n" + "\n".join(d.format() for d in result.report.sorted()))
    import yaml

    settings = yaml.safe_load((REPO / "content" / "site.yaml").read_text(encoding="utf-8"))
    return urlsplit(settings["base_url"]).path


def build_awkward(out: Path) -> str:
    """Builds tests/awkward.py's site; returns its base path."""
    sys.path[:0] = [str(REPO / "tests")]
    from awkward import build_awkward as build_it

    shutil.copytree(build_it(out.parent / "awkward"), out)
    return "/natverk/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--width", type=int, action="append", help="viewport width in CSS px (repeatable)")
    parser.add_argument("--page", action="append", choices=sorted(PAGES), help="only these pages")
    parser.add_argument("--awkward", action="store_true", help="the awkward test site instead of the example")
    args = parser.parse_args()
    widths = args.width or [375, 1280]
    pages = AWKWARD_PAGES if args.awkward else PAGES
    names = args.page or list(pages)

    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "site"
        base = build_awkward(built) if args.awkward else build_example(built)
        handler = partial(type("Handler", (_Handler,), {"base": base}), directory=str(built))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        root = f"http://127.0.0.1:{server.server_address[1]}{base}"
        absolute = None if args.awkward else _absolute_base()
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for width in widths:
                    for scheme in ("light", "dark"):
                        context = browser.new_context(
                            viewport={"width": width, "height": 800}, color_scheme=scheme,
                            device_scale_factor=1,
                        )
                        if absolute:  # the e-mail edition links by absolute URL: answer those from disk
                            context.route(absolute + "**", partial(_from_disk, built, absolute))
                        page = context.new_page()
                        for name in names:
                            page.goto(root + pages[name])
                            if name == "search":
                                page.wait_for_selector("#search-results li", timeout=10_000)
                                page.evaluate("document.getElementById('search-filters').open = true")
                            path = args.out / f"{name}-{width}-{scheme}.png"
                            page.screenshot(path=str(path), full_page=True)
                            print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
                        context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


def _absolute_base() -> str | None:
    from ecmn_press.build.pipeline import read_settings

    config, _ = read_settings(REPO)
    return config.base_url if config else None


def _from_disk(built: Path, absolute: str, route) -> None:
    rel = route.request.url[len(absolute):].split("#", 1)[0].split("?", 1)[0]
    path = built / rel
    if path.is_dir():
        path = path / "index.html"
    if path.is_file():
        route.fulfill(path=str(path))
    else:
        route.abort()


if __name__ == "__main__":
    sys.exit(main())
