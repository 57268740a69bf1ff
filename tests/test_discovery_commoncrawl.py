"""Common Crawl's indexes as a discovery route: one paged prefix query per crawl and listing."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from mali_news.archives.commoncrawl import DEFAULT_CRAWLS
from mali_news.discovery.commoncrawl import CrawlListing, crawl_listings, listing_start, next_page
from mali_news.discovery.wayback import Listing
from mali_news.reference.topic import DateWindow

LISTING = Listing("www.cnn.com/2013/01/", r"https?://(www\.)?cnn\.com/2013/01/.*mali.*")


@pytest.mark.parametrize(("resume_key", "expected"), [
    ("", None), ("0/4", (0, 4)), ("3/4", (3, 4)), ("4/4", (4, 4)), ("x/4", None), ("3", None),
])
def test_the_resume_key_holds_the_next_page_and_the_page_count(resume_key, expected):
    assert next_page(resume_key) == expected


def test_a_crawl_listing_is_recorded_under_its_crawl_and_read_back():
    listing = CrawlListing("CC-MAIN-2013-20", LISTING)
    assert listing.prefix == "CC-MAIN-2013-20 www.cnn.com/2013/01/"
    assert CrawlListing.of(listing.prefix, LISTING.original_regex) == listing


@pytest.mark.parametrize(("resume_key", "expected"), [
    ("", {"showNumPages": ["true"]}),
    ("0/3", {"page": ["0"]}),
    ("2/3", {"page": ["2"]}),
])
def test_the_page_count_is_asked_first_then_each_page(resume_key, expected):
    built = urlsplit(CrawlListing("CC-MAIN-2013-20", LISTING).url("http://127.0.0.1:1/cc", resume_key))
    assert built.path == "/cc/CC-MAIN-2013-20-index"
    assert parse_qs(built.query) == {
        "url": ["www.cnn.com/2013/01/"], "output": ["json"], "matchType": ["prefix"],
        "filter": [f"~url:{LISTING.original_regex}"], **expected}


@pytest.mark.parametrize(("prefix", "start"), [
    ("www.cnn.com/2013/", date(2013, 1, 1)),
    ("edition.cnn.com/2012/10/", date(2012, 10, 1)),
    ("news.blogs.cnn.com/2012/", date(2012, 1, 1)),
    ("transcripts.cnn.com/TRANSCRIPTS/13", date(2013, 1, 1)),
    ("edition.cnn.com/TRANSCRIPTS/1207/", date(2012, 7, 1)),
    ("www.cnn.com/", None),
    ("www.cnn.com/world/africa/", None),
])
def test_a_listing_covers_the_pages_of_the_year_or_month_its_prefix_names(prefix, start):
    assert listing_start(prefix) == start


def test_each_listing_is_asked_of_every_crawl_that_went_on_past_the_start_of_its_pages():
    y2012, y2013, hub = Listing("www.cnn.com/2012/"), LISTING, Listing("www.cnn.com/world/africa/")
    found = crawl_listings(DEFAULT_CRAWLS, DateWindow("2012-01-01..2013-12-31"), [y2012, y2013, hub])
    # The 2012 crawl ended in July 2012: it cannot hold a page of 2013. Later crawls hold older pages.
    assert found == [CrawlListing("CC-MAIN-2012", y2012), CrawlListing("CC-MAIN-2012", hub)] + [
        CrawlListing(crawl, listing) for crawl in DEFAULT_CRAWLS[1:] for listing in (y2012, y2013, hub)]


@pytest.mark.parametrize(("window", "crawls"), [
    ("2012-01-01..2013-12-31", list(DEFAULT_CRAWLS)),
    ("2013-01-01..2013-12-31", ["CC-MAIN-2013-20", "CC-MAIN-2013-48", "CC-MAIN-2014-10"]),
    ("..2013-12-31", list(DEFAULT_CRAWLS)),
    ("2015-01-01..", []),
])
def test_a_listing_that_names_no_year_is_asked_of_the_crawls_past_the_window_start(window, crawls):
    hub = Listing("www.cnn.com/world/africa/")
    assert crawl_listings(DEFAULT_CRAWLS, DateWindow(window), [hub]) == [CrawlListing(c, hub) for c in crawls]
