"""The crawl's own bookkeeping: seeds fetched, and what survives a pause with JOBDIR."""

from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from mali_news import meta

SEEN, SEEDS_FETCHED = "mali_news_seen", "mali_news_seeds_fetched"


class CrawlStateExtension:
    """Counts seeds whose page arrived (mali_news/seeds/fetched). With JOBDIR, Scrapy's
    SpiderState keeps spider.state on disk (it loads it before this extension runs and saves
    it at close); the spider's set of requested stories and the seed count live in it."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.state: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        state = getattr(spider, "state", None)
        if state is None:
            return
        self.state = state
        # The same set object: what the spider adds from now on is in the state when it is saved.
        spider.seen = state.setdefault(SEEN, spider.seen)  # type: ignore[attr-defined]
        self.stats.set_value("mali_news/seeds/fetched", state.get(SEEDS_FETCHED, 0))

    def response_received(self, response: Response, request: Request) -> None:
        if request.meta.get(meta.SEED) and response.status < 300:
            self.stats.inc_value("mali_news/seeds/fetched")
            self.state[SEEDS_FETCHED] = self.stats.get_value("mali_news/seeds/fetched")
