"""Drop a second copy of a story in one crawl (another host or template); other archived captures go on."""

from typing import Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline
from mali_news.signals import articles_failed


class DedupePipeline(CountingPipeline):
    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        self.seen: set[str | tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler.stats)
        # A story whose store failed is not done: a copy fetched again must get through.
        crawler.signals.connect(pipeline.forget, signal=articles_failed)
        return pipeline

    def forget(self, urls: list[str]) -> None:
        self.seen = {key for key in self.seen if (key[0] if isinstance(key, tuple) else key) not in urls}

    def process_item(self, item: ArticleItem) -> ArticleItem:
        # Each capture of a story is a rendering of its own (-a versions=all); any other copy of
        # it (another host, template or address) is the same fetch again.
        key = (item.url, item.capture.url) if item.capture is not None else item.url
        if key in self.seen:
            raise self.drop("duplicate", item.url)
        self.seen.add(key)
        return item
