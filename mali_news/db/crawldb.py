"""The crawl's one owner of the database: one engine, migrations checked once, one session factory."""

import logging
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mali_news.db.engine import init_db, make_engine
from mali_news.db.writes import record_store_failure

logger = logging.getLogger(__name__)

_OWNERS: "WeakKeyDictionary[Crawler, CrawlDatabase]" = WeakKeyDictionary()


class CrawlDatabase:
    """Components of a crawl (store, recrawl window, fetch log, run record) take their sessions
    from here, through of(crawler); the engine is made and the schema brought up to date on
    first use, and the engine is disposed of when the crawl's engine stops. It lives below the
    pipelines and extensions that share it, so neither imports the other."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        # The crawl_runs row of this crawl, once CrawlRunExtension has written it.
        self.run_id: int | None = None

    @classmethod
    def of(cls, crawler: Crawler) -> "CrawlDatabase":
        """The crawl's owner of the database, made by the first component that asks."""
        found = _OWNERS.get(crawler)
        if found is None:
            found = _OWNERS[crawler] = cls(crawler.settings.get("MALI_NEWS_DATABASE_URL"))
            crawler.signals.connect(found.close, signal=signals.engine_stopped)
        return found

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            self.engine = make_engine(self.database_url)
            self._sessions = init_db(self.engine)
            logger.info("Corpus database: %s", self.engine.url.render_as_string(hide_password=True))
        return self._sessions

    def record_failure(self, url: str, error: str) -> None:
        """A row in store_failures; a database that cannot take even that is logged."""
        try:
            with self.sessions() as session, session.begin():
                record_store_failure(session, url, error, datetime.now(UTC), self.run_id)
        except Exception as exc:
            logger.error("Could not record the failure to store %s either: %s: %s", url,
                         type(exc).__name__, exc)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
        self.engine, self._sessions = None, None
