"""What discovery found, how far it read the archive's index, and what became of each page."""

import logging
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from mali_news.db import candidates
from mali_news.db.crawldb import CrawlDatabase
from mali_news.errors import LEFT, Dropped
from mali_news.signals import (
    archive_paused,
    articles_failed,
    articles_stored,
    candidate_found,
    listing_progress,
    listings_planned,
    page_left,
)
from mali_news.urls import canonical_url

logger = logging.getLogger(__name__)

# A page left because its archive was out of reach is no outcome: it stays queued for the next run.
LEFT_FOR_NEXT_RUN = frozenset({LEFT})
# The source of a page left out that no discovery route found: the crawl followed a link to it.
LINKS = "links"


class CandidatesExtension:
    """Records each address a discovery route finds (once: a re-run adds only new ones), with
    the capture it named, and the outcome of its page: stored, dropped (with the reason) or
    failed (with the reason); and how far each query of the archive's index was read, in the
    same transactions as the candidates it found. Writes are batched and made when the crawl is
    idle, an archive pauses, or the crawl closes; then what is left for the next run is counted
    (mali_news/candidates/left, mali_news/discovery/listings_left)."""

    def __init__(self, database: CrawlDatabase, stats: StatsCollector, batch_size: int = 500) -> None:
        self.database = database
        self.stats = stats
        self.batch_size = batch_size
        self.known: set[str] | None = None
        self.found: dict[str, candidates.Found] = {}
        self.outcomes: dict[str, tuple[str, str]] = {}
        self.planned: dict[str, dict[str, candidates.ListingState]] = {}
        self.listings: dict[str, candidates.ListingState] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(CrawlDatabase.of(crawler), crawler.stats)
        crawler.signals.connect(ext.candidate_found, signal=candidate_found)
        crawler.signals.connect(ext.listings_planned, signal=listings_planned)
        crawler.signals.connect(ext.listing_progress, signal=listing_progress)
        crawler.signals.connect(ext.page_left, signal=page_left)
        crawler.signals.connect(ext.stored, signal=articles_stored)
        crawler.signals.connect(ext.failed, signal=articles_failed)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.flush, signal=signals.spider_idle)
        crawler.signals.connect(ext.flush, signal=archive_paused)
        # Sent after the pipelines' close_spider: the store's last outcomes are in.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _known(self) -> set[str]:
        if self.known is None:
            with self.database.sessions() as session:
                self.known = candidates.known(session.connection())
        return self.known

    def candidate_found(self, url: str, found_url: str, source: str,
                        capture: dict[str, str] | None = None, why: str = "") -> None:
        known = self._known()
        if url in known or url in self.found:
            self.stats.inc_value("mali_news/candidates/known")
            return
        self.found[url] = candidates.Found(found_url, source, capture, why)
        self.stats.inc_value("mali_news/candidates/found")
        self.stats.inc_value(f"mali_news/candidates/found/{source}")
        self._maybe_flush()

    def listings_planned(self, source: str, planned: dict[str, candidates.ListingState]) -> None:
        self.planned[source] = dict(planned)

    def listing_progress(self, key: str, state: candidates.ListingState) -> None:
        self.listings[key] = state

    def _maybe_flush(self) -> None:
        if len(self.found) + len(self.outcomes) >= self.batch_size:
            self.flush()

    def _outcome(self, keys: list[str], status: str, reason: str = "") -> None:
        if reason in LEFT_FOR_NEXT_RUN:
            return
        for key in dict.fromkeys(keys):
            if key in self.found or key in self._known():
                if self.outcomes.get(key, ("",))[0] != status:
                    self.stats.inc_value(f"mali_news/candidates/{status}")
                self.outcomes[key] = (status, reason)

    def page_left(self, url: str, status: str, reason: str) -> None:
        if reason in LEFT_FOR_NEXT_RUN:
            return
        if status == "followed":
            # A hub read for its links: a candidate that turned out to be one is settled.
            self._outcome([url], "dropped", reason)
            return
        self._left([url], status, reason)

    def _left(self, keys: list[str], status: str, reason: str) -> None:
        """A page left out: one found by following links, not by a route, is recorded too, so that
        `coverage` counts every page the crawl left out by month, as the crawl's summary does."""
        if not any(key in self.found or key in self._known() for key in keys):
            self.found[keys[0]] = candidates.Found(keys[0], LINKS)
        self._outcome(keys, status, reason)
        self._maybe_flush()

    def stored(self, urls: list[str], sources: list[str] | None = None) -> None:
        self._outcome([*urls, *(canonical_url(u) for u in sources or [])], "stored")

    def failed(self, urls: list[str], sources: list[str], errors: list[str]) -> None:
        for url, source, error in zip(urls, sources, errors, strict=False):
            self._left([url, canonical_url(source)], "failed", f"store: {error.split(':')[0]}")

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        reason = exception.reason if isinstance(exception, Dropped) else type(exception).__name__
        keys = [getattr(item, "url", "")] + ([canonical_url(response.url)] if response is not None else [])
        if keys := [key for key in keys if key]:
            self._left(keys, "dropped", reason)

    def flush(self) -> None:
        """Write what is waiting; a database that cannot take it is logged, the crawl goes on."""
        found, outcomes, planned, listings = self.found, self.outcomes, self.planned, self.listings
        if not (found or outcomes or planned or listings):
            return
        self.found, self.outcomes, self.planned, self.listings = {}, {}, {}, {}
        now = datetime.now(UTC)
        try:
            with self.database.sessions() as session, session.begin():
                conn = session.connection()
                for source, states in planned.items():
                    candidates.start_pass(conn, source, states, now)
                candidates.save_listings(conn, listings, now)
                candidates.add(conn, found, now)
                candidates.set_outcomes(conn, ((k, s, r) for k, (s, r) in outcomes.items()), now)
        except Exception as exc:
            self.stats.inc_value(f"mali_news/candidates/not_recorded/{type(exc).__name__}")
            logger.error("Could not record %d candidates and %d outcomes: %s: %s", len(found),
                         len(outcomes), type(exc).__name__, exc)
            return
        self._known().update(found)

    def spider_closed(self) -> None:
        self.flush()
        try:
            with self.database.sessions() as session:
                queued, pending = candidates.left(session.connection())
        except Exception as exc:
            logger.error("Could not count what is left for the next run: %s: %s", type(exc).__name__, exc)
            return
        self.stats.set_value("mali_news/candidates/left", queued)
        self.stats.set_value("mali_news/discovery/listings_left", pending)
