"""Remember when story pages that stored nothing (off topic, gone, not articles) were fetched."""

import logging
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from sqlalchemy.exc import SQLAlchemyError

from mali_news.db.crawldb import CrawlDatabase
from mali_news.db.writes import record_fetches
from mali_news.urls import canonical_url, url_kind

logger = logging.getLogger(__name__)


class FetchLogExtension:
    """Lets the recrawl window skip them too. Pages that yielded an article are left to the store,
    which records their fetch in the article's own transaction: a crash then loses neither."""

    def __init__(self, database: CrawlDatabase) -> None:
        self.database = database
        self.fetched: dict[str, datetime] = {}
        self.with_items: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if crawler.settings.getfloat("MALI_NEWS_RECRAWL_AFTER") <= 0:
            raise NotConfigured("MALI_NEWS_RECRAWL_AFTER is 0: fetch times are not needed")
        ext = cls(CrawlDatabase.of(crawler))
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(ext.item_seen, signal=signal)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self, response: Response, request: Request) -> None:
        # 5xx may mend soon; everything else is an answer worth not asking again today.
        if response.status < 500 and url_kind(response.url) == "article":
            self.fetched[canonical_url(response.url)] = datetime.now(UTC)

    def item_seen(self, item: Any, **_kwargs: Any) -> None:
        url = getattr(item, "url", None)
        if url:
            self.with_items.add(url)

    def spider_closed(self) -> None:
        pending = {url: at for url, at in self.fetched.items() if url not in self.with_items}
        if not pending:
            return
        try:
            with self.database.sessions() as session, session.begin():
                record_fetches(session, pending)
        except SQLAlchemyError as exc:
            logger.warning("Could not record %d fetch times: %s", len(pending), exc)
