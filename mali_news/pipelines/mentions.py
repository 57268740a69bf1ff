"""Name the gazetteer's places and the listed actors each story mentions."""

from typing import Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline
from mali_news.reference.mentions import (
    ActorFinder,
    PlaceFinder,
    actor_finder,
    mention_texts,
    place_finder,
)


class MentionsPipeline(CountingPipeline):
    def __init__(self, stats: StatsCollector, places: PlaceFinder, actors: ActorFinder) -> None:
        super().__init__(stats)
        self.places = places
        self.actors = actors

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats, place_finder(), actor_finder())

    def process_item(self, item: ArticleItem) -> ArticleItem:
        # Every text a reader sees: title, highlights, dateline, story text; a transcript's turns.
        body, others = mention_texts(
            item.title, [highlight.text for highlight in item.highlights], item.body, item.dateline,
            [turn.text for turn in item.turns] if item.turns else None)
        item.places = self.places.find(body, others)
        item.actors = self.actors.find(body, others)
        self.count("mentions/places", len(item.places))
        self.count("mentions/actors", len(item.actors))
        if not item.places:
            self.count("mentions/no_place")
        return item
