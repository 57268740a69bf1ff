"""Store cleaned articles through SQLAlchemy, in batches of whole articles."""

import logging
from datetime import UTC, datetime
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import StatsCollector
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mali_news.db.engine import init_db, make_engine
from mali_news.db.writes import WriteCounts, write_articles
from mali_news.items import ArticleItem
from mali_news.signals import articles_stored

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, database_url: str, batch_size: int, stats: StatsCollector,
                 signals: SignalManager | None = None) -> None:
        if batch_size < 1:
            raise ValueError(f"MALI_NEWS_STORE_BATCH_SIZE must be 1 or more, not {batch_size}")
        self.database_url = database_url
        self.batch_size = batch_size
        self.stats = stats
        self.signals = signals
        self.pending: list[ArticleItem] = []
        self.engine: Engine | None = None
        self.sessions: sessionmaker[Session] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        pipeline = cls(settings.get("MALI_NEWS_DATABASE_URL"),
                       settings.getint("MALI_NEWS_STORE_BATCH_SIZE"), crawler.stats,
                       crawler.signals)
        # Nothing in flight: write what is waiting instead of holding it until the batch fills
        # (a worker of a shared crawl holds its pages' claims until their articles are stored).
        crawler.signals.connect(pipeline.flush, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        self.engine = make_engine(self.database_url)
        self.sessions = init_db(self.engine)
        logger.info("Storing articles in %s", self.engine.url.render_as_string(hide_password=True))

    def process_item(self, item: ArticleItem) -> ArticleItem:
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()
        if self.engine is not None:
            self.engine.dispose()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            self._write(batch)
        except SQLAlchemyError as exc:
            # One bad article must not cost the others: write them one at a time.
            logger.warning("Batch of %d articles failed (%s); retrying one by one", len(batch),
                           exc.__class__.__name__)
            for item in batch:
                try:
                    self._write([item])
                except SQLAlchemyError as item_exc:
                    self.stats.inc_value("mali_news/store/failed")
                    logger.error("Could not store %s: %s", item.url, item_exc)

    def _write(self, items: list[ArticleItem]) -> None:
        assert self.sessions is not None, "open_spider() was not called"
        with self.sessions() as session, session.begin():
            counts = write_articles(session, items, datetime.now(UTC))
        self._count(counts)
        if self.signals is not None:
            self.signals.send_catch_log(articles_stored, urls=[item.url for item in items])

    def _count(self, counts: WriteCounts) -> None:
        for key in ("new", "updated", "refreshed", "unchanged"):
            self.stats.inc_value(f"mali_news/articles/{key}", getattr(counts, key))
