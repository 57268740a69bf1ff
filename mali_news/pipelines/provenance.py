"""Mark where each story was read (cnn.com, an archive, a replay, the bundled sample) and cite it in APA."""

import logging
from typing import Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from mali_news.archives.capture import columns_of
from mali_news.archives.provenance import page_origin
from mali_news.cleaning.citation import apa, csl_item
from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline

logger = logging.getLogger(__name__)


class ProvenancePipeline(CountingPipeline):
    def __init__(self, stats: StatsCollector, replay: str = "") -> None:
        super().__init__(stats)
        self.replay = replay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats, crawler.settings.get("MALI_NEWS_REPLAY") or "")

    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.origin = page_origin(self.replay, item.capture)
        self.count(f"origin/{item.origin}")
        try:
            item.citation = apa(csl_item({
                "url": item.url, "kind": item.kind, "title": item.title, "origin": item.origin,
                "credits": [(credit.name, credit.kind) for credit in item.credits],
                "published_at": item.published_at, "updated_at": item.updated_at,
                **columns_of(item.capture)}))
        except Exception as exc:
            # citeproc-py on a name or title it cannot format: the story is stored uncited.
            self.count("citation/failed")
            logger.warning("No citation for %s: %s: %s", item.url, type(exc).__name__, exc)
        return item
