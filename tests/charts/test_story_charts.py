"""Run charts on built pages: the story's figures, its CSV files and the
team page's small multiples, read back from the HTML a reader gets."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from conftest import TEAM, lines, read_tree, run_build

SVG = "{http://www.w3.org/2000/svg}"
INLINE = {"a", "cite", "em", "span", "strong", "time"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

# A step change: 12 weeks around 40 days, then 12 around 31 (lower is better).
SHIFT = [41, 39, 43, 40, 42, 38, 44, 41, 40, 43, 39, 42, 33, 31, 34, 30, 32, 29, 33, 31, 30, 28, 32, 31]
# Random-looking: median 50, longest run 2, 14 crossings (limits for 20 points:
# a run longer than 7, fewer than 6 crossings).
RANDOM = [55, 44, 61, 52, 47, 38, 58, 41, 66, 49, 43, 57, 53, 45, 59, 42, 51, 48, 39, 60]


def points(values: list[int], start: dt.date = dt.date(2004, 1, 5)) -> str:
    return "".join(f"      - {{date: {start + dt.timedelta(weeks=i)}, value: {v}}}\n"
                   for i, v in enumerate(values))


def story(body: str = "The team changed how letters are typed.\n", *, extra: str = "") -> str:
    return (
        "---\ntitle: Letters within a week\ndate: 2004-07-01\nteams: [hull]\n"
        "measures:\n"
        "  - name: Days from clinic to letter\n    unit: days\n    better: lower\n    points:\n"
        + points(SHIFT)
        + "  - name: Calls answered\n    unit: calls\n    better: higher\n    points:\n"
        + points(RANDOM)
        + extra
        + "---\n" + body
    )


def build(make_site, tmp_path, files: dict[str, str] | None = None):
    files = files or {"content/stories/letters.md": story()}
    files.setdefault("content/teams/hull.md", TEAM)
    out = tmp_path / "out"
    result = run_build(make_site(files), out)
    assert lines(result) == []
    return read_tree(out)


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []  # children: Node | str

    def text(self) -> str:
        def raw(node: Node) -> str:
            inner = "".join(c if isinstance(c, str) else raw(c) for c in node.children)
            return inner if node.tag in INLINE else f" {inner} "
        return " ".join(raw(self).split())

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and (cls is None or cls in (n.attrs.get("class") or "").split())]


class _Tree(HTMLParser):
    """A small DOM: enough to ask what a figure or a list item says."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: bytes) -> Node:
    tree = _Tree()
    tree.feed(html.decode())
    tree.close()
    assert tree.stack == [tree.root], "unclosed elements"
    return tree.root


def ids(root: Node) -> list[str]:
    return [n.attrs["id"] for n in root.iter() if n.attrs.get("id")]


def svgs(html: bytes) -> list[ET.Element]:
    text, out, at = html.decode(), [], 0
    while (start := text.find("<svg xmlns=", at)) >= 0:
        at = text.index("</svg>", start) + len("</svg>")
        out.append(ET.fromstring(text[start:at]))
    return out


def test_the_story_names_the_shift_and_the_random_measure_has_none(make_site, tmp_path):
    page = parse(build(make_site, tmp_path)["stories/letters/index.html"])
    shift, random = page.find_all("figure", "run-chart")
    assert shift.attrs["id"] == "measure-days-from-clinic-to-letter"
    assert shift.find_all("figcaption")[0].text() == "Days from clinic to letter Unit: days · Lower is better"
    # The median of all 24 points is 36 (between 34 and 38); 2004-01-05 + 11
    # weeks is 2004-03-22.
    # One crossing where at least 8 are expected for 24 points (Anhøj's table).
    assert [li.text() for li in shift.find_all("li")] == [
        "Shift: 12 points above the median from 5 January 2004 to 22 March 2004, then 12 points"
        " below it from 29 March 2004 to 14 June 2004 — the change is in the better direction"
        " (lower is better)",
        "Too few crossings: the points cross the median 1 time from 5 January 2004 to"
        " 14 June 2004, where at least 8 are expected by chance for 24 points off the"
        " median — this signal does not show a direction"]
    assert [t.attrs["datetime"] for t in shift.find_all("li")[0].find_all("time")] == [
        "2004-01-05", "2004-03-22", "2004-03-29", "2004-06-14"]
    assert shift.find_all("p", "rc-summary")[0].text() == (
        "2 signals of non-random variation by the Anhøj rules.")
    assert random.find_all("ul") == []
    (summary,) = random.find_all("p", "rc-summary")
    assert summary.text().startswith("No signal of non-random variation by the Anhøj rules: "
                                     "the longest run is 2 points")
    assert "Median: 50 calls" in random.text()  # 49 and 51 are the middle values


