"""The e-mail edition: email.html that mail clients can show, email.txt beside it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import TEAM, cli, lines, read_tree, run_build
from imagefiles import png

from ecmn_press.i18n.codes import split_name
from ecmn_press.mail.edition import CLIP_BYTES, LONG_BYTES, LONG_WORDS
from ecmn_press.text.markdown import new_engine

BASE = "https://example.org/net/"
EXTERNAL = "https://www.ihi.org/resources"
ISSUE = """
---
number: 2
date: 2005-06-20
title: Small changes, large effects
subtitle: Run charts and coaching
editors: [Karin Ek, Tom Walsh]
summary: How a practice reads its own run charts.
cover: /media/cover.png
---
The editorial, with a link to [the Hull team](/teams/hull.md) and a
[letter to the editors](mailto:editors@example.org).

Its second paragraph.
"""
LEAD = """
---
title: Measuring without a statistician
authors: [Rajesh Mistry]
order: 1
teams: [hull]
---
When our practice joined the pilot, we measured for ourselves: see
[the IHI]({external}) and [our story](../../stories/letters.md).

![A run chart drawn by hand](../../media/wide.png)

## Wait for a pattern

- a long run of points on one side of the median;
- too few crossings of the median.

| Team | Days |
|---|---:|
| Hull | 12 |

A claim with a source.[^1]

![A small icon](/media/icon.png) and ![A diagram](/media/diagram.svg)

[^1]: The workbook.
""".replace("{external}", EXTERNAL)
SECOND = """
---
title: Coaching a team, not a project
authors: [Tom Walsh]
order: 2
---
Every team in the national pilot had a coach.

> A coach is neither an expert nor a project manager.

