import itertools
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from mali_news.archives.cdx import parse_cdx
from mali_news.archives.wayback import Snapshot
from mali_news.discovery import parse_routes
from mali_news.discovery.wayback import (
    Listing,
    candidates,
    listings,
    months,
    topic_regex,
    transcript_regex,
)
from mali_news.reference.topic import DateWindow
from tests.helpers import SHARED, needs_shared

PAGING = SHARED / "cnn" / "archive" / "cdx_cnn-com_2001_resumekey-paging.txt"
WINDOW = DateWindow("2012-01-01..2013-12-31")


def interactions() -> list[tuple[str, str]]:
    """(requested URL, answer body) of each recorded exchange."""
    found = []
    for part in PAGING.read_text().split("### interaction ")[1:]:
        lines = part.splitlines()
        url = lines[1].removeprefix("### GET ").strip()
        body = "\n".join(line for line in lines[2:] if not line.startswith("###"))
        found.append((url, body))
    return found


@needs_shared
def test_real_answers_page_on_with_the_resume_key_sent_back_as_the_archive_expects():
    exchanges = interactions()
    assert len(exchanges) == 15
    for (_, body), (next_url, _) in itertools.pairwise(exchanges):
        answer = parse_cdx(body)
        captures, key = answer.captures, answer.resume_key
        assert captures and all(c.original.startswith("http://") for c in captures)
        # Our follow-up request carries the key exactly as the recorded one did.
        listing = Listing("cnn.com")
        ours = parse_qs(urlsplit(listing.url("https://web.archive.org", 25, key)).query)["resumeKey"]
        assert ours == parse_qs(urlsplit(next_url).query)["resumeKey"]
        assert listing.url("https://web.archive.org", 25, key).endswith(
            "resumeKey=" + next_url.split("resumeKey=")[1])
    # The redirect captures (302) are left out.
    assert all(c.timestamp != "20010503181821" for c in parse_cdx(exchanges[1][1]).captures)
    assert parse_cdx(exchanges[-1][1]).resume_key == ""


@pytest.mark.parametrize(("original", "matched"), [
    ("http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", True),
    ("http://edition.cnn.com/2012/04/06/world/africa/mali-azawad-declaration/index.html?hpt=hp_t3", True),
    ("http://www.cnn.com/2013/01/14/world/africa/france-troops/index.html", True),  # the section
    ("http://news.blogs.cnn.com/2013/01/18/ansar-dine-leader-speaks/", True),
    ("http://www.cnn.com/2013/01/14/world/somalia-piracy/index.html", False),  # not "mali"
    ("http://www.cnn.com/2013/01/14/travel/malibu-beaches/index.html", False),
    ("http://www.cnn.com/2013/01/14/world/asia/china-gao-official/index.html", False),
])
def test_the_topic_filter_matches_words_of_the_address(original, matched):
    # Java's String.matches and Python's fullmatch agree on this regex's constructs.
    regex = topic_regex(["Mali", "Malian", "Azawad", "Ansar Dine"], ["world/africa"])
    assert bool(re.fullmatch(regex.removeprefix("(?i)"), original, re.IGNORECASE)) is matched


def test_month_by_month_queries_for_every_host():
    window = DateWindow("2012-11-15..2013-02-01")
    assert months(window) == [(2012, 11), (2012, 12), (2013, 1), (2013, 2)]
    found = listings(window, ["cnn.com", "edition.cnn.com"], ["news.blogs.cnn.com"], ["cnn.com"],
                     "R", transcript_regex(["ampr"]))
    assert [x.prefix for x in found[:4]] == [
        "cnn.com/2012/11/", "edition.cnn.com/2012/11/", "news.blogs.cnn.com/2012/11/",
        "cnn.com/TRANSCRIPTS/1211/"]
    query = parse_qs(urlsplit(found[3].url("https://web.archive.org", 500)).query)
    assert query["matchType"] == ["prefix"] and query["collapse"] == ["urlkey"]
    assert query["filter"] == ["statuscode:200", r"original:(?i).*/TRANSCRIPTS/\d{4}/\d{2}/(?:ampr)\.\d+\.html"]
    assert query["showResumeKey"] == ["true"] and query["output"] == ["json"]
    with pytest.raises(ValueError, match="both ends"):
        months(DateWindow("2012-01-01.."))


def test_candidates_are_stories_posts_and_transcripts_of_the_window_each_once():
    captures = [Snapshot("20130126", "http://www.cnn.com:80/2013/01/25/world/africa/mali-unrest/index.html")] * 2 + [
        Snapshot("20130126", "http://www.cnn.com/video/data/2.0/video/world/2013/01/25/mali.cnn.html"),
        Snapshot("20150101", "http://www.cnn.com/2015/11/20/africa/mali-hotel-attack/index.html"),
        Snapshot("20130118", "http://edition.cnn.com/TRANSCRIPTS/1301/17/cnr.07.html"),
        Snapshot("20130129", "http://news.blogs.cnn.com/2013/01/28/french-led-forces/"),
    ]
    assert [c.original.split("/")[-2] for c in candidates(captures, WINDOW)] == [
        "mali-unrest", "17", "french-led-forces"]


def test_discovery_routes():
    assert parse_routes("links") == {"links"}
    assert parse_routes("sitemaps, wayback") == {"sitemaps", "wayback"}
    assert parse_routes("all") == {"links", "sitemaps", "wayback", "commoncrawl"}
    # The Wayback Machine's route was "archive" before Common Crawl: crontabs that say so still work.
    assert parse_routes("archive,commoncrawl") == parse_routes("wayback,commoncrawl") == {"wayback", "commoncrawl"}
    with pytest.raises(ValueError, match="rss"):
        parse_routes("links,rss")
