"""A worker of a shared crawl: it beats, takes seeds, re-queues dead workers' requests, and stops
when nobody has anything left to do."""

import logging
import time
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.task import LoopingCall

from mali_news import meta
from mali_news.archives.limits import limits_of, pacing
from mali_news.archives.sharedlimits import SharedClockLost
from mali_news.db.crawldb import CrawlDatabase
from mali_news.errors import REDIS_LOST
from mali_news.signals import articles_failed, articles_stored
from mali_news.urls import canonical_url

logger = logging.getLogger(__name__)


class WorkerExtension:
    def __init__(self, crawler: Crawler, heartbeat: float, idle_close: float,
                 retry_times: int = 2) -> None:
        self.crawler = crawler
        self.retry_times = retry_times
        self.heartbeat = heartbeat
        self.idle_close = idle_close
        self.idle_since: float | None = None
        self.beat: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.get("MALI_NEWS_REDIS_URL"):
            raise NotConfigured
        ext = cls(crawler, settings.getfloat("MALI_NEWS_WORKER_HEARTBEAT"),
                  settings.getfloat("MALI_NEWS_WORKER_IDLE_CLOSE"), settings.getint("RETRY_TIMES"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.stored, signal=articles_stored)
        crawler.signals.connect(ext.failed, signal=articles_failed)
        crawler.signals.connect(ext.item_done, signal=signals.item_dropped)
        crawler.signals.connect(ext.item_done, signal=signals.item_error)
        return ext

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    def spider_opened(self, spider: Spider) -> None:
        self.beat = LoopingCall(self._beat, spider)
        self.beat.start(self.heartbeat, now=True)
        logger.info("Worker %s joined the shared crawl%s", spider.worker, pacing(limits_of(self.crawler)))

    def _beat(self, spider: Spider) -> None:
        import redis

        try:
            spider.frontier.beat(spider.worker)
            shared = limits_of(self.crawler).shared
            if shared is not None:
                shared.register(spider.worker, 3 * self.heartbeat)
        except (redis.RedisError, SharedClockLost) as exc:
            self._redis_lost(exc)

    def _redis_lost(self, exc: Exception) -> None:
        """The shared crawl's Redis is gone: the worker stops, with one line saying so."""
        stats = self.crawler.stats
        if not stats.get_value("mali_news/worker/redis_lost"):
            stats.set_value("mali_news/worker/redis_lost", str(exc).removeprefix("ConnectionError: "))
            logger.error("The shared crawl's Redis stopped answering (%s): this worker stops", exc)
            if self.beat is not None and self.beat.running:
                self.beat.stop()
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=REDIS_LOST))

    def stored(self, urls: list[str]) -> None:
        self.spider.frontier.release(*urls)

    def failed(self, urls: list[str], sources: list[str], errors: list[str]) -> None:
        """A page whose article could not be stored goes back to the shared queue, for any
        worker, up to RETRY_TIMES; then the failure is recorded in store_failures."""
        frontier, stats = self.spider.frontier, self.crawler.stats
        for url, source, error in zip(urls, sources, errors, strict=True):
            key = next((k for k in (canonical_url(source), url) if frontier.claim_of(k)), url)
            record = frontier.claim_of(key)
            retries = record["meta"].get(meta.STORE_RETRIES, 0) if record else self.retry_times
            if retries < self.retry_times and frontier.take(key):
                self.crawler.engine.crawl(Request(
                    record["url"], callback=self.spider.parse, errback=self.spider.on_error,
                    meta={**record["meta"], meta.STORE_RETRIES: retries + 1}, dont_filter=True))
                stats.inc_value("mali_news/worker/store_requeued")
                logger.warning("Put %s back in the shared queue (store failed %d time(s))", url,
                               retries + 1)
                continue
            frontier.release(key)
            stats.inc_value("mali_news/worker/store_gave_up")
            CrawlDatabase.of(self.crawler).record_failure(url, error)

    def item_done(self, item: Any, **_kwargs: Any) -> None:
        if url := getattr(item, "url", None):
            self.spider.frontier.release(url)

    def spider_idle(self, spider: Spider) -> None:
        frontier, scheduled = spider.frontier, 0
        for url in frontier.pop_seeds():
            request = spider.seed_request(url)
            if request is not None:
                self.crawler.engine.crawl(request)
                scheduled += 1
        for canonical, record in frontier.orphans():
            if frontier.take(canonical):
                # Its worker died holding it: the request goes back to the shared queue.
                self.crawler.engine.crawl(Request(record["url"], callback=spider.parse,
                                                  errback=spider.on_error, meta=record["meta"],
                                                  dont_filter=True))
                self.crawler.stats.inc_value("mali_news/worker/recovered")
                logger.warning("Re-queued %s, left unfinished by worker %s", record["url"],
                               record["worker"])
                scheduled += 1
        if scheduled or frontier.busy_elsewhere(spider.worker):
            self.idle_since = None
            raise DontCloseSpider
        self.idle_since = self.idle_since or time.monotonic()
        if self.idle_close <= 0 or time.monotonic() - self.idle_since < self.idle_close:
            raise DontCloseSpider

    def spider_closed(self, spider: Spider) -> None:
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        # Every page this worker took is done and its items are stored by now.
        spider.frontier.drop_claims_of(spider.worker)
        spider.frontier.retire(spider.worker)
