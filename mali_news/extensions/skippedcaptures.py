"""Record each capture an archive served that was not the story, with its status and why."""

from datetime import UTC, datetime
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler

from mali_news.db.crawldb import CrawlDatabase
from mali_news.db.models import SkippedCapture
from mali_news.db.writes import dialect_insert
from mali_news.signals import archive_paused, capture_skipped

SKIPPED = SkippedCapture.__table__


class SkippedCapturesExtension:
    """Batched: written when the crawl is idle, an archive pauses, or the crawl closes. A capture
    met again by a later crawl keeps its first record."""

    def __init__(self, database: CrawlDatabase, batch_size: int = 200) -> None:
        self.database = database
        self.batch_size = batch_size
        self.pending: dict[tuple[str, str], dict[str, Any]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(CrawlDatabase.of(crawler))
        crawler.signals.connect(ext.capture_skipped, signal=capture_skipped)
        crawler.signals.connect(ext.flush, signal=signals.spider_idle)
        crawler.signals.connect(ext.flush, signal=archive_paused)
        crawler.signals.connect(ext.flush, signal=signals.spider_closed)
        return ext

    def capture_skipped(self, url: str, archive: str, capture_url: str, status: int, reason: str) -> None:
        self.pending[(url, capture_url)] = {"url": url, "archive": archive, "capture_url": capture_url,
                                            "status": status, "reason": reason,
                                            "seen_at": datetime.now(UTC)}
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self, **_: Any) -> None:
        if not self.pending:
            return
        rows, self.pending = list(self.pending.values()), {}
        with self.database.sessions() as session, session.begin():
            conn = session.connection()
            insert = dialect_insert(conn, SKIPPED)
            conn.execute(insert.on_conflict_do_nothing(index_elements=["url", "capture_url"]), rows)
