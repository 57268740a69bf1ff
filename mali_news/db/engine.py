"""Engines and sessions for the corpus database, with SQLite tuned for a crawl beside readers."""

from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from mali_news.db import migrate
from mali_news.db.reference import sync_reference

SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets analysts read while the crawl writes; foreign keys make cascades real.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_busy_timeout(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def make_engine(url: str | URL, *, reader: bool = False) -> Engine:
    """An engine for any SQLAlchemy URL: the project's one place that makes engines.

    A writer's SQLite file gets its folder made if missing, WAL and foreign keys; a reader's
    (an analyst's command, perhaps on a read-only URL) only waits for a busy writer.
    """
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and not reader and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # A server database may drop idle connections; SQLite's are local files.
    engine = create_engine(parsed, pool_pre_ping=not sqlite)
    if sqlite:
        event.listen(engine, "connect", _sqlite_busy_timeout if reader else _sqlite_pragmas)
    return engine


def init_db(engine: Engine) -> sessionmaker[Session]:
    """Bring the schema to the newest revision, load the bundled places and actors, and return
    the one session factory for this engine."""
    migrate.upgrade(engine)
    with engine.begin() as conn:
        sync_reference(conn)
    return sessionmaker(engine, expire_on_commit=False)
