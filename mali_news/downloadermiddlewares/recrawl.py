"""Skip story pages fetched recently; seeds and hubs are always fetched, since they reveal new stories."""

import logging
from datetime import UTC, datetime, timedelta
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from mali_news.db.engine import init_db, make_engine
from mali_news.db.models import Article, Fetch, Link
from mali_news.urls import canonical_url, url_kind

logger = logging.getLogger(__name__)


class RecentlyFetched(IgnoreRequest):
    """A story fetched within the recrawl window; links holds what it linked to when stored,
    so the crawl can still go through it without fetching it."""

    def __init__(self, url: str, links: list[str]) -> None:
        super().__init__(f"fetched within MALI_NEWS_RECRAWL_AFTER: {url}")
        self.links = links


class RecrawlMiddleware:
    def __init__(self, database_url: str, recrawl_after: timedelta, stats: StatsCollector) -> None:
        self.database_url = database_url
        self.recrawl_after = recrawl_after
        self.stats = stats
        # Canonical URL of each recently fetched story -> the URLs it linked to.
        self.recent: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        seconds = crawler.settings.getfloat("MALI_NEWS_RECRAWL_AFTER")
        if seconds <= 0:
            raise NotConfigured("MALI_NEWS_RECRAWL_AFTER is 0: every page is fetched again")
        mw = cls(crawler.settings.get("MALI_NEWS_DATABASE_URL"), timedelta(seconds=seconds),
                 crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self) -> None:
        since = datetime.now(UTC) - self.recrawl_after
        engine = make_engine(self.database_url)
        try:
            with init_db(engine)() as session:
                self.recent = {url: [] for url in session.scalars(
                    select(Fetch.url).where(Fetch.last_fetched_at >= since))}
                for story, target in session.execute(
                        select(Article.url, Link.url).join(Link).join(Fetch, Fetch.url == Article.url)
                        .where(Fetch.last_fetched_at >= since).order_by(Link.article_id, Link.position)):
                    self.recent[story].append(target)
        except SQLAlchemyError as exc:
            logger.warning("Could not read recent fetches (%s); fetching every page", exc)
        finally:
            engine.dispose()
        logger.info("%d stories were fetched in the last %s and will not be fetched again",
                    len(self.recent), self.recrawl_after)

    def process_request(self, request: Request) -> None:
        if request.meta.get("mali_news_seed") or url_kind(request.url) != "article":
            return
        links = self.recent.get(canonical_url(request.url))
        if links is not None:
            self.stats.inc_value("mali_news/skipped/recent")
            raise RecentlyFetched(request.url, links)
