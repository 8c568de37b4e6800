"""Our own checks of the W3C feed validator's most common complaints.

No offline copy of the validator exists, so these encode its rules that
feeds most often break: a self link that names the feed itself, ids or
guids present and unique, dates in the format each spec demands with an
explicit zone, summaries and full content, and no relative URL in content.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
_RFC822 = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$")
_URL_ATTR = re.compile(r"""\s(?:href|src)=["']([^"']*)["']""")


def content_urls(html: str) -> list[str]:
    return _URL_ATTR.findall(html)


def relative_urls(html: str) -> list[str]:
    """URLs a feed reader could not resolve: no scheme (mailto: and tel: are fine)."""
    return [u for u in content_urls(html) if not urlsplit(u).scheme]


def _rfc3339(value: str | None) -> bool:
    if not value or not _RFC3339.match(value):
        return False
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def check_atom(data: bytes, feed_url: str) -> list[str]:
    problems = []
    root = ET.fromstring(data)
    if root.tag != f"{ATOM}feed":
        return ["not an Atom feed"]
    selfs = [l.get("href") for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
    if selfs != [feed_url]:
        problems.append(f"self link {selfs} is not {feed_url}")
    if not any(l.get("rel") in (None, "alternate") for l in root.findall(f"{ATOM}link")):
        problems.append("no alternate link")
    for tag in ("id", "title", "updated"):
        if root.find(f"{ATOM}{tag}") is None:
            problems.append(f"feed has no {tag}")
    if not _rfc3339(root.findtext(f"{ATOM}updated")):
        problems.append("feed updated is not RFC 3339 with a zone")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id")
        ids.append(entry_id)
        where = f"entry {entry_id}"
        for tag in ("id", "title", "updated", "published", "summary"):
            if not (entry.findtext(f"{ATOM}{tag}") or "").strip():
                problems.append(f"{where} has no {tag}")
        for tag in ("updated", "published"):
            if not _rfc3339(entry.findtext(f"{ATOM}{tag}")):
                problems.append(f"{where} {tag} is not RFC 3339 with a zone")
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where} has no author and the feed has none")
        content = entry.find(f"{ATOM}content")
        if content is None or content.get("type") != "html" or not (content.text or "").strip():
            problems.append(f"{where} has no html content")
        elif relative_urls(content.text):
            problems.append(f"{where} content has relative URLs {relative_urls(content.text)}")
        alternates = [l.get("href") for l in entry.findall(f"{ATOM}link") if l.get("rel") in (None, "alternate")]
        if len(alternates) != 1 or not urlsplit(alternates[0]).scheme:
            problems.append(f"{where} needs one absolute alternate link")
    if len(ids) != len(set(ids)):
        problems.append("duplicate entry ids")
    return problems


def check_rss(data: bytes, feed_url: str) -> list[str]:
    problems = []
    root = ET.fromstring(data)
    channel = root.find("channel")
    if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
        return ["not an RSS 2.0 feed"]
    for tag in ("title", "link", "description"):
        if not (channel.findtext(tag) or "").strip():
            problems.append(f"channel has no {tag}")
    selfs = [l.get("href") for l in channel.findall(f"{ATOM}link") if l.get("rel") == "self"]
    if selfs != [feed_url]:
        problems.append(f"atom:link self {selfs} is not {feed_url}")
    for tag in ("lastBuildDate", "pubDate"):
        value = channel.findtext(tag)
        if value is not None and not _RFC822.match(value):
            problems.append(f"channel {tag} is not RFC 822 with a numeric zone")
    guids = []
    for item in channel.findall("item"):
        guid = item.findtext("guid")
        guids.append(guid)
        where = f"item {guid}"
        if not guid:
            problems.append("item without guid")
        if not _RFC822.match(item.findtext("pubDate") or ""):
            problems.append(f"{where} pubDate is not RFC 822 with a numeric zone")
        if email.utils.parsedate_to_datetime(item.findtext("pubDate") or "Mon, 01 Jan 2000 00:00:00 +0000") is None:
            problems.append(f"{where} pubDate does not parse")
        for tag in ("title", "link", "description"):
            if not (item.findtext(tag) or "").strip():
                problems.append(f"{where} has no {tag}")
        encoded = item.findtext(f"{CONTENT}encoded")
        if not encoded:
            problems.append(f"{where} has no content:encoded")
        elif relative_urls(encoded):
            problems.append(f"{where} content has relative URLs")
        if item.find("author") is not None and "@" not in (item.findtext("author") or ""):
            problems.append(f"{where} author must be an e-mail address (use dc:creator for names)")
    if len(guids) != len(set(guids)):
        problems.append("duplicate guids")
    return problems


def check_json_feed(data: bytes, feed_url: str) -> list[str]:
    problems = []
    feed = json.loads(data)
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version is not 1.1")
    if feed.get("feed_url") != feed_url:
        problems.append("feed_url is not the feed's own URL")
    if not feed.get("title"):
        problems.append("no title")
    ids = []
    for item in feed.get("items", []):
        ids.append(item.get("id"))
        for key in ("id", "url", "title", "content_html", "date_published"):
            if not item.get(key):
                problems.append(f"item {item.get('id')} has no {key}")
        if not _rfc3339(item.get("date_published")):
            problems.append(f"item {item.get('id')} date_published is not RFC 3339 with a zone")
        if relative_urls(item.get("content_html", "")):
            problems.append(f"item {item.get('id')} content has relative URLs")
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    return problems
