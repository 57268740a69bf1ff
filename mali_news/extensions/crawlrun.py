"""Record each crawl in the crawl_runs table: when, how it ended, and what it produced."""

import json
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from sqlalchemy import update

from mali_news.archives.limits import ArchiveLimits, limits_of
from mali_news.archives.provenance import run_origin
from mali_news.db.crawldb import CrawlDatabase
from mali_news.db.models import CrawlRun
from mali_news.ledger import STORE_FAILED, Ledger
from mali_news.running import outcome


def _jsonable(stats: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(stats, default=str))


class CrawlRunExtension:
    """A row per crawl: when, where its pages came from, how it ended (the exit status and
    one-line reason mali-news crawl gives), and what it produced."""

    def __init__(self, database: CrawlDatabase, stats: StatsCollector, replay: str = "",
                 worker: bool = False, limits: ArchiveLimits | None = None) -> None:
        self.database = database
        self.stats = stats
        self.replay = replay
        self.worker = worker
        self.limits = limits or ArchiveLimits()
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        ext = cls(CrawlDatabase.of(crawler), crawler.stats, settings.get("MALI_NEWS_REPLAY") or "",
                  bool(settings.get("MALI_NEWS_WORKER_NAME")), limits_of(crawler))
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
        args = getattr(spider, "args", None)
        seeds = args is None or args.follows_links or bool(getattr(spider, "explicit_start", False))
        status, why = outcome({**stats, "finish_reason": reason}, self.worker, seeds, self.replay)
        requests: dict[str, int] = {}
        for lane in self.limits.lanes.values():
            requests[lane.endpoint.archive] = requests.get(lane.endpoint.archive, 0) + lane.sent
        values = {
            "finished_at": datetime.now(UTC),
            "finish_reason": reason,
            "exit_status": int(status),
            "outcome": why or None,
            "origin": run_origin(self.replay, requests),
            **Ledger.of(stats).columns(),
            "pages_skipped": stats.get("mali_news/skipped/recent", 0),
            "errors": sum(v for k, v in stats.items()
                          if k.startswith(("mali_news/errors/", STORE_FAILED))),
            "stats": _jsonable(stats),
        }
        with self.database.sessions() as session, session.begin():
            session.execute(update(CrawlRun).where(CrawlRun.id == self.run_id).values(**values))
