"""What each kind of page shows, read from the built HTML of the example site
and of small sites made for one case each.

The browser checks (axe, widths, keyboard, print, no JavaScript) are in
test_accessibility.py; link previews and JSON-LD in test_metadata.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from conftest import TEAM, run_build

BASE = "/network/"


def parse(out: Path, url: str):
    return lxml.html.parse(str(out / url / "index.html" if not url.endswith(".html") else out / url)).getroot()


def texts(root, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in root.xpath(xpath)]


def hrefs(root, xpath: str) -> list[str]:
    return [e.get("href") for e in root.xpath(xpath)]


def cls(name: str) -> str:
    """An XPath test for one class among several."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# -- every page ------------------------------------------------------------------

def test_every_page_has_one_h1_landmarks_a_skip_link_and_unique_ids(example_site):
    pages = sorted(p for p in example_site.rglob("*.html") if p.name != "email.html")
    assert len(pages) > 80
    for path in pages:
        root = lxml.html.parse(str(path)).getroot()
        where = path.relative_to(example_site)
        language = where.parts[0] if where.parts[0] in ("sv", "nb", "nl") else "en-GB"
        assert root.get("lang") == language, where
        assert len(root.xpath("//h1")) == 1, where
        assert len(root.xpath("//main[@id='main']")) == 1, where
        assert root.xpath("//body/*[1]/@href") == ["#main"], f"{where}: the skip link comes first"
        assert root.xpath("//header[@class='site-header']") and root.xpath("//footer[@class='site-footer']"), where
        ids = Counter(root.xpath("//@id"))
        assert [i for i, n in ids.items() if n > 1] == [], where
        for target in root.xpath("//a[starts-with(@href, '#')]/@href"):
            assert target == "#" or ids[target[1:]] == 1, f"{where}: {target} goes nowhere"


def test_the_header_marks_where_the_reader_is(example_site):
    story = parse(example_site, "stories/kelderby-clinic-letters/")
    assert texts(story, "//nav[@aria-label='Main']//a[@aria-current]") == ["Stories"]
    teams = parse(example_site, "teams/")
    assert story.xpath("//nav[@aria-label='Main']//a[@aria-current]/@aria-current") == ["true"]
    assert teams.xpath("//nav[@aria-label='Main']//a[@aria-current]/@aria-current") == ["page"]


# -- home ---------------------------------------------------------------------------

def test_home_shows_the_latest_issue_with_its_articles_stories_teams_and_the_5_ps(example_site):
    home = parse(example_site, "")
    latest = home.xpath("//section[.//h2[.='Latest issue']]")[0]
    assert texts(latest, f".//*[{cls('issue-feature-title')}]") == ["Spreading what works"]
    assert texts(latest, ".//ol[@class='toc']/li/a") == [
        "Two years of three streams", "School nurses and the school day", "Joining from the Netherlands",
    ]
    stories = home.xpath("//section[.//h2[.='Latest stories from the teams']]")[0]
    assert len(stories.xpath(f".//article[{cls('card-story')}]")) == 6
    assert texts(stories, f"(.//article)[1]//*[{cls('card-title')}]") == ["Talking through the blood results, every month"]
    glance = home.xpath("//ul[@class='glance']/li")
    assert len(glance) == 13
    assert "Renal dialysis · Norway · 1 story" in texts(home, "//ul[@class='glance']/li/span")
    assert texts(home, "//ol[@class='five-ps']//h3") == ["Purpose", "Patients", "Professionals", "Processes", "Patterns"]
    assert texts(home, "//ul[@class='stats']/li") == [
        "5 issues of the MicroNewsletter", "15 team stories", "13 teams in 5 countries",
    ]


# -- issues and articles ----------------------------------------------------------------

def test_an_issue_has_its_editorial_numbered_contents_articles_in_order_and_neighbours(example_site):
    issue = parse(example_site, "issues/2/")
    in_order = ["Measuring without a statistician", "Coaching a team, not a project", "A week in Jönköping County"]
    assert texts(issue, "//nav[@aria-labelledby='issue_toc']//ol/li/a") == in_order
    assert texts(issue, "//ol[@class='article-list']//h3") == in_order
    assert texts(issue, "//section[@class='editorial']//h2") == ["Editorial"]
    assert "The run chart on the cover" in texts(issue, "//section[@class='editorial']")[0]
    assert texts(issue, "//p[@class='byline']")[0] == "Edited by Søren Kjærgaard and Zoë Hartley · 3 articles"
    assert issue.xpath("//img[@class='issue-cover']/@src") == [f"{BASE}media/issue-02-cover.svg"]
    assert texts(issue, "//nav[@aria-label='Other issues']/a") == [
        "Previous issue #1: Starting where the work is", "Next issue #3: Small teams, big questions",
    ]
    assert hrefs(issue, "//nav[@aria-label='Other issues']/a[@rel='prev']") == [f"{BASE}issues/1/"]
    assert hrefs(issue, "//aside[@aria-labelledby='issue_email']//a") == [
        f"{BASE}issues/2/email.html", f"{BASE}issues/2/email.txt",
    ]


