"""With -a versions=all, every distinct archived capture of a story in the window, kept as renderings."""

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, Self
from urllib.parse import urlencode

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from mali_news import meta
from mali_news.archives.cdx import parse_cdx
from mali_news.items import ArticleItem
from mali_news.reference.topic import DateWindow

logger = logging.getLogger(__name__)
# A version's links lead nowhere new: its story's record was followed already.
NO_FOLLOW = 10**6


def versions_query(base: str, original: str, window: DateWindow) -> str:
    """The index query for every successful capture of original in the window, one per run of
    identical captures (collapse=digest)."""
    params: dict[str, str] = {"url": original, "output": "json", "filter": "statuscode:200",
                              "collapse": "digest", "fl": "timestamp,original,statuscode"}
    if window.start is not None:
        params["from"] = f"{window.start:%Y%m%d}"
    if window.end is not None:
        params["to"] = f"{window.end:%Y%m%d}235959"
    return f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"


# The story whose other versions an index query is for, and the capture already read: (original, timestamp).
_VERSIONS_OF = "mali_news_versions_of"

class VersionsMiddleware:
    def __init__(self, base_url: str, window: DateWindow, stats: StatsCollector) -> None:
        self.base_url = base_url
        self.window = window
        self.stats = stats
        self.spider: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        mw = cls(settings.get("MALI_NEWS_WAYBACK_URL"), DateWindow(settings.get("MALI_NEWS_DATE_RANGE")),
                 crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Any) -> None:
        self.spider = spider

    def _wanted(self, response: Response) -> bool:
        args = getattr(self.spider, "args", None)
        return (getattr(args, "versions", "first") == "all" and response.meta.get(meta.CAPTURE) is not None
                and not response.meta.get(meta.VERSION))

    def _after(self, response: Response, obj: Any) -> Iterator[Any]:
        yield obj
        if isinstance(obj, ArticleItem) and self._wanted(response):
            self.stats.inc_value("mali_news/versions/asked")
            original = response.meta.get(meta.ORIGINAL) or response.url
            yield Request(versions_query(self.base_url, original, self.window), callback=self.parse_versions,
                          errback=self.on_error, dont_filter=True, meta={
                              _VERSIONS_OF: (original, response.meta[meta.CAPTURE].timestamp)})

    def parse_versions(self, response: Response) -> Iterator[Request]:
        original, fetched = response.meta[_VERSIONS_OF]
        try:
            answer = parse_cdx(response.text)
        except ValueError as exc:
            self.stats.inc_value("mali_news/versions/unreadable_index")
            logger.warning("Versions of %s: the index's answer cannot be read (%s)", original, exc)
            return
        others = [c for c in answer.captures if c.timestamp != fetched]
        self.stats.inc_value("mali_news/versions/found", len(others))
        for capture in others:
            wanted = {meta.ARCHIVE_REQUEST: {"timestamp": capture.timestamp}, meta.HOPS: NO_FOLLOW,
                      meta.VERSION: True}
            yield Request(original, callback=self.spider.parse, errback=self.spider.on_error,
                          dont_filter=True, meta=wanted)

    def on_error(self, failure: Any) -> None:
        self.stats.inc_value("mali_news/versions/index_failed")
        logger.warning("Versions: the index could not be asked (%s): %s", failure.request.url,
                       failure.getErrorMessage())

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for obj in result:
            yield from self._after(response, obj)

    async def process_spider_output_async(self, response: Response,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in result:
            for out in self._after(response, obj):
                yield out
