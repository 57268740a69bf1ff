"""The spider's discovery routes: story addresses from CNN's sitemaps and from the archive's index."""

import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from mali_news.archives.cdx import parse_cdx
from mali_news.archives.commoncrawl import IndexAnswer, check_crawls, no_captures, page_count, parse_index
from mali_news.archives.wayback import Snapshot
from mali_news.db import candidates as candidate_db
from mali_news.db.crawldb import CrawlDatabase
from mali_news.discovery import archive, commoncrawl, sitemaps
from mali_news.errors import LEFT, failure_reason
from mali_news.meta import FAILURE
from mali_news.reference.topic import DateWindow, TopicRule
from mali_news.signals import candidate_found, listing_progress, listings_planned
from mali_news.spiders.arguments import CrawlArguments
from mali_news.urls import canonical_url, url_kind

logger = logging.getLogger(__name__)

# Request meta: which route a sitemap, robots.txt or index page belongs to, and where the index
# query whose page it is stands (a ListingState).
ROUTE = "mali_news_discovery_route"
LISTING = "mali_news_discovery_listing"
# How often a page of the index has been asked again after a failure that was not a timeout.
LISTING_TRIES = "mali_news_discovery_tries"
# Failures of a page of the index that are asked again before the query is recorded failed.
LISTING_RETRIES = 2


