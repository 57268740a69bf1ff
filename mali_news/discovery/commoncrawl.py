"""Common Crawl's indexes as a discovery route: the Wayback route's queries over each crawl, paged."""

import re
from dataclasses import dataclass
from datetime import date

from mali_news.archives.commoncrawl import crawl_span, index_url
from mali_news.discovery.wayback import Listing
from mali_news.reference.topic import DateWindow

_RESUME_RE = re.compile(r"^(\d+)/(\d+)$")
# The year (and month) a listing's prefix covers: "host/2013/", "host/2013/01/", "host/TRANSCRIPTS/1301/".
_SPAN_RES = (re.compile(r"/(?P<year>(?:19|20)\d\d)/(?:(?P<month>\d\d)/)?$"),
             re.compile(r"/TRANSCRIPTS/(?P<year>\d\d)(?P<month>\d\d)?/?$"))


@dataclass(frozen=True)
class CrawlListing:
    """One prefix query of one crawl's index. Recorded as a listing whose prefix is
    "<crawl> <prefix>", and whose resume key is "<next page>/<pages>" once the index has said
    how many pages the query has ("" before)."""

    crawl: str
    listing: Listing

    @property
    def prefix(self) -> str:
        return f"{self.crawl} {self.listing.prefix}"

    @classmethod
    def of(cls, prefix: str, original_regex: str) -> "CrawlListing":
        crawl, _, rest = prefix.partition(" ")
        return cls(crawl, Listing(rest, original_regex))

    def url(self, base: str, resume_key: str) -> str:
        """The page count query before the first page; then the page the resume key names."""
        page = next_page(resume_key)
        return index_url(base, self.crawl, self.listing.prefix, "prefix", self.listing.original_regex,
                         page=page[0] if page else None, num_pages=page is None)


def next_page(resume_key: str) -> tuple[int, int] | None:
    """(next page, pages) from a resume key; None before the page count is known."""
    found = _RESUME_RE.match(resume_key or "")
    return (int(found[1]), int(found[2])) if found else None


def listing_start(prefix: str) -> date | None:
    """The first day of the pages a listing's prefix covers; None when it names no year."""
    for pattern in _SPAN_RES:
        if found := pattern.search(prefix):
            year = int(found["year"]) + (2000 if len(found["year"]) == 2 else 0)
            return date(year, int(found["month"] or 1), 1)
    return None


def crawl_listings(crawls: list[str] | tuple[str, ...], window: DateWindow,
                   listings: list[Listing]) -> list[CrawlListing]:
    """The route's queries: each of the Wayback route's queries over each crawl that went on
    past the start of the pages it covers (a later crawl holds earlier pages too; one that
    ended before they were written holds none)."""
    found = []
    for crawl in crawls:
        ended = crawl_span(crawl)[1]
        for listing in listings:
            start = listing_start(listing.prefix) or window.start
            if start is None or ended >= start:
                found.append(CrawlListing(crawl, listing))
    return found
