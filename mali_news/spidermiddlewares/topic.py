"""Keep a page reached by a link only when it is about the Mali conflict; start URLs always stay."""

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from mali_news import meta
from mali_news.topic import TopicRule

logger = logging.getLogger(__name__)


class TopicMiddleware:
    """An off-topic page yields nothing: its article is not stored and its links not followed.
    The spider leaves the page's title and text in response.meta[meta.TOPIC] before its first
    result, so the decision is made once per page, from what the parser found."""

    def __init__(self, rule: TopicRule, stats: StatsCollector) -> None:
        self.rule = rule
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(TopicRule(settings.getlist("MALI_NEWS_TOPIC_KEYWORDS"),
                             settings.getint("MALI_NEWS_TOPIC_MIN_HITS")), crawler.stats)

    def _off_topic(self, response: Any) -> bool:
        found = getattr(response, "meta", {}).get(meta.TOPIC)
        if found is None or response.meta.get(meta.SEED) or self.rule.matches(*found):
            return False
        self.stats.inc_value("mali_news/dropped/off_topic")
        logger.info("Off topic, not stored or followed: %s", response.url)
        return True

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        results = iter(result)
        # The first result runs the parser up to its decision about the page.
        first = next(results, None)
        if first is None or self._off_topic(response):
            return
        yield first
        yield from results

    async def process_spider_output_async(self, response: Any,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        results = aiter(result)
        first = await anext(results, None)
        if first is None or self._off_topic(response):
            return
        yield first
        async for obj in results:
            yield obj