The three questions come last.
"""
STORY = "---\ntitle: Letters\ndate: 2005-03-01\nteams: hull\n---\nA story.\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><rect width="400" height="300"/></svg>'


def files(**extra: str | bytes) -> dict[str, str | bytes]:
    found: dict[str, str | bytes] = {
        "content/teams/hull.md": TEAM,
        "content/stories/letters.md": STORY,
        "content/issues/2005-06/issue.md": ISSUE,
        "content/issues/2005-06/lead.md": LEAD,
        "content/issues/2005-06/second.md": SECOND,
        "content/media/cover.png": png(900, 300),
        "content/media/wide.png": png(1200, 600),
        "content/media/icon.png": png(48, 48),
        "content/media/diagram.svg": SVG,
    }
    found.update(extra)
    return found


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def all(self, name: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == name]


@pytest.fixture
def built(make_site, tmp_path):
    def build(extra: dict | None = None, **kwargs):
        site = make_site(files(**(extra or {})))
        out = tmp_path / "out"
        result = run_build(site, out, **kwargs)
        assert not result.failed(), lines(result)
        return result, out

    return build


def edition(out, number: int = 2) -> tuple[str, str]:
    folder = out / "issues" / str(number)
    return (folder / "email.html").read_text("utf-8"), (folder / "email.txt").read_text("utf-8")


def without_at_rules(css: str) -> str:
    """The CSS left once every @media block (braces balanced) is taken out."""
    out, depth, at = [], 0, 0
    while at < len(css):
        if depth == 0 and css.startswith("@media", at):
            brace = css.index("{", at)
            depth, at = 1, brace + 1
            continue
        if depth:
            depth += {"{": 1, "}": -1}.get(css[at], 0)
        else:
            out.append(css[at])
        at += 1
    return "".join(out).strip()


def test_no_stylesheet_no_script_and_only_media_rules_left_in_style(built):
    html, _ = edition(built()[1])
    tags = Tags(html)
    assert not tags.all("link") and not tags.all("script")
    assert len(tags.all("style")) == 1
    css = "".join(tags.styles)
    assert "prefers-color-scheme: dark" in css and "max-width: 620px" in css
    assert without_at_rules(css) == ""
    assert "var(" not in html  # custom properties were resolved while inlining
    styled = [a for t, a in tags.tags if t == "p" and "style" in a]
    assert styled and all("font-size" in a["style"] or "margin" in a["style"] for a in styled)


def test_every_url_is_absolute_under_base_url(built):
    html, _ = edition(built()[1])
    tags = Tags(html)
    urls = [a["href"] for a in tags.all("a")] + [a["src"] for a in tags.all("img")]
    assert len(urls) > 10
    for url in urls:
        assert url.startswith(BASE) or url in (EXTERNAL, "mailto:editors@example.org"), url
    hrefs = {a["href"] for a in tags.all("a")}
    assert {f"{BASE}issues/2/", f"{BASE}feed.xml", f"{BASE}rss.xml", f"{BASE}teams/hull/",
            f"{BASE}stories/letters/", f"{BASE}issues/2/lead/"} <= hrefs


def test_images_have_alt_text_and_a_width_no_wider_than_the_column(built):
    html, _ = edition(built()[1])
    images = {a["src"].rsplit("/", 1)[1].split("-mail.")[0]: a for a in Tags(html).all("img")}
    assert set(images) == {"cover", "wide", "icon", "diagram"}
    for image in images.values():
        assert "alt" in image and int(image["width"]) <= 560
        assert image["src"].endswith(".png")  # mail clients show PNG and JPEG only
    assert images["wide"]["alt"] == "A run chart drawn by hand"
    assert (images["wide"]["width"], images["wide"]["height"]) == ("560", "280")
    assert (images["icon"]["width"], images["icon"]["height"]) == ("48", "48")
    assert images["diagram"]["width"] == "400"
    assert images["cover"]["width"] == "560"


def test_layout_is_one_table_at_most_640_pixels_wide(built):
    html, _ = edition(built()[1])
    tags = Tags(html)
    containers = [a for a in tags.all("table") if "container" in a.get("class", "")]
    assert len(containers) == 1 and int(containers[0]["width"]) <= 640
    assert "max-width: 600px" in containers[0]["style"]
    widths = [int(a["width"]) for t, a in tags.tags if a.get("width", "").isdigit()]
    assert max(widths) <= 640
    assert 'name="viewport"' in html and html.startswith("<!DOCTYPE html>")


def test_html_has_title_date_editorial_and_articles_in_order(built):
    html, _ = edition(built()[1])
    order = [
        "20 June 2005", "Small changes, large effects", "Karin Ek and Tom Walsh",
        "The editorial, with a link", "Measuring without a statistician", "Wait for a pattern",
        "Coaching a team, not a project", "The three questions come last.",
    ]
    at = html.index("<body")
    for piece in order:  # each after the one before
        at = html.index(piece, at)
    assert "Read on the site" not in html  # a short issue is sent in full
    preheader = re.search(r'<div class="preheader"[^>]*>([^<]*)', html)
    assert preheader and preheader.group(1).startswith("How a practice reads its own run charts.")
    assert "display: none" in re.search(r'<div class="preheader"[^>]*>', html).group(0)


def test_footnote_back_links_and_heading_ids_stay_on_the_site(built):
    html, _ = edition(built()[1])
    assert "↩" not in html and "footnote-backref" not in html
    assert ' id="' not in html  # ids of several bodies would clash in one mail
    assert f'href="{BASE}issues/2/lead/#fn1"' in html


def normalised(text: str) -> str:
    return " ".join(text.split())


class Paragraphs(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._open: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._open = []

    def handle_endtag(self, tag):
        if tag == "p" and self._open is not None:
            self.found.append(normalised("".join(self._open)))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)


def paragraphs_of(source: str) -> list[str]:
    body = source.split("\n---\n", 1)[1]
    found = Paragraphs(new_engine().render(body)).found
    return [p.removesuffix(" ↩︎") for p in found if p]  # a footnote's way back is for the web page


def text_words(text: str) -> str:
    """The text edition as one line, without quote marks, link numbers and mail addresses."""
    text = re.sub(r"^(?:> ?)+", "", text, flags=re.M)
    return normalised(re.sub(r" \[\d+\]| <[^>\s]+@[^>\s]+>", "", text))


def test_text_has_every_article_title_and_every_paragraph(built):
    _, text = edition(built()[1])
    flat = text_words(text)
    for source in (ISSUE, LEAD, SECOND):
        for paragraph in paragraphs_of(source.lstrip("\n")):
            assert paragraph in flat, paragraph
    for title in ("Small changes, large effects", "Measuring without a statistician", "Coaching a team, not a project"):
        assert title in text
    assert "[image: A run chart drawn by hand]" in text
    assert all(len(line) <= 72 or "://" in line for line in text.splitlines())  # URLs are never broken


def test_text_lists_its_links_once_numbered(built):
    _, text = edition(built()[1])
    links = text.split("\nLinks\n-----\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert links[0] == f"[1] {BASE}teams/hull/"
    assert f"[2] {EXTERNAL}" in links and f"[3] {BASE}stories/letters/" in links
    assert "the IHI [2] and our story [3]" in normalised(text)
    assert "letter to the editors <editors@example.org>" in normalised(text)
    assert f"Atom feed: {BASE}feed.xml" in text and f"This issue on the site: {BASE}issues/2/" in text


def test_issue_page_links_to_both_editions(built):
    _, out = built()
    page = (out / "issues/2/index.html").read_text()
    assert 'href="/net/issues/2/email.html"' in page and 'href="/net/issues/2/email.txt"' in page


def long_article(n: int, words: int) -> str:
    first = "Opening paragraph of article %d." % n
    rest = " ".join(f"w{n}x{i}" for i in range(words))
    return f"---\ntitle: Long article {n}\norder: {n}\n---\n{first}\n\nLater paragraph {n}: {rest}\n"


def test_a_long_issue_sends_summaries_with_read_on_the_site_links(built):
    per = LONG_WORDS // 2
    _, out = built({"content/issues/2005-06/lead.md": long_article(1, per), "content/issues/2005-06/second.md": long_article(2, per)})
    html, text = edition(out)
    assert "Opening paragraph of article 1." in html and "Later paragraph 1" not in html
    links = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>Read on the site</a>', html)
    assert links == [f"{BASE}issues/2/lead/", f"{BASE}issues/2/second/"]
    assert "Its second paragraph." in html  # the editorial stays in full
    assert "Later paragraph" not in text
    assert f"Read on the site: {BASE}issues/2/second/" in text


def test_a_short_issue_with_a_heavy_body_is_long_too(built):
    rows = "\n".join(f"| r{i} | {i} |" for i in range(700))  # few words, much markup
    heavy = f"---\ntitle: A big table\norder: 1\n---\nFirst paragraph.\n\n| Row | Value |\n|---|---|\n{rows}\n"
    _, out = built({"content/issues/2005-06/lead.md": heavy})
    html, _ = edition(out)
    assert len(html.encode()) < LONG_BYTES
    assert "Read on the site" in html and "r699" not in html


def test_size_warning_for_an_edition_gmail_would_clip(built):
    huge = ISSUE + "\n".join(f"Paragraph {i} of a very long editorial that goes on." for i in range(3000))
    result, out = built({"content/issues/2005-06/issue.md": huge})
    size = len((out / "issues/2/email.html").read_bytes())
    assert size > CLIP_BYTES
    assert (
        f"content/issues/2005-06/issue.md:1:1: warning: e-mail edition is {round(size / 1000)} KB; "
        "Gmail clips messages over 102 KB"
    ) in [line.split(" (", 1)[0] for line in lines(result)]


def test_no_size_warning_for_a_normal_issue(built):
    result, out = built()
    assert len((out / "issues/2/email.html").read_bytes()) < CLIP_BYTES
    assert not [line for line in lines(result) if "e-mail" in line]


def test_the_warning_shows_in_the_build_summary(make_site, tmp_path):
    huge = ISSUE + "\n".join(f"Paragraph {i} of a very long editorial that goes on." for i in range(3000))
    site = make_site(files(**{"content/issues/2005-06/issue.md": huge}))
    result = cli("build", "--site", str(site), "--output", str(tmp_path / "out"), "--no-search")
    assert result.exit_code == 0
    assert "issue.md:1:1: warning: e-mail edition is" in result.stderr
    assert "1 warning" in result.stderr


def test_scripts_in_trusted_raw_html_never_reach_the_mail(built):
    raw = SECOND + '\n<p onclick="steal()">Raw <b>bold</b></p>\n<script>alert(1)</script>\n<iframe src="https://x.org"></iframe>\n'
    yaml = f"title: Test Network\nbase_url: {BASE}\nraw_html: trusted\n"
    _, out = built({"content/issues/2005-06/second.md": raw, "content/site.yaml": yaml})
    html, text = edition(out)
    assert "<script" not in html and "onclick" not in html and "<iframe" not in html
    assert "<b" in html and "Raw bold" in text and "alert" not in text


def test_sub_path_base_url_and_override(built):
    _, out = built(base_url="https://mail.example.com/deep/path/")
    html, text = edition(out)
    urls = [a["href"] for a in Tags(html).all("a")] + [a["src"] for a in Tags(html).all("img")]
    assert all(u.startswith("https://mail.example.com/deep/path/") or u in (EXTERNAL, "mailto:editors@example.org") for u in urls)
    assert BASE not in html and BASE not in text


def test_editions_are_byte_identical_between_builds(make_site, tmp_path):
    site = make_site(files())
    run_build(site, tmp_path / "a")
    run_build(site, tmp_path / "b")
    a, b = read_tree(tmp_path / "a"), read_tree(tmp_path / "b")
    assert a["issues/2/email.html"] == b["issues/2/email.html"]
    assert a["issues/2/email.txt"] == b["issues/2/email.txt"]


def test_a_site_theme_restyles_the_mail(built, tmp_path):
    yaml = f"title: Test Network\nbase_url: {BASE}\ntheme: house\n"
    site_files = {
        "content/site.yaml": yaml,
        "themes/house/templates/email/colours.css": ":root { --header-bg: #abcdef; --paper: #fff; --page-bg: #eee;"
        " --text: #111; --muted: #555; --link: #00e; --accent: #a00; --rule: #ccc; --header-text: #fff;"
        " --header-muted: #eee; --quote-bg: #f5f5f5; --button-bg: #00e; --button-text: #fff; }",
    }
    _, out = built(site_files)
    html, _ = edition(out)
    assert "background-color: #abcdef" in html
    assert "prefers-color-scheme" not in html  # the theme's colours file has no dark rules


def test_a_broken_mail_template_in_a_site_theme_is_a_positioned_error(make_site, tmp_path):
    yaml = f"title: Test Network\nbase_url: {BASE}\ntheme: house\n"
    site = make_site(files(**{
        "content/site.yaml": yaml,
        "themes/house/templates/email/issue.txt": "{{ page.title }}\n{{ page.no_such_thing }}\n",
    }))
    result = run_build(site, tmp_path / "out")
    assert lines(result) == [
        "themes/house/templates/email/issue.txt:2:1: error: template error: 'dict object' has no attribute 'no_such_thing'"
    ]



def test_example_site_text_editions_carry_every_title_and_paragraph(tmp_path):
    from conftest import REPO

    result = run_build(REPO, tmp_path / "out")
    assert not result.failed(), lines(result)
    checked = 0
    for folder in sorted((REPO / "content/issues").iterdir()):
        number = re.search(r"^number:\s*(\d+)", (folder / "issue.md").read_text("utf-8"), re.M).group(1)
        for source in sorted(folder.glob("*.md")):
            # A translation is in its own language's edition: /sv/issues/2/email.txt
            stem, code = split_name(source.name)
            text = (tmp_path / "out" / (code or "") / "issues" / number / "email.txt").read_text("utf-8")
            flat = text_words(text)
            content = source.read_text("utf-8")
            title = re.search(r"^title:\s*(.+)$", content, re.M)
            if stem != "issue":
                assert title and title.group(1).strip() in text
            for paragraph in paragraphs_of(content.removeprefix("---\n")):
                assert paragraph in flat, (source.name, paragraph)
                checked += 1
    assert checked > 100
