"""Store cleaned articles in batches of whole articles; one that fails costs only itself."""

import logging
from datetime import UTC, datetime
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import StatsCollector

from mali_news.db.crawldb import CrawlDatabase
from mali_news.db.writes import WriteCounts, write_articles
from mali_news.items import ArticleItem
from mali_news.ledger import STORE_FAILED
from mali_news.signals import archive_paused, articles_failed, articles_stored

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, database: CrawlDatabase, batch_size: int, stats: StatsCollector,
                 signals: SignalManager | None = None, record_failures: bool = True) -> None:
        if batch_size < 1:
            raise ValueError(f"MALI_NEWS_STORE_BATCH_SIZE must be 1 or more, not {batch_size}")
        self.database = database
        self.batch_size = batch_size
        self.stats = stats
        self.signals = signals
        # A shared crawl's worker puts a failed page back in the queue first, and records the
        # failure only when it gives up.
        self.record_failures = record_failures
        self.pending: list[ArticleItem] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        pipeline = cls(CrawlDatabase.of(crawler), settings.getint("MALI_NEWS_STORE_BATCH_SIZE"),
                       crawler.stats, crawler.signals,
                       record_failures=not settings.get("MALI_NEWS_REDIS_URL"))
        # Nothing in flight: write what is waiting instead of holding it until the batch fills
        # (a worker of a shared crawl holds its pages' claims until their articles are stored).
        crawler.signals.connect(pipeline.flush, signal=signals.spider_idle)
        # An archive paused (perhaps for an hour): what is fetched is stored now.
        crawler.signals.connect(pipeline.flush, signal=archive_paused)
        return pipeline

    def open_spider(self) -> None:
        # Migrations run now, before the first page, so a bad database stops the crawl at once.
        self.database.sessions  # noqa: B018

    def process_item(self, item: ArticleItem) -> ArticleItem:
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Write what is pending. Never raises: an article that cannot be stored is recorded in
        store_failures (its fetch time is not, so the next crawl fetches it again)."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            self._write(batch)
            return
        except Exception as exc:
            if len(batch) == 1:
                self._failed(batch[0], exc)
                return
            # One bad article must not cost the others: write them one at a time.
            logger.warning("A batch of %d articles failed (%s: %s); storing them one by one",
                           len(batch), type(exc).__name__, exc)
        for item in batch:
            try:
                self._write([item])
            except Exception as exc:
                self._failed(item, exc)

    def _write(self, items: list[ArticleItem]) -> None:
        with self.database.sessions() as session, session.begin():
            counts = write_articles(session, items, datetime.now(UTC))
        self._count(counts)
        if self.signals is not None:
            self.signals.send_catch_log(articles_stored, urls=[item.url for item in items],
                                        sources=[item.source_url for item in items])

    def _failed(self, item: ArticleItem, exc: Exception) -> None:
        error = f"{type(exc).__name__}: {exc}"
        self.stats.inc_value(f"{STORE_FAILED}{type(exc).__name__}")
        logger.error("Could not store %s: %s", item.url, error)
        if self.record_failures:
            self.database.record_failure(item.url, error)
        if self.signals is not None:
            self.signals.send_catch_log(articles_failed, urls=[item.url], sources=[item.source_url],
                                        errors=[error])

    def _count(self, counts: WriteCounts) -> None:
        for key in ("new", "updated", "refreshed", "unchanged", "rendering"):
            self.stats.inc_value(f"mali_news/articles/{key}", getattr(counts, key))
