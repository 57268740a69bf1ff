"""The candidates discovery found and what became of each; how far each index query was read."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from mali_news.db.models import ArticleUrl, Candidate, DiscoveryListing

CANDIDATES = Candidate.__table__
ARTICLE_URLS = ArticleUrl.__table__
LISTINGS = DiscoveryListing.__table__
STATUSES = ("queued", "stored", "dropped", "failed")
# Outcomes that need no second fetch: a re-run does not ask the archive for these again.
SETTLED = ("stored", "dropped")


@dataclass(frozen=True)
class Found:
    """A candidate as a route found it: the address, the route, the capture it named, and why."""

    found_url: str
    source: str
    capture: dict[str, str] | None = None
    why: str = ""


def _insert(conn: Connection, table: Any) -> Any:
    return (sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert)(table)


def known(conn: Connection) -> set[str]:
    return set(conn.execute(select(CANDIDATES.c.url)).scalars())


def settled(conn: Connection) -> set[str]:
    """Candidates already stored or dropped."""
    query = select(CANDIDATES.c.url).where(CANDIDATES.c.status.in_(SETTLED))
    return set(conn.execute(query).scalars())


def queued(conn: Connection, sources: Iterable[str]) -> list[tuple[str, Found]]:
    """(key, how it was found) of the routes' candidates no run has fetched yet, oldest first."""
    rows = conn.execute(select(CANDIDATES.c.url, CANDIDATES.c.found_url, CANDIDATES.c.source,
                               CANDIDATES.c.capture, CANDIDATES.c.why)
                        .where(CANDIDATES.c.status == "queued", CANDIDATES.c.source.in_(list(sources)))
                        .order_by(CANDIDATES.c.first_found_at, CANDIDATES.c.url))
    return [(url, Found(found, source, capture, why or "")) for url, found, source, capture, why in rows]


def add(conn: Connection, found: dict[str, Found], now: datetime) -> None:
    """Record new candidates by key; an address already recorded keeps its row. A story the
    corpus already holds is recorded as stored."""
    if not found:
        return
    stored = set(conn.execute(select(ARTICLE_URLS.c.url).where(ARTICLE_URLS.c.url.in_(found))).scalars())
    conn.execute(_insert(conn, CANDIDATES).on_conflict_do_nothing(index_elements=["url"]), [
        {"url": key, "found_url": f.found_url, "source": f.source, "first_found_at": now,
         "status": "stored" if key in stored else "queued", "reason": None, "updated_at": now,
         "capture": f.capture, "why": f.why or None}
        for key, f in found.items()])


def set_outcomes(conn: Connection, outcomes: Iterable[tuple[str, str, str]], now: datetime) -> None:
    """(key, status, reason) for candidates whose page was stored, dropped or failed."""
    rows = [{"key": key, "status": status, "reason": reason or None, "at": now}
            for key, status, reason in outcomes]
    if rows:
        conn.execute(update(CANDIDATES).where(CANDIDATES.c.url == bindparam("key"))
                     .values(status=bindparam("status"), reason=bindparam("reason"),
                             updated_at=bindparam("at")), rows)


@dataclass
class ListingState:
    """Where one index query stands: its next page's resume key, pending/done/narrowed/failed,
    and what reading it found so far."""

    source: str
    prefix: str
    original_regex: str
    resume_key: str = ""
    status: str = "pending"
    reason: str = ""
    pages: int = 0
    found: int = 0


def pending_listings(conn: Connection, source: str) -> list[ListingState]:
    """The queries of the source's current pass not yet read to their end."""
    rows = conn.execute(select(LISTINGS).order_by(LISTINGS.c.prefix)
                        .where(LISTINGS.c.source == source, LISTINGS.c.status == "pending"))
    return [ListingState(r.source, r.prefix, r.original_regex, r.resume_key or "", r.status,
                         r.reason or "", r.pages, r.found) for r in rows]


def start_pass(conn: Connection, source: str, planned: dict[str, ListingState], now: datetime) -> None:
    """A new pass over the source's index: the previous one's records go, the planned queries
    are pending."""
    conn.execute(delete(LISTINGS).where(LISTINGS.c.source == source))
    save_listings(conn, planned, now)


def save_listings(conn: Connection, states: dict[str, ListingState], now: datetime) -> None:
    """Record where each query (by key) stands."""
    if not states:
        return
    stmt = _insert(conn, LISTINGS)
    changing = ("resume_key", "status", "reason", "pages", "found", "updated_at")
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={
        name: stmt.excluded[name] for name in changing}),
        [{"key": key, "source": s.source, "prefix": s.prefix, "original_regex": s.original_regex,
          "resume_key": s.resume_key or None, "status": s.status, "reason": s.reason or None,
          "pages": s.pages, "found": s.found, "updated_at": now} for key, s in states.items()])


def left(conn: Connection) -> tuple[int, int]:
    """(candidates no run has fetched, index queries not read to their end)."""
    queued_n = conn.execute(select(func.count()).select_from(CANDIDATES)
                            .where(CANDIDATES.c.status == "queued")).scalar_one()
    pending_n = conn.execute(select(func.count()).select_from(LISTINGS)
                             .where(LISTINGS.c.status == "pending")).scalar_one()
    return queued_n, pending_n
