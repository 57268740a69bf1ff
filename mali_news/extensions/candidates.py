"""The candidates table: what discovery found this crawl, and what became of each page."""

import logging
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from mali_news.db import candidates
from mali_news.db.crawldb import CrawlDatabase
from mali_news.errors import Dropped
from mali_news.signals import articles_failed, articles_stored, candidate_found, page_left
from mali_news.urls import canonical_url

logger = logging.getLogger(__name__)


class CandidatesExtension:
    """Records each address a discovery route finds (once: a re-run adds only new ones) and
    the outcome of its page: stored, dropped (with the reason) or failed (with the reason).
    Writes are batched and made when the crawl is idle or closes."""

    def __init__(self, database: CrawlDatabase, stats: StatsCollector, batch_size: int = 500) -> None:
        self.database = database
        self.stats = stats
        self.batch_size = batch_size
        self.known: set[str] | None = None
        self.found: dict[str, tuple[str, str]] = {}
        self.outcomes: dict[str, tuple[str, str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(CrawlDatabase.of(crawler), crawler.stats)
        crawler.signals.connect(ext.candidate_found, signal=candidate_found)
        crawler.signals.connect(ext.page_left, signal=page_left)
        crawler.signals.connect(ext.stored, signal=articles_stored)
        crawler.signals.connect(ext.failed, signal=articles_failed)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.flush, signal=signals.spider_idle)
        # Sent after the pipelines' close_spider: the store's last outcomes are in.
        crawler.signals.connect(ext.flush, signal=signals.spider_closed)
        return ext

    def _known(self) -> set[str]:
        if self.known is None:
            with self.database.sessions() as session:
                self.known = candidates.known(session.connection())
        return self.known

    def candidate_found(self, url: str, found_url: str, source: str) -> None:
        known = self._known()
        if url in known or url in self.found:
            self.stats.inc_value("mali_news/candidates/known")
            return
        self.found[url] = (found_url, source)
        self.stats.inc_value("mali_news/candidates/found")
        self.stats.inc_value(f"mali_news/candidates/found/{source}")
        if len(self.found) + len(self.outcomes) >= self.batch_size:
            self.flush()

    def _outcome(self, keys: list[str], status: str, reason: str = "") -> None:
        if not self.found and not self._known():
            return  # nothing was ever discovered: a links crawl writes nothing here
        for key in dict.fromkeys(keys):
            if key in self.found or key in self._known():
                if self.outcomes.get(key, ("",))[0] != status:
                    self.stats.inc_value(f"mali_news/candidates/{status}")
                self.outcomes[key] = (status, reason)

    def page_left(self, url: str, status: str, reason: str) -> None:
        self._outcome([url], status, reason)

    def stored(self, urls: list[str], sources: list[str] | None = None) -> None:
        self._outcome([*urls, *(canonical_url(u) for u in sources or [])], "stored")

    def failed(self, urls: list[str], sources: list[str], errors: list[str]) -> None:
        for url, source, error in zip(urls, sources, errors, strict=False):
            self._outcome([url, canonical_url(source)], "failed", f"store: {error.split(':')[0]}")

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        reason = exception.reason if isinstance(exception, Dropped) else type(exception).__name__
        keys = [getattr(item, "url", "")] + ([canonical_url(response.url)] if response is not None else [])
        self._outcome([key for key in keys if key], "dropped", reason)

    def flush(self) -> None:
        """Write what is waiting; a database that cannot take it is logged, the crawl goes on."""
        found, outcomes = self.found, self.outcomes
        if not found and not outcomes:
            return
        self.found, self.outcomes = {}, {}
        now = datetime.now(UTC)
        try:
            with self.database.sessions() as session, session.begin():
                conn = session.connection()
                candidates.add(conn, found, now)
                candidates.set_outcomes(conn, ((k, s, r) for k, (s, r) in outcomes.items()), now)
        except Exception as exc:
            self.stats.inc_value(f"mali_news/candidates/not_recorded/{type(exc).__name__}")
            logger.error("Could not record %d candidates and %d outcomes: %s: %s", len(found),
                         len(outcomes), type(exc).__name__, exc)
            return
        self._known().update(found)
