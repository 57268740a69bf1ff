"""Keep a page reached by a link only when it is about the Mali conflict and of its time."""

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from itertools import chain
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from mali_news import meta
from mali_news.items import ArticleItem
from mali_news.reference.topic import DateWindow, TopicRule, TopicScore, verdict, why_left
from mali_news.signals import page_left
from mali_news.urls import canonical_url

logger = logging.getLogger(__name__)


class TopicMiddleware:
    """A page off topic or outside the date window yields nothing: its article is not stored and
    its links not followed. The spider leaves the page's title, text and date in
    response.meta[meta.TOPIC] before its first result, so the decision is made once per page,
    from what the parser found. Every article keeps its score and the words that made it."""

    def __init__(self, rule: TopicRule, window: DateWindow, stats: StatsCollector,
                 crawler: Crawler | None = None) -> None:
        self.rule = rule
        self.window = window
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        middleware = cls(TopicRule.from_settings(settings), DateWindow(settings.get("MALI_NEWS_DATE_RANGE")),
                         crawler.stats, crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self) -> None:
        # The rule this crawl applied, kept with its run (crawl_runs.stats) for the datasheet.
        rule = self.rule
        for name, value in (("date_range", self.window.spec), ("topic_min_score", rule.min_score),
                            ("topic_title_weight", rule.title_weight),
                            ("topic_weak_weight", rule.weak_weight),
                            ("topic_strong_words", len(rule.strong)), ("topic_weak_words", len(rule.weak))):
            self.stats.set_value(f"mali_news/rule/{name}", value)

    def _judge(self, response: Any) -> TopicScore | None:
        """The page's score, or None when the page is left (counted and logged)."""
        found = getattr(response, "meta", {}).get(meta.TOPIC)
        if found is None:
            return TopicScore(0.0)
        title, text, published = found
        score, left = verdict(self.rule, self.window, title, text, published)
        if response.meta.get(meta.SEED) or not left:
            return score
        why = why_left(left, score, published)
        self._leave(response, left, f"{why}, not stored or followed: {response.url}")
        return None

    def _leave(self, response: Any, reason: str, message: str) -> None:
        self.stats.inc_value(f"mali_news/dropped/{reason}")
        logger.info(message)
        if self.crawler is not None:
            self.crawler.signals.send_catch_log(page_left, url=canonical_url(response.url),
                                                status="dropped", reason=reason)
        # The page is done: in a shared crawl, its claim goes now (no article will release it).
        frontier = getattr(getattr(self.crawler, "spider", None), "frontier", None)
        if frontier is not None and response.request is not None:
            frontier.release_request(response.request)

    def _scored(self, obj: Any, score: TopicScore) -> Any:
        if isinstance(obj, ArticleItem):
            obj.topic_score, obj.topic_terms = score.score, score.terms_text()
            # A transcript covers many subjects: the turns that name the conflict are marked.
            for turn in obj.turns:
                turn.matched = bool(self.rule.strong_re and self.rule.strong_re.search(turn.text))
        return obj

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        results = iter(result)
        # The first result runs the parser up to its decision about the page.
        first = next(results, None)
        score = self._judge(response) if first is not None else None
        if score is not None:
            yield from (self._scored(obj, score) for obj in chain([first], results))

    async def process_spider_output_async(self, response: Any,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        results = aiter(result)
        first = await anext(results, None)
        score = self._judge(response) if first is not None else None
        if score is None:
            return
        yield self._scored(first, score)
        async for obj in results:
            yield self._scored(obj, score)
