"""Drop a second copy of a story within one crawl (another host or rendering of it)."""

from typing import Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline
from mali_news.signals import articles_failed


class DedupePipeline(CountingPipeline):
    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler.stats)
        # A story whose store failed is not done: a copy fetched again must get through.
        crawler.signals.connect(pipeline.forget, signal=articles_failed)
        return pipeline

    def forget(self, urls: list[str]) -> None:
        self.seen.difference_update(urls)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.url in self.seen:
            raise self.drop("duplicate", item.url)
        self.seen.add(item.url)
        return item
