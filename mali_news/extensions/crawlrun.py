"""Record each crawl in the crawl_runs table: when, how it ended, and what it produced."""

import json
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from sqlalchemy import update

from mali_news.db.crawldb import CrawlDatabase
from mali_news.db.models import CrawlRun


def _jsonable(stats: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(stats, default=str))


class CrawlRunExtension:
    def __init__(self, database: CrawlDatabase, stats: StatsCollector) -> None:
        self.database = database
        self.stats = stats
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(CrawlDatabase.of(crawler), crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        with self.database.sessions() as session, session.begin():
            run = CrawlRun(spider=spider.name, started_at=datetime.now(UTC))
            session.add(run)
            session.flush()
            self.run_id = self.database.run_id = run.id

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is None:
            return
        stats = self.stats.get_stats()
        values = {
            "finished_at": datetime.now(UTC),
            "finish_reason": reason,
            "pages_fetched": stats.get("response_received_count", 0),
            "articles_new": stats.get("mali_news/articles/new", 0),
            "articles_updated": stats.get("mali_news/articles/updated", 0),
            "articles_unchanged": (stats.get("mali_news/articles/unchanged", 0)
                                   + stats.get("mali_news/articles/refreshed", 0)),
            "pages_skipped": stats.get("mali_news/skipped/recent", 0),
            "items_dropped": stats.get("item_dropped_count", 0),
            "dropped": {k.removeprefix("mali_news/dropped/"): v for k, v in stats.items()
                        if k.startswith("mali_news/dropped/")},
            "errors": sum(v for k, v in stats.items()
                          if k.startswith(("mali_news/errors/", "mali_news/store/failed"))),
            "failed": {k.removeprefix("mali_news/errors/"): v for k, v in stats.items()
                       if k.startswith("mali_news/errors/")},
            "stats": _jsonable(stats),
        }
        with self.database.sessions() as session, session.begin():
            session.execute(update(CrawlRun).where(CrawlRun.id == self.run_id).values(**values))
