"""Drop a second copy of a story within one crawl (another host or rendering of it)."""

from scrapy.statscollectors import StatsCollector

from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline


class DedupePipeline(CountingPipeline):
    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        self.seen: set[str] = set()

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.url in self.seen:
            raise self.drop("duplicate", item.url)
        self.seen.add(item.url)
        return item