def test_an_issue_carries_every_article_in_full_for_print(example_site):
    issue = parse(example_site, "issues/2/")
    full = issue.xpath(f"//div[{cls('print-only')} and {cls('issue-full')}]")[0]
    assert full.get("data-pagefind-ignore") is not None  # the articles are indexed on their own pages
    assert texts(full, "./section/h2") == [
        "Measuring without a statistician", "Coaching a team, not a project", "A week in Jönköping County",
    ]
    article = parse(example_site, "issues/2/a-week-in-jonkoping/")
    assert texts(article, "//div[@class='prose']//h2") == texts(full, "./section[3]//div[@class='prose']//h2")
    # Its headings keep ids of their own, prefixed so none clashes with the editorial's.
    assert full.xpath("./section[3]//div[@class='prose']//h2/@id")[0] == "a3_first-impressions"
    assert texts(full, "./section[3]/p[@class='print-source']") == [
        "https://ecmn.example.org/network/issues/2/a-week-in-jonkoping/"
    ]


def test_an_article_shows_its_issue_authors_teams_themes_and_neighbours(example_site):
    article = parse(example_site, "issues/2/a-week-in-jonkoping/")
    assert texts(article, f"//header//p[{cls('kicker')}]") == [
        "MicroNewsletter #2: Small changes, large effects · Article 3 of 3"
    ]
    assert texts(article, "//header//p[@class='byline']") == ["By Helen Cawthorne and Lars-Erik Sundqvist · 20 June 2005"]
    assert article.xpath("//header//p[@class='standfirst']")  # its front matter's summary
    contents = article.xpath("//nav[@aria-labelledby='article_issue']")[0]
    assert texts(contents, ".//li/a[@aria-current='page']") == ["A week in Jönköping County"]
    assert len(contents.xpath(".//li")) == 3
    assert texts(article, "//footer[@class='item-footer']/p[1]/a") == [
        "Day Surgery Unit, Rothwick Royal Infirmary", "Östervik Primary Care Centre", "Cardiology Clinic, Lidaholm Hospital",
    ]
    assert texts(article, "//footer[@class='item-footer']//a[@class='chip']") == ["Patterns", "Patients"]
    # The last article: back a step, or back to its issue.
    assert texts(article, "//nav[@aria-label='Articles in this issue']/a") == [
        "Previous article Coaching a team, not a project", "Back to issue #2 Small changes, large effects",
    ]
    assert article.xpath("//nav[@aria-label='Articles in this issue']/a[2]/@rel") == []


# -- stories and teams ----------------------------------------------------------------

def test_a_story_shows_team_cards_status_themes_and_its_measures(example_site):
    story = parse(example_site, "stories/kelderby-clinic-letters/")
    facts = story.xpath("//aside[@aria-labelledby='story_facts']")[0]
    assert texts(facts, ".//div[@class='team-cards']//h4") == ["Neurology Outpatients, Kelderby General Hospital"]
    assert "Neurology · Kelderby General Hospital NHS Trust" in texts(facts, ".//p[@class='team-meta']")
    assert texts(facts, ".//dt") == ["Status", "Themes", "Tags", "Measures"]
    assert texts(facts, ".//span[@class='status-pill']") == ["sustained"]
    assert texts(facts, ".//a[@class='chip']") == ["Processes", "Patients"]
    assert hrefs(facts, ".//dt[.='Measures']/following-sibling::dd/a") == ["#story_measures"]
    assert story.xpath("//section[@id='story_measures']//figure[@class='run-chart']")


def test_the_team_directory_groups_teams_by_region_with_their_facts(example_site):
    teams = parse(example_site, "teams/")
    regions = texts(teams, "//section[@class='region']/h2")
    assert regions[0] == "Helse Fjordkyst Norway"
    assert hrefs(teams, "//nav[@class='jump']//a")[0] == "#region-helse-fjordkyst"
    assert len(teams.xpath("//li[contains(@class, 'dir-entry')]")) == 13
    kelderby = teams.xpath("//li[.//a[.='Neurology Outpatients, Kelderby General Hospital']]")[0]
    assert texts(kelderby, ".//dd") == ["Neurology", "Kelderby General Hospital NHS Trust", "2"]


def test_a_team_page_has_its_profile_measures_stories_mentions_and_feed(example_site):
    team = parse(example_site, "teams/kelderby-neurology/")
    assert texts(team, "//aside[@aria-labelledby='team_facts']//dt")[:6] == [
        "Service area", "Organisation", "Region", "Country", "Programme", "In the network since",
    ]
    assert hrefs(team, "//p[@class='subscribe']/a") == [f"{BASE}teams/kelderby-neurology/feed.xml"]
    assert team.xpath("//section[@class='team-measures']//li[@class='sm']")
    stories = team.xpath("//section[@aria-labelledby='team_stories']")[0]
    assert len(stories.xpath(f".//article[{cls('card')}]")) == 2
    mentions = team.xpath("//section[@aria-labelledby='team_articles']")[0]
    assert texts(mentions, f".//*[{cls('card-title')}]") == [
        "Coaching a team, not a project", "What seven months of the national pilot taught us",
    ]


