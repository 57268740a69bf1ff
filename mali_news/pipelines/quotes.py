"""Find who each story quotes: every attributed statement, its speaker, role and kind of source."""

from typing import Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline
from mali_news.reference.mentions import ActorFinder, actor_finder
from mali_news.reference.quotes import find_quotes, story_blocks


class QuotesPipeline(CountingPipeline):
    def __init__(self, stats: StatsCollector, actors: ActorFinder) -> None:
        super().__init__(stats)
        self.actors = actors

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats, actor_finder())

    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.quotes = find_quotes(story_blocks(
            (position, block.kind, block.text) for position, block in enumerate(item.blocks)), self.actors)
        self.count("quotes", len(item.quotes))
        for quote in item.quotes:
            self.count(f"quotes/{quote.category}")
        if not item.quotes:
            self.count("quotes/none")
        return item
