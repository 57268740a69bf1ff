"""The discovery routes as strategies: each makes its first requests, reads its answers, meets failure."""

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from typing import Any, ClassVar, Protocol

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from mali_news.archives.cdx import parse_cdx
from mali_news.archives.commoncrawl import (
    IndexAnswer,
    Record,
    check_crawls,
    no_captures,
    page_count,
    parse_index,
)
from mali_news.archives.wayback import Snapshot
from mali_news.db.candidates import ListingState
from mali_news.discovery import commoncrawl, sitemaps, wayback
from mali_news.meta import DISCOVERY_ROUTE
from mali_news.reference.topic import DateWindow, TopicRule
from mali_news.signals import candidate_found, listing_progress, listings_planned
from mali_news.urls import canonical_url, url_kind

logger = logging.getLogger(__name__)

# Request meta: where the index query whose page it is stands (a ListingState).
LISTING = "mali_news_discovery_listing"
# How often a page of an index has been asked again after a failure.
LISTING_TRIES = "mali_news_discovery_tries"
# Failures of a page of an index that are asked again before the query is recorded failed.
LISTING_RETRIES = 2
# robots.txt and a sitemap are both read by the sitemaps route.
_SITEMAP_KIND = "mali_news_discovery_sitemap_kind"


class Crawl(Protocol):
    """What a route needs of the spider that runs it."""

    crawler: Crawler
    args: Any
    settled: set[str]

    def _request(self, url: str, hops: int, *, wayback: dict[str, Any] | None = ...,
                 discovered: str = ..., why: str = ...) -> Request | None: ...

    def parse_discovery(self, response: Response) -> Iterator[Request]: ...

    def on_discovery_error(self, failure: Any) -> Iterator[Request]: ...


class Route(ABC):
    """A discovery route: its first requests (or those an earlier run left pending), how it
    reads a page of answers into candidates, and what it does when a page fails."""

    name: ClassVar[str]

    def __init__(self, crawl: Crawl) -> None:
        self.crawl = crawl
        self.settings = crawl.crawler.settings
        self.window = DateWindow(self.settings.get("MALI_NEWS_DATE_RANGE"))
        self.rule = sitemaps.CandidateRule(TopicRule.from_settings(self.settings).strong_re,
                                           self.settings.getlist("MALI_NEWS_DISCOVERY_SECTIONS"), self.window)

    @abstractmethod
    def first_requests(self, pending: list[ListingState]) -> Iterator[Request]: ...

    @abstractmethod
    def read(self, response: Response) -> Iterator[Request]: ...

    def failed(self, request: Request, reason: str) -> Iterator[Request]:
        """A page of the route that could not be read: counted and logged."""
        self.count(f"failed/{reason}")
        logger.error("Discovery (%s): could not read %s: %s", self.name, request.url, reason)
        return iter(())

    def fetch(self, capture: Any) -> dict[str, Any] | None:
        """How a candidate this route found is fetched (its ARCHIVE_REQUEST)."""
        return self.crawl.args.wayback()

    def count(self, key: str, n: int = 1) -> None:
        self.crawl.crawler.stats.inc_value(f"mali_news/discovery/{self.name}/{key}", n)

    def step(self, url: str, extra: dict[str, Any] | None = None, again: bool = False) -> Request:
        return Request(url, callback=self.crawl.parse_discovery, errback=self.crawl.on_discovery_error,
                       meta={DISCOVERY_ROUTE: self.name, **(extra or {})}, dont_filter=again)

    def why(self, original: str) -> str:
        """Why a capture an index listed is a candidate: the rule's reason, else its kind's."""
        kind = "show" if url_kind(original) == "transcript" else "index"
        return self.rule.why(sitemaps.Entry(original)) or kind

    def candidate(self, url: str, why: str, capture: Any = None) -> Iterator[Request]:
        key = canonical_url(url)
        stored = asdict(capture) if isinstance(capture, Record) else capture
        self.crawl.crawler.signals.send_catch_log(candidate_found, url=key, found_url=url, source=self.name,
                                                  capture=stored, why=why)
        if key in self.crawl.settled:
            return  # stored or dropped by an earlier run
        request = self.crawl._request(url, hops=0, wayback=self.fetch(capture), discovered=self.name, why=why)
        if request is not None:
            yield request