def test_the_table_marks_shift_points_in_words(make_site, tmp_path):
    page = parse(build(make_site, tmp_path)["stories/letters/index.html"])
    shift = page.find_all("figure", "run-chart")[0]
    (details,) = shift.find_all("details")
    (table,) = details.find_all("table")
    assert table.find_all("caption")[0].text() == (
        "Days from clinic to letter (days): 24 points, median 36")
    assert [th.attrs.get("scope") for th in table.find_all("th")] == ["col"] * 3 + ["row"] * 24
    assert [th.text() for th in table.find_all("thead")[0].find_all("th")] == [
        "Date", "Value (days)", "Against the median"]
    rows = table.find_all("tbody")[0].find_all("tr")
    assert [r.text() for r in rows[:1] + rows[12:13]] == [
        "5 January 2004 41 above, in a shift",
        "29 March 2004 33 below, in a shift"]
    assert all(r.text().endswith(", in a shift") for r in rows)
    random_rows = page.find_all("figure", "run-chart")[1].find_all("tbody")[0].find_all("tr")
    assert not any("shift" in r.text() for r in random_rows)
    assert {r.text().split(" ", 4)[4] for r in random_rows} == {"above", "below"}


def test_each_svg_is_well_formed_and_labelled_by_its_own_title_and_desc(make_site, tmp_path):
    tree = build(make_site, tmp_path)
    for path, count in (("stories/letters/index.html", 2), ("teams/hull/index.html", 2)):
        charts = [s for s in svgs(tree[path]) if s.get("role") == "img"]
        assert len(charts) == count, path
        for svg in charts:
            title_id, desc_id = svg.get("aria-labelledby").split()
            assert svg.find(SVG + "title").get("id") == title_id
            assert svg.find(SVG + "desc").get("id") == desc_id
            assert svg.find(SVG + "title").text.startswith("Run chart: ")


def test_each_measure_has_a_csv_file_linked_for_download(make_site, tmp_path):
    tree = build(make_site, tmp_path)
    page = parse(tree["stories/letters/index.html"])
    links = [a.attrs for a in page.find_all("a") if (a.attrs.get("href") or "").endswith(".csv")]
    assert links == [
        {"href": "/net/stories/letters/days-from-clinic-to-letter.csv",
         "download": "letters-days-from-clinic-to-letter.csv", "type": "text/csv"},
        {"href": "/net/stories/letters/calls-answered.csv",
         "download": "letters-calls-answered.csv", "type": "text/csv"}]
    csv = tree["stories/letters/days-from-clinic-to-letter.csv"].decode().splitlines()
    assert len(csv) == len(SHIFT) + 1
    assert csv[:2] == ["date,value", "2004-01-05,41"] and csv[-1] == "2004-06-14,31"
    assert len(tree["stories/letters/calls-answered.csv"].decode().splitlines()) == len(RANDOM) + 1
    assert "calls-answered.csv" not in tree["sitemap.xml"].decode()


def test_measures_with_one_name_get_their_own_files_and_figures(make_site, tmp_path):
    again = "  - name: Calls answered!\n    points:\n" + points([5, 6])
    odd = "  - name: '???'\n    points:\n" + points([1])
    tree = build(make_site, tmp_path, {"content/stories/letters.md": story(extra=again + odd)})
    assert tree["stories/letters/calls-answered-2.csv"] == b"date,value\n2004-01-05,5\n2004-01-12,6\n"
    assert tree["stories/letters/measure.csv"] == b"date,value\n2004-01-05,1\n"
    page = parse(tree["stories/letters/index.html"])
    assert [f.attrs["id"] for f in page.find_all("figure")] == [
        "measure-days-from-clinic-to-letter", "measure-calls-answered",
        "measure-calls-answered-2", "measure-measure"]
    assert "No direction is marked as better" in page.find_all("figure")[2].text()
    assert "Download the data (CSV, 1 point)" in page.find_all("figure")[3].text()


def test_the_team_page_links_each_small_multiple_to_its_figure(make_site, tmp_path):
    tree = build(make_site, tmp_path)
    team = parse(tree["teams/hull/index.html"])
    (section,) = team.find_all("section", "team-measures")
    assert section.find_all("h2")[0].text() == "What the team measured"
    cards = section.find_all("li", "sm")
    assert [c.find_all("a")[0].attrs["href"] for c in cards] == [
        "/net/stories/letters/#measure-days-from-clinic-to-letter",
        "/net/stories/letters/#measure-calls-answered"]
    assert [c.find_all("a")[0].text() for c in cards] == ["Days from clinic to letter", "Calls answered"]
    assert all("From the story Letters within a week" in c.text() for c in cards)
    assert [c.find_all("p", "sm-verdict")[0].text() for c in cards] == [
        "Shift in the better direction, too few crossings", "No signal"]
    assert [c.find_all("p", "sm-meta")[0].text() for c in cards] == [
        "Unit: days · lower is better", "Unit: calls · higher is better"]
    assert [c.find_all("svg")[0].attrs["class"] for c in cards] == ["rc-small", "rc-small"]
    story_ids = set(ids(parse(tree["stories/letters/index.html"])))
    assert {"measure-days-from-clinic-to-letter", "measure-calls-answered"} <= story_ids