# -- terms -------------------------------------------------------------------------------

def test_an_author_page_lists_issues_edited_then_stories_and_articles(example_site):
    author = parse(example_site, "authors/zoe-hartley/")
    # She edited every issue with Søren Kjærgaard, as the editorials tell.
    assert texts(author, "//main//h2") == ["Issues edited 5", "Team stories 2", "Newsletter articles 2"]
    assert texts(author, "//div[@class='issue-list']//h3") == [
        "Spreading what works", "Who is on the team", "Small teams, big questions", "Small changes, large effects",
        "Starting where the work is",
    ]
    assert texts(author, "//p[@class='lead']") == ["2 stories, 2 articles and 5 issues edited."]
    authors = parse(example_site, "authors/")
    assert "Zoë Hartley 2 articles, 2 stories and 5 issues edited" in texts(authors, "//ul[@class='people']/li")


def test_a_theme_page_asks_its_question_and_offers_the_other_ps(example_site):
    theme = parse(example_site, "themes/processes/")
    assert texts(theme, "//p[@class='lead']") == ["How is the care delivered, step by step, and where does it stall?"]
    assert texts(theme, "//nav[@aria-label='The 5 Ps']//a[@aria-current='page']") == ["Processes"]
    assert len(theme.xpath("//nav[@aria-label='The 5 Ps']//a")) == 5


def test_the_404_page_offers_search_and_ways_back(example_site):
    page = parse(example_site, "404.html")
    assert page.xpath("//form[@action='/network/search/']//input[@name='q']")
    assert texts(page, "//ul[@class='start-links']//a")[:2] == ["Home", "All issues"]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]


# -- cases the example site does not have ------------------------------------------------------

FOOTNOTED = """
    ---
    title: {title}
    date: 2005-0{n}-01
    teams: hull
    ---
    A first paragraph with a note.[^1]

    ## Results

    [^1]: The note.
    """


def test_summaries_with_footnotes_and_repeated_headings_keep_every_id_unique(make_site, tmp_path):
    site = make_site({
        "content/teams/hull.md": TEAM,
        "content/stories/one.md": FOOTNOTED.format(title="One", n=1),
        "content/stories/two.md": FOOTNOTED.format(title="Two", n=2),
        "content/issues/i/issue.md": "---\nnumber: 1\ndate: 2005-06-01\n---\n## Results\n\nEditorial.[^1]\n\n[^1]: A note.\n",
        "content/issues/i/a.md": "---\ntitle: A\n---\nText.[^1]\n\n## Results\n\n[^1]: Note A.\n",
        "content/issues/i/b.md": "---\ntitle: B\n---\nText.[^1]\n\n## Results\n\n[^1]: Note B.\n",
    })
    out = tmp_path / "out"
    assert not run_build(site, out).failed()
    for url in ("stories/", "issues/1/", "teams/hull/", "", "authors/"):
        root = lxml.html.parse(str(out / url / "index.html")).getroot()
        ids = Counter(root.xpath("//@id"))
        assert [i for i, n in ids.items() if n > 1] == [], url
        for target in root.xpath("//a[starts-with(@href, '#')]/@href"):
            assert ids[target[1:]] == 1, f"{url}: {target} goes nowhere"
    issue = lxml.html.parse(str(out / "issues/1/index.html")).getroot()
    # The editorial's note link still reaches its own note, each article's its own.
    assert issue.xpath("//section[@class='editorial']//sup/a/@href") == ["#fn1"]
    assert issue.xpath("//div[contains(@class, 'issue-full')]//sup/a/@href") == ["#a1_fn1", "#a2_fn1"]


@pytest.mark.parametrize("url", ["issues/1/", "issues/1/a/", "stories/s/", "teams/hull/", "tags/x/", "themes/purpose/"])
def test_pages_with_little_in_them_still_build_cleanly(make_site, tmp_path, url):
    """No cover, no editors, no authors, no summary, no region: nothing breaks or dangles."""
    site = make_site({
        "content/teams/hull.md": "---\nname: Hull\n---\n",
        "content/stories/s.md": "---\ntitle: S\ndate: 2005-01-01\nteams: hull\ntags: x\n---\n",
        "content/issues/i/issue.md": "---\nnumber: 1\ndate: 2005-06-01\n---\n",
        "content/issues/i/a.md": "---\ntitle: A\n---\n",
    })
    out = tmp_path / "out"
    result = run_build(site, out)
    assert not result.failed(), [d.format() for d in result.report.sorted()]
    root = lxml.html.parse(str(out / url / "index.html")).getroot()
    body = " ".join(root.xpath("//main")[0].text_content().split())
    assert " ·  · " not in body and "None" not in body and ", ," not in body