class SitemapsRoute(Route):
    """CNN's sitemaps, from robots.txt or the addresses the settings list."""

    name = "sitemaps"

    def first_requests(self, pending: list[ListingState]) -> Iterator[Request]:
        listed = self.settings.getlist("MALI_NEWS_SITEMAP_URLS")
        for url in listed or self.settings.getlist("MALI_NEWS_SITEMAP_ROBOTS"):
            yield self.step(url, {_SITEMAP_KIND: "sitemap" if listed else "robots"})

    def read(self, response: Response) -> Iterator[Request]:
        if response.meta.get(_SITEMAP_KIND) == "robots":
            yield from self._robots(response)
        else:
            yield from self._sitemap(response)

    def _robots(self, response: Response) -> Iterator[Request]:
        found = sitemaps.from_robots(response.body, response.url)
        if not found:
            self.count("robots_without_sitemaps")
            logger.warning("robots.txt at %s names no sitemap", response.url)
        for url in found:
            yield self.step(url, {_SITEMAP_KIND: "sitemap"})

    def _sitemap(self, response: Response) -> Iterator[Request]:
        try:
            body = sitemaps.sitemap_body(response.body, self.settings.getint("DOWNLOAD_MAXSIZE"))
            kind, found = sitemaps.read(body)
        except (ValueError, OSError, EOFError) as exc:
            self.count("unreadable")
            logger.error("Not a readable sitemap, skipped: %s (%s)", response.url, exc)
            return
        self.count("read")
        if kind == "sitemapindex":
            for entry in sitemaps.entries(found):
                if sitemaps.wanted_sitemap(entry.loc, self.window):
                    yield self.step(entry.loc, {_SITEMAP_KIND: "sitemap"})
                else:
                    self.count("outside_window")
            return
        for entry in sitemaps.entries(found):
            why = self.rule.why(entry)
            self.count(f"candidates/{why}" if why else "not_candidates")
            if why:
                yield from self.candidate(entry.loc, why)


class ListingRoute(Route):
    """A route that reads an archive's index by prefix queries, page by page, and keeps how far
    each query was read (discovery_listings), so that the next run reads on from there."""

    # What a log line calls the index.
    index_title: ClassVar[str]

    def first_requests(self, pending: list[ListingState]) -> Iterator[Request]:
        if pending:
            logger.info("Reading on %d queries of %s that an earlier run left unread", len(pending),
                        self.index_title)
            for state in pending:
                yield self.listing_request(state)
            return
        planned = self.plan()
        self.crawl.crawler.signals.send_catch_log(listings_planned, source=self.name, planned=planned)
        for state in planned.values():
            yield self.listing_request(state)

    @abstractmethod
    def plan(self) -> dict[str, ListingState]: ...

    @abstractmethod
    def listing_url(self, state: ListingState) -> str: ...

    def listings(self) -> list[wayback.Listing]:
        settings = self.settings
        return wayback.listings(
            self.window, settings.getlist("MALI_NEWS_ARCHIVE_STORY_HOSTS"),
            settings.getlist("MALI_NEWS_ARCHIVE_BLOG_HOSTS"),
            settings.getlist("MALI_NEWS_ARCHIVE_TRANSCRIPT_HOSTS"),
            wayback.topic_regex(settings.getlist("MALI_NEWS_TOPIC_STRONG"),
                                settings.getlist("MALI_NEWS_DISCOVERY_SECTIONS")),
            wayback.transcript_regex(settings.getlist("MALI_NEWS_ARCHIVE_TRANSCRIPT_SHOWS")))

    def listing_request(self, state: ListingState, tries: int = 0,
                        extra: dict[str, Any] | None = None) -> Request:
        # A wide query may take long on the real index: past this, narrower ones replace it.
        return self.step(self.listing_url(state),
                         {LISTING: state, LISTING_TRIES: tries, "max_retry_times": 0,
                          "download_timeout": self.settings.getfloat("MALI_NEWS_ARCHIVE_INDEX_TIMEOUT"),
                          **(extra or {})}, again=tries > 0)

    def progress(self, state: ListingState) -> None:
        key = wayback.Listing(state.prefix, state.original_regex).key
        self.crawl.crawler.signals.send_catch_log(listing_progress, key=key, state=state)

    def unreadable(self, state: ListingState, what: str, exc: Exception, url: str) -> None:
        self.count("unreadable")
        logger.error("%s for %s cannot be read: %s (%s)", what, state.prefix, exc, url)
        self.progress(replace(state, status="failed", reason="unreadable"))

    def failed(self, request: Request, reason: str) -> Iterator[Request]:
        state: ListingState | None = request.meta.get(LISTING)
        if state is None:
            return super().failed(request, reason)
        return self.listing_failed(state, reason, request.url, request.meta.get(LISTING_TRIES, 0))

    def listing_failed(self, state: ListingState, reason: str, url: str, tries: int) -> Iterator[Request]:
        """A page of a query that failed: asked again, then recorded failed."""
        self.count(f"failed/{reason}")
        if tries < LISTING_RETRIES:
            yield self.listing_request(state, tries + 1)
            return
        logger.error("Discovery (%s): gave up reading the index under %s: %s (%s)", self.name, state.prefix,
                     reason, url)
        self.progress(replace(state, status="failed", reason=reason))


