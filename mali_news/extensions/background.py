"""At the end of a crawl that stored stories, find the corpus' recycled background again."""

import logging
import time
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from mali_news.db.background import refresh_background
from mali_news.db.crawldb import CrawlDatabase
from mali_news.signals import articles_stored

logger = logging.getLogger(__name__)


class BackgroundExtension:
    """A new story can make an older one's paragraph the first of a cluster, and a story
    published earlier than those stored can arrive late: the clusters are rebuilt whole."""

    def __init__(self, database: CrawlDatabase, stats: StatsCollector) -> None:
        self.database = database
        self.stats = stats
        self.stored = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("MALI_NEWS_FIND_BACKGROUND"):
            raise NotConfigured("MALI_NEWS_FIND_BACKGROUND is off")
        ext = cls(CrawlDatabase.of(crawler), crawler.stats)
        crawler.signals.connect(ext.articles_stored, signal=articles_stored)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def articles_stored(self, urls: list[str], **_: Any) -> None:
        self.stored += len(urls)

    def spider_closed(self, reason: str) -> None:
        if not self.stored:
            return
        if reason != "finished":
            # An interrupted crawl stops now: the rebuild would hold the reactor (and Ctrl-C) for
            # as long as it takes.
            self.stats.inc_value("mali_news/background/skipped")
            logger.warning("Crawl %s: recycled background not rebuilt; run `mali-news enrich`", reason)
            return
        logger.info("Finding the recycled background of the corpus (%d stories stored this crawl)",
                    self.stored)
        started = time.monotonic()
        try:
            with self.database.sessions() as session, session.begin():
                summary = refresh_background(session.connection())
        except Exception as exc:
            # The stories are stored; only the background marks wait for `mali-news enrich`.
            self.stats.inc_value("mali_news/background/failed")
            logger.error("Could not find the recycled background (%s: %s); run `mali-news enrich`",
                         type(exc).__name__, exc)
            return
        self.stats.set_value("mali_news/background/clusters", summary.clusters)
        self.stats.set_value("mali_news/background/paragraphs", summary.background_paragraphs)
        logger.info("Recycled background: %d paragraphs in %d clusters, %.1f%% of story text (%.1f s)",
                    summary.background_paragraphs, summary.clusters, 100 * (summary.share or 0),
                    time.monotonic() - started)