class DiscoveryMixin:
    """Requests for the routes named by -a discover (sitemaps, archive) and the callbacks that
    read their answers into candidate requests. A candidate is a start point (hops 0) that the
    topic rule and date window still judge on the page itself. What a route found and how far
    it read the archive's index are kept in the corpus, so a run that stops is finished by the
    next one: candidates not yet fetched are fetched, index queries read on from their resume
    key, and candidates already stored or dropped are not fetched again."""

    crawler: Crawler
    args: CrawlArguments
    wayback_url: str
    _request: Callable[..., Request | None]

    def discovery_requests(self) -> Iterator[Request]:
        settings = self.crawler.settings
        routes = self.args.routes or frozenset()
        discovered = routes & {"sitemaps", "archive", "commoncrawl"}
        if not discovered:
            return
        with CrawlDatabase.of(self.crawler).sessions() as session:
            conn = session.connection()
            self.settled = candidate_db.settled(conn)
            queued = candidate_db.queued(conn, discovered)
            pending = {source: candidate_db.pending_listings(conn, source)
                       for source in ("archive", "commoncrawl") if source in routes}
        if "sitemaps" in routes:
            listed = settings.getlist("MALI_NEWS_SITEMAP_URLS")
            for url in listed or settings.getlist("MALI_NEWS_SITEMAP_ROBOTS"):
                yield self._step(url, self.parse_sitemap if listed else self.parse_robots, "sitemaps")
        if "archive" in routes:
            yield from self._archive_listings(pending["archive"])
        if "commoncrawl" in routes:
            yield from self._commoncrawl_listings(pending["commoncrawl"])
        if queued:
            logger.info("%d candidates an earlier run found and did not fetch are fetched now", len(queued))
        for _key, found in queued:
            spec = (self._archive_fetch(found.capture) if found.source == "archive"
                    else self._commoncrawl_fetch(found.capture) if found.source == "commoncrawl"
                    else self.args.wayback())
            if request := self._request(found.found_url, hops=0, wayback=spec, discovered=found.source,
                                        why=found.why):
                yield request

    def _archive_listings(self, pending: list[candidate_db.ListingState]) -> Iterator[Request]:
        if pending:
            logger.info("Reading on %d queries of the archive's index that an earlier run left unread",
                        len(pending))
            for state in pending:
                yield self._listing_request(state)
            return
        planned = {listing.key: candidate_db.ListingState("archive", listing.prefix, listing.original_regex)
                   for listing in self._listings()}
        self.crawler.signals.send_catch_log(listings_planned, source="archive", planned=planned)
        for state in planned.values():
            yield self._listing_request(state)

    def _commoncrawl_listings(self, pending: list[candidate_db.ListingState]) -> Iterator[Request]:
        if pending:
            logger.info("Reading on %d queries of Common Crawl's indexes that an earlier run left unread",
                        len(pending))
            for state in pending:
                yield self._commoncrawl_listing_request(state)
            return
        crawls = check_crawls(self.crawler.settings.getlist("MALI_NEWS_COMMONCRAWL_CRAWLS"))
        planned = {}
        for found in commoncrawl.crawl_listings(crawls, self._window(), self._listings()):
            state = candidate_db.ListingState("commoncrawl", found.prefix, found.listing.original_regex)
            planned[archive.Listing(state.prefix, state.original_regex).key] = state
        self.crawler.signals.send_catch_log(listings_planned, source="commoncrawl", planned=planned)
        for state in planned.values():
            yield self._commoncrawl_listing_request(state)

    def _window(self) -> DateWindow:
        return DateWindow(self.crawler.settings.get("MALI_NEWS_DATE_RANGE"))

    def _listings(self) -> list[archive.Listing]:
        settings = self.crawler.settings
        words = settings.getlist("MALI_NEWS_TOPIC_STRONG")
        sections = settings.getlist("MALI_NEWS_DISCOVERY_SECTIONS")
        return archive.listings(
            self._window(), settings.getlist("MALI_NEWS_ARCHIVE_STORY_HOSTS"),
            settings.getlist("MALI_NEWS_ARCHIVE_BLOG_HOSTS"),
            settings.getlist("MALI_NEWS_ARCHIVE_TRANSCRIPT_HOSTS"),
            archive.topic_regex(words, sections),
            archive.transcript_regex(settings.getlist("MALI_NEWS_ARCHIVE_TRANSCRIPT_SHOWS")))

    def _candidate_rule(self) -> sitemaps.CandidateRule:
        settings = self.crawler.settings
        return sitemaps.CandidateRule(TopicRule.from_settings(settings).strong_re,
                                      settings.getlist("MALI_NEWS_DISCOVERY_SECTIONS"), self._window())

    def _archive_fetch(self, capture: dict[str, Any] | None) -> dict[str, Any]:
        """The capture the index named; the one nearest -a wayback_date when it was given. Read
        from the archives of -a source in their order, then the Wayback Machine."""
        archives = self.args.archives_with("wayback")
        if self.args.wayback_date:
            return {"date": self.args.wayback_date, "archives": archives}
        return {**(capture or {"date": ""}), "archives": archives}

    def _commoncrawl_fetch(self, record: dict[str, Any] | None) -> dict[str, Any]:
        """The record a crawl's index named (fetched at once when Common Crawl's turn comes; the
        other archives are asked for the story's first capture); the captures nearest -a
        wayback_date when it was given."""
        archives = self.args.archives_with("commoncrawl")
        named = {"record": record} if record and not self.args.wayback_date else {}
        return {"date": self.args.wayback_date, "archives": archives, **named}

    def _step(self, url: str, callback: Callable[[Response], Any], route: str,
              extra: dict[str, Any] | None = None, again: bool = False) -> Request:
        return Request(url, callback=callback, errback=self.on_discovery_error,
                       meta={ROUTE: route, **(extra or {})}, dont_filter=again)

    def _listing_request(self, state: candidate_db.ListingState, tries: int = 0) -> Request:
        settings = self.crawler.settings
        listing = archive.Listing(state.prefix, state.original_regex)
        # A wide query may take long on the real index: past this, narrower ones replace it.
        return self._step(listing.url(self.wayback_url, settings.getint("MALI_NEWS_ARCHIVE_PAGE_SIZE"),
                                      state.resume_key),
                          self.parse_archive_listing, "archive",
                          {LISTING: state, LISTING_TRIES: tries, "max_retry_times": 0,
                           "download_timeout": settings.getfloat("MALI_NEWS_ARCHIVE_INDEX_TIMEOUT")},
                          again=tries > 0)

    def _progress(self, state: candidate_db.ListingState) -> None:
        key = archive.Listing(state.prefix, state.original_regex).key
        self.crawler.signals.send_catch_log(listing_progress, key=key, state=state)

    def _candidate(self, url: str, route: str, wayback: dict[str, str] | None, why: str,
                   capture: dict[str, str] | None = None) -> Iterator[Request]:
        key = canonical_url(url)
        self.crawler.signals.send_catch_log(candidate_found, url=key, found_url=url, source=route,
                                            capture=capture, why=why)
        if key in getattr(self, "settled", ()):
            return  # stored or dropped by an earlier run
        request = self._request(url, hops=0, wayback=wayback, discovered=route, why=why)
        if request is not None:
            yield request

    def _count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"mali_news/discovery/{key}", n)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        found = sitemaps.from_robots(response.body, response.url)
        if not found:
            self._count("sitemaps/robots_without_sitemaps")
            logger.warning("robots.txt at %s names no sitemap", response.url)
        for url in found:
            yield self._step(url, self.parse_sitemap, "sitemaps")

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            body = sitemaps.sitemap_body(response.body, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            kind, found = sitemaps.read(body)
        except (ValueError, OSError, EOFError) as exc:
            self._count("sitemaps/unreadable")
            logger.error("Not a readable sitemap, skipped: %s (%s)", response.url, exc)
            return
        self._count("sitemaps/read")
        window = self._window()
        if kind == "sitemapindex":
            for entry in sitemaps.entries(found):
                if sitemaps.wanted_sitemap(entry.loc, window):
                    yield self._step(entry.loc, self.parse_sitemap, "sitemaps")
                else:
                    self._count("sitemaps/outside_window")
            return
        rule = self._candidate_rule()
        for entry in sitemaps.entries(found):
            why = rule.why(entry)
            self._count(f"sitemaps/candidates/{why}" if why else "sitemaps/not_candidates")
            if why:
                yield from self._candidate(entry.loc, "sitemaps", self.args.wayback(), why)

    def parse_archive_listing(self, response: Response) -> Iterator[Request]:
        state: candidate_db.ListingState = replace(response.meta[LISTING])
        try:
            answer = parse_cdx(response.text)
        except (ValueError, AttributeError) as exc:
            self._count("archive/unreadable")
            logger.error("The archive's index answer for %s is not CDX: %s (%s)", state.prefix, exc,
                         response.url)
            self._progress(replace(state, status="failed", reason="unreadable"))
            return
        if answer.malformed:
            self._count("archive/malformed_rows", answer.malformed)
            logger.warning("Skipped %d malformed rows of the archive's index answer for %s (%s)",
                           answer.malformed, state.prefix, response.url)
        self._count("archive/pages")
        found = list(archive.candidates(answer.captures, self._window()))
        self._count("archive/candidates", len(found))
        logger.debug("The archive's index lists %d candidates under %s", len(found), state.prefix)
        rule = self._candidate_rule()
        for capture in found:
            why = rule.why(sitemaps.Entry(capture.original)) or (
                "show" if url_kind(capture.original) == "transcript" else "index")
            spec = {"timestamp": capture.timestamp}
            yield from self._candidate(capture.original, "archive", self._archive_fetch(spec), why, spec)
        state = replace(state, pages=state.pages + 1, found=state.found + len(found),
                        resume_key=answer.resume_key, status="pending" if answer.resume_key else "done")
        self._progress(state)
        if answer.resume_key:
            yield self._listing_request(state)

    def _commoncrawl_listing_request(self, state: candidate_db.ListingState, tries: int = 0) -> Request:
        settings = self.crawler.settings
        listing = commoncrawl.CrawlListing.of(state.prefix, state.original_regex)
        # "No Captures found" is a 404 with a JSON message: an empty answer, not a failure.
        return self._step(listing.url(settings.get("MALI_NEWS_COMMONCRAWL_INDEX_URL"), state.resume_key),
                          self.parse_commoncrawl_listing, "commoncrawl",
                          {LISTING: state, LISTING_TRIES: tries, "max_retry_times": 0,
                           "handle_httpstatus_list": [404],
                           "download_timeout": settings.getfloat("MALI_NEWS_ARCHIVE_INDEX_TIMEOUT")},
                          again=tries > 0)

    def parse_commoncrawl_listing(self, response: Response) -> Iterator[Request]:
        state: candidate_db.ListingState = replace(response.meta[LISTING])
        listing = commoncrawl.CrawlListing.of(state.prefix, state.original_regex)
        text = response.body.decode("utf-8", "replace")
        empty = no_captures(response.status, text)
        if response.status != 200 and not empty:
            yield from self._listing_failed(state, f"http_{response.status}", response.url,
                                            response.meta.get(LISTING_TRIES, 0))
            return
        page = commoncrawl.next_page(state.resume_key)
        try:
            pages = (0 if empty else page_count(text)) if page is None else page[1]
            answer = IndexAnswer() if empty or page is None else parse_index(text, listing.crawl)
        except ValueError as exc:
            self._count("commoncrawl/unreadable")
            logger.error("Common Crawl's %s index answer for %s cannot be read: %s (%s)", listing.crawl,
                         listing.listing.prefix, exc, response.url)
            self._progress(replace(state, status="failed", reason="unreadable"))
            return
        if answer.malformed:
            self._count("commoncrawl/malformed_lines", answer.malformed)
            logger.warning("Skipped %d malformed lines of Common Crawl's %s index answer for %s (%s)",
                           answer.malformed, listing.crawl, listing.listing.prefix, response.url)
        number = -1 if page is None else page[0]
        found: list[Snapshot] = []
        if page is not None:
            self._count("commoncrawl/pages")
            records = {(r.timestamp, r.url): r for r in answer.records
                       if r.status == "200" and r.mime != "warc/revisit"}
            found = list(archive.candidates([Snapshot(*key) for key in records], self._window()))
            self._count("commoncrawl/candidates", len(found))
            rule = self._candidate_rule()
            for capture in found:
                why = rule.why(sitemaps.Entry(capture.original)) or (
                    "show" if url_kind(capture.original) == "transcript" else "index")
                record = records[(capture.timestamp, capture.original)].as_meta()
                yield from self._candidate(capture.original, "commoncrawl", self._commoncrawl_fetch(record),
                                           why, record)
        more = number + 1 < pages
        state = replace(state, pages=state.pages + (page is not None), found=state.found + len(found),
                        resume_key=f"{number + 1}/{pages}" if more else "",
                        status="pending" if more else "done")
        self._progress(state)
        if more:
            yield self._commoncrawl_listing_request(state)

    def _listing_failed(self, state: candidate_db.ListingState, reason: str, url: str,
                        tries: int = 0) -> Iterator[Request]:
        """A page of a Common Crawl index query that failed: asked again, then recorded failed."""
        self._count(f"commoncrawl/failed/{reason}")
        if tries < LISTING_RETRIES:
            yield self._commoncrawl_listing_request(state, tries + 1)
            return
        logger.error("Discovery (commoncrawl): gave up reading the index under %s: %s (%s)",
                     state.prefix, reason, url)
        self._progress(replace(state, status="failed", reason=reason))

    def on_discovery_error(self, failure: Failure) -> Iterator[Request]:
        request = failure.request
        route = request.meta.get(ROUTE, "discovery")
        reason = request.meta.get(FAILURE) or failure_reason(failure)
        state: candidate_db.ListingState | None = request.meta.get(LISTING)
        if reason == LEFT:
            return  # the archive was out of reach: the query stays pending for the next run
        if state is not None and state.source == "commoncrawl":
            yield from self._listing_failed(state, reason, request.url, request.meta.get(LISTING_TRIES, 0))
            return
        self._count(f"{route}/failed/{reason}")
        if state is None:
            logger.error("Discovery (%s): could not read %s: %s", route, request.url, reason)
            return
        narrower = archive.Listing(state.prefix, state.original_regex).narrower(self._window())
        tries = request.meta.get(LISTING_TRIES, 0)
        if reason == "timeout" and narrower:
            logger.warning("The archive's index took too long over %s: asking it about %d narrower spans",
                           state.prefix, len(narrower))
            self._count("archive/narrowed")
            self._progress(replace(state, status="narrowed", reason="timeout"))
            for listing in narrower:
                narrow = candidate_db.ListingState(state.source, listing.prefix, listing.original_regex)
                self._progress(narrow)
                yield self._listing_request(narrow)
        elif reason != "timeout" and tries < LISTING_RETRIES:
            yield self._listing_request(state, tries + 1)
        else:
            logger.error("Discovery (archive): gave up reading the index under %s: %s", state.prefix, reason)
            self._progress(replace(state, status="failed", reason=reason))