class WaybackRoute(ListingRoute):
    """The Wayback Machine's CDX index, a prefix query a month, read on by its resume key."""

    name = "wayback"
    index_title = "the Wayback Machine's index"

    def plan(self) -> dict[str, ListingState]:
        return {listing.key: ListingState(self.name, listing.prefix, listing.original_regex)
                for listing in self.listings()}

    def listing_url(self, state: ListingState) -> str:
        return wayback.Listing(state.prefix, state.original_regex).url(
            self.settings.get("MALI_NEWS_WAYBACK_URL"), self.settings.getint("MALI_NEWS_ARCHIVE_PAGE_SIZE"),
            state.resume_key)

    def fetch(self, capture: dict[str, Any] | None) -> dict[str, Any]:
        """The capture the index named; the one nearest -a wayback_date when it was given. Read
        from the archives of -a source in their order, then the Wayback Machine."""
        args = self.crawl.args
        archives = args.archives_with(self.name)
        if args.wayback_date:
            return {"date": args.wayback_date, "archives": archives}
        return {**(capture or {"date": ""}), "archives": archives}

    def read(self, response: Response) -> Iterator[Request]:
        state: ListingState = replace(response.meta[LISTING])
        try:
            answer = parse_cdx(response.text)
        except (ValueError, AttributeError) as exc:
            self.unreadable(state, "The Wayback Machine's index answer", exc, response.url)
            return
        if answer.malformed:
            self.count("malformed_rows", answer.malformed)
            logger.warning("Skipped %d malformed rows of the archive's index answer for %s (%s)",
                           answer.malformed, state.prefix, response.url)
        self.count("pages")
        found = list(wayback.candidates(answer.captures, self.window))
        self.count("candidates", len(found))
        for capture in found:
            spec = {"timestamp": capture.timestamp}
            yield from self.candidate(capture.original, self.why(capture.original), spec)
        state = replace(state, pages=state.pages + 1, found=state.found + len(found),
                        resume_key=answer.resume_key, status="pending" if answer.resume_key else "done")
        self.progress(state)
        if answer.resume_key:
            yield self.listing_request(state)

    def listing_failed(self, state: ListingState, reason: str, url: str, tries: int) -> Iterator[Request]:
        """A query that took too long is replaced by narrower ones; other failures are asked again."""
        narrower = wayback.Listing(state.prefix, state.original_regex).narrower(self.window)
        if reason != "timeout" or not narrower:
            # A timeout that cannot be narrowed is not asked again: it would take as long.
            tries = tries if reason != "timeout" else LISTING_RETRIES
            yield from super().listing_failed(state, reason, url, tries)
            return
        self.count(f"failed/{reason}")
        logger.warning("The archive's index took too long over %s: asking it about %d narrower spans",
                       state.prefix, len(narrower))
        self.count("narrowed")
        self.progress(replace(state, status="narrowed", reason="timeout"))
        for listing in narrower:
            narrow = ListingState(state.source, listing.prefix, listing.original_regex)
            self.progress(narrow)
            yield self.listing_request(narrow)


