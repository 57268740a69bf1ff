"""The stats plumbing every cleaning pipeline shares."""

from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from mali_news.errors import Dropped

PREFIX = "mali_news/"


class CountingPipeline:
    """A pipeline that counts what it changed or dropped under mali_news/... in crawl stats."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def count(self, key: str, n: int = 1) -> None:
        self.stats.inc_value(PREFIX + key, n)

    def drop(self, reason: str, url: str) -> DropItem:
        """Count the reason and build the DropItem to raise."""
        self.count(f"dropped/{reason}")
        return Dropped(reason, url)
