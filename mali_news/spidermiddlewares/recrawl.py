"""Skip story pages fetched recently; seeds and hubs are always fetched, since they reveal new stories."""

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from mali_news import meta
from mali_news.cleaning.text import duration
from mali_news.db.crawldb import CrawlDatabase
from mali_news.db.models import Article, ArticleUrl, Fetch, Link
from mali_news.urls import canonical_url, url_kind

logger = logging.getLogger(__name__)


class RecrawlMiddleware:
    """A request for a story fetched within MALI_NEWS_RECRAWL_AFTER never leaves the spider:
    in its place come requests for what that story linked to when it was stored, so the crawl
    still goes everywhere it went."""

    def __init__(self, database: CrawlDatabase, recrawl_after: timedelta,
                 stats: StatsCollector) -> None:
        self.database = database
        self.recrawl_after = recrawl_after
        self.stats = stats
        self.spider: Spider | None = None
        # Canonical URL of each recently fetched story -> the URLs it linked to.
        self.recent: dict[str, list[str]] = {}
        # Addresses of stories whose record is a page of today (live, a replay): a request for
        # their archived capture goes on, since it would become their record.
        self.unarchived: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        seconds = crawler.settings.getfloat("MALI_NEWS_RECRAWL_AFTER")
        if seconds <= 0:
            raise NotConfigured("MALI_NEWS_RECRAWL_AFTER is 0: every page is fetched again")
        mw = cls(CrawlDatabase.of(crawler), timedelta(seconds=seconds), crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        self.spider = spider
        since = datetime.now(UTC) - self.recrawl_after
        try:
            with self.database.sessions() as session:
                self.recent = {url: [] for url in session.scalars(
                    select(Fetch.url).where(Fetch.last_fetched_at >= since))}
                # Through article_urls: a story fetched under another address of it is
                # skipped there too, and its links are followed instead.
                for address, target in session.execute(
                        select(ArticleUrl.url, Link.url)
                        .join(Link, Link.article_id == ArticleUrl.article_id)
                        .join(Fetch, Fetch.url == ArticleUrl.url)
                        .where(Fetch.last_fetched_at >= since)
                        .order_by(Link.article_id, Link.position)):
                    self.recent.setdefault(address, []).append(target)
                self.unarchived = set(session.scalars(
                    select(ArticleUrl.url).join(Article, Article.id == ArticleUrl.article_id)
                    .where(Article.capture_url.is_(None))))
        except SQLAlchemyError as exc:
            logger.warning("Could not read recent fetches (%s); fetching every page", exc)
        logger.info("%d stories were fetched in the last %s and will not be fetched again",
                    len(self.recent), duration(self.recrawl_after.total_seconds()))

    def _filter(self, request: Request) -> Iterator[Request]:
        pending = [request]
        while pending:
            request = pending.pop()
            links = None
            key = canonical_url(request.url)
            archived_copy_wanted = bool(request.meta.get(meta.ARCHIVE_REQUEST)) and key in self.unarchived
            if (not request.meta.get(meta.SEED) and url_kind(request.url) == "article"
                    and not archived_copy_wanted):
                links = self.recent.get(key)
            if links is None:
                yield request
                continue
            self.stats.inc_value("mali_news/skipped/recent")
            follow = getattr(self.spider, "follow", None)
            if follow is not None:
                pending.extend(follow(links, request.meta.get(meta.HOPS, 0) + 1,
                                      request.meta.get(meta.ARCHIVE_REQUEST)))

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        for obj in result:
            if isinstance(obj, Request):
                yield from self._filter(obj)
            else:
                yield obj

    async def process_spider_output_async(self, response: Any,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in result:
            if isinstance(obj, Request):
                for request in self._filter(obj):
                    yield request
            else:
                yield obj