class CommonCrawlRoute(ListingRoute):
    """The URL indexes of Common Crawl's crawls, each query read page by page."""

    name = "commoncrawl"
    index_title = "Common Crawl's indexes"

    def plan(self) -> dict[str, ListingState]:
        crawls = check_crawls(self.settings.getlist("MALI_NEWS_COMMONCRAWL_CRAWLS"))
        planned = {}
        for found in commoncrawl.crawl_listings(crawls, self.window, self.listings()):
            state = ListingState(self.name, found.prefix, found.listing.original_regex)
            planned[wayback.Listing(state.prefix, state.original_regex).key] = state
        return planned

    def listing_url(self, state: ListingState) -> str:
        listing = commoncrawl.CrawlListing.of(state.prefix, state.original_regex)
        return listing.url(self.settings.get("MALI_NEWS_COMMONCRAWL_INDEX_URL"), state.resume_key)

    def listing_request(self, state: ListingState, tries: int = 0,
                        extra: dict[str, Any] | None = None) -> Request:
        # "No Captures found" is a 404 with a JSON message: an empty answer, not a failure.
        return super().listing_request(state, tries, {"handle_httpstatus_list": [404], **(extra or {})})

    def fetch(self, capture: Record | dict[str, Any] | None) -> dict[str, Any]:
        """The record a crawl's index named (fetched at once when Common Crawl's turn comes; the
        other archives are asked for the story's first capture); the captures nearest -a
        wayback_date when it was given."""
        args = self.crawl.args
        record = Record(**capture) if isinstance(capture, dict) else capture
        named = {"record": record} if record is not None and not args.wayback_date else {}
        return {"date": args.wayback_date, "archives": args.archives_with(self.name), **named}

    def read(self, response: Response) -> Iterator[Request]:
        state: ListingState = replace(response.meta[LISTING])
        listing = commoncrawl.CrawlListing.of(state.prefix, state.original_regex)
        text = response.body.decode("utf-8", "replace")
        empty = no_captures(response.status, text)
        if response.status != 200 and not empty:
            yield from self.listing_failed(state, f"http_{response.status}", response.url,
                                           response.meta.get(LISTING_TRIES, 0))
            return
        page = commoncrawl.next_page(state.resume_key)
        try:
            pages = (0 if empty else page_count(text)) if page is None else page[1]
            answer = IndexAnswer() if empty or page is None else parse_index(text, listing.crawl)
        except ValueError as exc:
            self.unreadable(state, f"Common Crawl's {listing.crawl} index answer", exc, response.url)
            return
        if answer.malformed:
            self.count("malformed_lines", answer.malformed)
            logger.warning("Skipped %d malformed lines of Common Crawl's %s index answer for %s (%s)",
                           answer.malformed, listing.crawl, listing.listing.prefix, response.url)
        number = -1 if page is None else page[0]
        found: list[Snapshot] = []
        if page is not None:
            self.count("pages")
            records = {(r.timestamp, r.url): r for r in answer.records
                       if r.status == "200" and r.mime != "warc/revisit"}
            found = list(wayback.candidates([Snapshot(*key) for key in records], self.window))
            self.count("candidates", len(found))
            for capture in found:
                record = records[(capture.timestamp, capture.original)]
                yield from self.candidate(capture.original, self.why(capture.original), record)
        more = number + 1 < pages
        state = replace(state, pages=state.pages + (page is not None), found=state.found + len(found),
                        resume_key=f"{number + 1}/{pages}" if more else "",
                        status="pending" if more else "done")
        self.progress(state)
        if more:
            yield self.listing_request(state)


ROUTES: dict[str, Callable[[Crawl], Route]] = {
    route.name: route for route in (SitemapsRoute, WaybackRoute, CommonCrawlRoute)}
