"""The candidates table: addresses discovery found, and what became of each."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from mali_news.db.models import ArticleUrl, Candidate

CANDIDATES = Candidate.__table__
ARTICLE_URLS = ArticleUrl.__table__
STATUSES = ("queued", "stored", "dropped", "failed")


def known(conn: Connection) -> set[str]:
    return set(conn.execute(select(CANDIDATES.c.url)).scalars())


def add(conn: Connection, found: dict[str, tuple[str, str]], now: datetime) -> None:
    """Record new candidates (key -> (address found, route)); an address already recorded
    keeps its row. A story the corpus already holds is recorded as stored."""
    if not found:
        return
    stored = set(conn.execute(select(ARTICLE_URLS.c.url).where(ARTICLE_URLS.c.url.in_(found))).scalars())
    insert = (sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert)(CANDIDATES)
    conn.execute(insert.on_conflict_do_nothing(index_elements=["url"]), [
        {"url": key, "found_url": address, "source": source, "first_found_at": now,
         "status": "stored" if key in stored else "queued", "reason": None, "updated_at": now}
        for key, (address, source) in found.items()])


def set_outcomes(conn: Connection, outcomes: Iterable[tuple[str, str, str]], now: datetime) -> None:
    """(key, status, reason) for candidates whose page was stored, dropped or failed."""
    rows = [{"key": key, "status": status, "reason": reason or None, "at": now}
            for key, status, reason in outcomes]
    if rows:
        conn.execute(update(CANDIDATES).where(CANDIDATES.c.url == bindparam("key"))
                     .values(status=bindparam("status"), reason=bindparam("reason"),
                             updated_at=bindparam("at")), rows)