def test_ids_are_unique_even_when_a_heading_takes_a_figure_id(make_site, tmp_path):
    body = "## Measure: days from clinic to letter\n\nHow we counted.\n"
    team = TEAM + "\n## Team chart 1 small title\n\nA heading that looks like a chart id.\n"
    tree = build(make_site, tmp_path, {"content/stories/letters.md": story(body),
                                       "content/teams/hull.md": team})
    story_page = parse(tree["stories/letters/index.html"])
    team_page = parse(tree["teams/hull/index.html"])
    for page in (story_page, team_page):
        found = ids(page)
        assert len(found) == len(set(found)), sorted(i for i in found if found.count(i) > 1)
    assert "measure-days-from-clinic-to-letter" in ids(story_page)  # the heading keeps its id
    figure = story_page.find_all("figure")[0].attrs["id"]
    assert figure == "measure-days-from-clinic-to-letter-2"
    assert team_page.find_all("li", "sm")[0].find_all("a")[0].attrs["href"].endswith("#" + figure)
    assert "team-chart-1-small-title" in ids(team_page)  # the heading's
    assert team_page.find_all("svg", "rc-small")[0].attrs["aria-labelledby"] == (
        "team-chart-1-2-small-title team-chart-1-2-small-desc")


def test_pages_without_measures_have_no_chart_section_or_stylesheet(make_site, tmp_path):
    plain = "---\ntitle: No numbers\ndate: 2004-07-01\nteams: [hull]\n---\nWords only.\n"
    draft = story().replace("date: 2004-07-01", "date: 2004-07-01\ndraft: true")
    tree = build(make_site, tmp_path, {"content/stories/plain.md": plain,
                                       "content/stories/letters.md": draft})
    for path in ("stories/plain/index.html", "teams/hull/index.html"):
        html = tree[path].decode()
        assert "What the team measured" not in html and "chart.css" not in html, path
    assert not any(p.endswith(".csv") for p in tree)


def test_the_chart_stylesheet_covers_every_chart_class_and_is_linked(make_site, tmp_path):
    tree = build(make_site, tmp_path)
    css = tree["assets/chart.css"].decode()
    for cls in ("rc", "rc-small", "rc-grid", "rc-axis", "rc-tick", "rc-label", "rc-line",
                "rc-point", "rc-signal", "rc-shift", "rc-median"):
        assert f".{cls} " in css or f".{cls}," in css, cls
    for path in ("stories/letters/index.html", "teams/hull/index.html"):
        (link,) = [n for n in parse(tree[path]).find_all("link")
                   if "chart.css" in (n.attrs.get("href") or "")]
        assert link.attrs["href"].startswith("/net/assets/chart.css?v=")


def test_a_value_too_large_for_a_number_is_an_error_not_a_crash(make_site, tmp_path):
    huge = "1" + "0" * 400
    text = story().replace("value: 41}", f"value: {huge}}}", 1)
    result = run_build(make_site({"content/stories/letters.md": text, "content/teams/hull.md": TEAM}),
                       tmp_path / "out")
    (message,) = lines(result)
    assert message.startswith("content/stories/letters.md:10:") and "'value' must be a number" in message


def test_a_link_may_point_at_a_chart_on_another_story(make_site, tmp_path):
    other = ("---\ntitle: Elsewhere\ndate: 2004-08-01\nteams: [hull]\n---\n"
             "See [their chart](letters.md#measure-calls-answered) and\n"
             "[a chart that is not there](letters.md#measure-falls).\n")
    files = {"content/stories/letters.md": story(), "content/stories/other.md": other,
             "content/teams/hull.md": TEAM}
    result = run_build(make_site(files), tmp_path / "out")
    assert lines(result) == [
        "content/stories/other.md:7:1: warning: no heading or run chart '#measure-falls'"
        " in content/stories/letters.md"]
    html = (tmp_path / "out/stories/other/index.html").read_text()
    assert 'href="/net/stories/letters/#measure-calls-answered"' in html


def test_a_very_long_measure_name_makes_a_short_file_name(make_site, tmp_path):
    name = "Days " + "from referral to first appointment " * 12  # 425 characters
    long = f"  - name: {name.strip()}\n    points:\n" + points([3, 4])
    tree = build(make_site, tmp_path, {"content/stories/letters.md": story(extra=long)})
    (csv,) = [p for p in tree if p.endswith(".csv") and "days-from-referral" in p]
    file_name = csv.rsplit("/", 1)[1]
    # Cut at the last whole word within 80 characters, then ".csv".
    assert file_name == ("days-from-referral-to-first-appointment-from-referral-to-first-"
                         "appointment-from.csv")
