"""Batched, idempotent writes of cleaned articles, keeping each replaced version as a revision."""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from mali_news.db.models import (
    Article,
    ArticleAuthor,
    ArticleRevision,
    Author,
    Fetch,
    Highlight,
    Link,
)
from mali_news.items import ArticleItem

# Core tables: executemany through them skips the ORM's per-row bookkeeping.
ARTICLES = Article.__table__
AUTHORS = Author.__table__
ARTICLE_AUTHORS = ArticleAuthor.__table__
HIGHLIGHTS = Highlight.__table__
LINKS = Link.__table__
REVISIONS = ArticleRevision.__table__
FETCHES = Fetch.__table__

# Columns a re-crawl may change; first_seen_at never changes once written.
UPDATED_COLUMNS = (
    "source_url", "layout", "title", "byline", "dateline", "published_at", "updated_at",
    "timestamp_text", "body", "highlights_text", "word_count", "editor_note", "coverage_topic",
    "section", "description", "capture_url", "captured_at", "content_hash", "page_hash",
    "version", "version_at", "last_crawled_at",
)
# What a revision keeps of the version it replaces.
REVISION_COLUMNS = ("url", "title", "byline", "dateline", "published_at", "updated_at",
                    "timestamp_text", "body", "word_count", "content_hash", "version", "version_at")


@dataclass
class WriteCounts:
    new: int = 0
    updated: int = 0
    refreshed: int = 0
    unchanged: int = 0


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# Separators no text contains, so fields cannot run into each other.
_FIELD, _PART = "\x1e", "\x1f"


def _digest(*fields: str) -> str:
    return hashlib.sha256(_FIELD.join(fields).encode("utf-8", "surrogatepass")).hexdigest()


def content_hash(item: ArticleItem) -> str:
    """A digest of the story itself: a change here makes a new version."""
    return _digest(
        item.title, item.byline, _PART.join(item.authors),
        _PART.join(f"{int(h.is_new)}{h.text}" for h in item.highlights), item.dateline,
        _iso(item.published_at) or "", _iso(item.updated_at) or "", item.body)


def page_hash(item: ArticleItem, content: str | None = None) -> str:
    """A digest of everything stored from the page, the story and what surrounds it."""
    return _digest(
        content or content_hash(item), item.layout, item.timestamp_text, item.editor_note,
        item.coverage_topic, item.section, item.description,
        *(_PART.join((link.url, link.kind, link.anchor_text, link.teaser, link.listed_text))
          for link in item.links))


def _insert(conn: Connection, table: Any) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    name = conn.dialect.name
    if name == "sqlite":
        return sqlite.insert(table)
    if name == "postgresql":
        return postgresql.insert(table)
    raise NotImplementedError(f"upserts are not implemented for the {name!r} dialect")


@cache
def _upsert(dialect: str, table_name: str) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE for articles or fetches, built once per dialect so that
    SQLAlchemy compiles it once."""
    insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
    if table_name == "articles":
        stmt = insert(ARTICLES)
        return stmt.on_conflict_do_update(
            index_elements=["url"], set_={col: stmt.excluded[col] for col in UPDATED_COLUMNS})
    stmt = insert(FETCHES)
    return stmt.on_conflict_do_update(
        index_elements=["url"], set_={"last_fetched_at": stmt.excluded.last_fetched_at})


def _article_row(item: ArticleItem, hashes: tuple[str, str], now: datetime, version: int,
                 version_at: datetime) -> dict[str, Any]:
    return {
        "url": item.url, "source_url": item.source_url, "layout": item.layout,
        "title": item.title, "byline": item.byline or None, "dateline": item.dateline or None,
        "published_at": item.published_at, "updated_at": item.updated_at,
        "timestamp_text": item.timestamp_text or None, "body": item.body,
        "highlights_text": "\n".join(h.text for h in item.highlights) or None,
        "word_count": item.word_count, "editor_note": item.editor_note or None,
        "coverage_topic": item.coverage_topic or None, "section": item.section or None,
        "description": item.description or None, "capture_url": item.capture_url or None,
        "captured_at": item.captured_at, "content_hash": hashes[0],
        "page_hash": hashes[1], "version": version, "version_at": version_at,
        "first_seen_at": now, "last_crawled_at": now,
    }


def _author_ids(conn: Connection, names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    conn.execute(_insert(conn, AUTHORS).on_conflict_do_nothing(index_elements=["name"]),
                 [{"name": name} for name in sorted(names)])
    return dict(conn.execute(select(AUTHORS.c.name, AUTHORS.c.id)
                             .where(AUTHORS.c.name.in_(names))).all())


def _archive(conn: Connection, article_ids: list[int], now: datetime) -> None:
    """Copy the current version of these articles into article_revisions."""
    authors: dict[int, list[str]] = defaultdict(list)
    for article_id, name in conn.execute(
            select(ARTICLE_AUTHORS.c.article_id, AUTHORS.c.name)
            .join(AUTHORS, AUTHORS.c.id == ARTICLE_AUTHORS.c.author_id)
            .where(ARTICLE_AUTHORS.c.article_id.in_(article_ids))
            .order_by(ARTICLE_AUTHORS.c.position)):
        authors[article_id].append(name)
    highlights: dict[int, list[str]] = defaultdict(list)
    for article_id, text in conn.execute(
            select(HIGHLIGHTS.c.article_id, HIGHLIGHTS.c.text)
            .where(HIGHLIGHTS.c.article_id.in_(article_ids)).order_by(HIGHLIGHTS.c.position)):
        highlights[article_id].append(text)
    columns = [ARTICLES.c[name] for name in REVISION_COLUMNS]
    rows = [
        {"article_id": row.id, **{name: getattr(row, name) for name in REVISION_COLUMNS},
         "authors": authors[row.id], "highlights": highlights[row.id], "replaced_at": now}
        for row in conn.execute(select(ARTICLES.c.id, *columns).where(ARTICLES.c.id.in_(article_ids)))
    ]
    conn.execute(_insert(conn, REVISIONS), rows)


def _replace_children(conn: Connection, items: Sequence[ArticleItem], ids: dict[str, int],
                      existing: set[int]) -> None:
    """Write the items' authors, highlights and links; stored articles lose their old ones first."""
    if existing:
        for table in (ARTICLE_AUTHORS, HIGHLIGHTS, LINKS):
            conn.execute(delete(table).where(table.c.article_id.in_(existing)))
    authors = _author_ids(conn, {name for item in items for name in item.authors})
    author_rows: list[dict[str, Any]] = []
    highlight_rows: list[dict[str, Any]] = []
    link_rows: list[dict[str, Any]] = []
    for item in items:
        article_id = ids[item.url]
        author_rows += [{"article_id": article_id, "position": i, "author_id": authors[n]}
                        for i, n in enumerate(item.authors)]
        highlight_rows += [{"article_id": article_id, "position": i, "text": h.text,
                            "is_new": h.is_new} for i, h in enumerate(item.highlights)]
        link_rows += [{"article_id": article_id, "position": i, "url": link.url,
                       "kind": link.kind, "anchor_text": link.anchor_text or None,
                       "teaser": link.teaser or None, "listed_text": link.listed_text or None,
                       "listed_at": link.listed_at} for i, link in enumerate(item.links)]
    for table, table_rows in ((ARTICLE_AUTHORS, author_rows), (HIGHLIGHTS, highlight_rows),
                              (LINKS, link_rows)):
        if table_rows:
            conn.execute(_insert(conn, table), table_rows)


def record_fetches(session: Session | Connection, fetched: dict[str, datetime]) -> None:
    """Upsert when each canonical URL was last fetched."""
    conn = session.connection() if isinstance(session, Session) else session
    conn.execute(_upsert(conn.dialect.name, "fetches"),
                 [{"url": url, "last_fetched_at": at} for url, at in fetched.items()])


def write_articles(session: Session | Connection, items: Sequence[ArticleItem],
                   now: datetime) -> WriteCounts:
    """Store whole articles in the caller's transaction.

    A new story is inserted; a changed story keeps its previous version in article_revisions;
    a story whose page changed around an unchanged story is refreshed in place; an unchanged
    page writes nothing but its fetch time.
    """
    conn = session.connection() if isinstance(session, Session) else session
    latest = {item.url: item for item in items}
    hashes = {}
    for url, item in latest.items():
        content = content_hash(item)
        hashes[url] = (content, page_hash(item, content))
    stored = {row.url: row for row in conn.execute(
        select(ARTICLES.c.url, ARTICLES.c.id, ARTICLES.c.content_hash, ARTICLES.c.page_hash,
               ARTICLES.c.version, ARTICLES.c.version_at).where(ARTICLES.c.url.in_(latest)))}
    counts = WriteCounts()
    rows: list[dict[str, Any]] = []
    written: list[ArticleItem] = []
    changed_ids: list[int] = []
    for url, item in latest.items():
        old = stored.get(url)
        content, page = hashes[url]
        if old is None:
            counts.new += 1
            rows.append(_article_row(item, hashes[url], now, 1, now))
        elif old.content_hash != content:
            counts.updated += 1
            changed_ids.append(old.id)
            rows.append(_article_row(item, hashes[url], now, old.version + 1, now))
        elif old.page_hash != page:
            counts.refreshed += 1
            rows.append(_article_row(item, hashes[url], now, old.version, old.version_at))
        else:
            counts.unchanged += 1
            continue
        written.append(item)
    if changed_ids:
        _archive(conn, changed_ids, now)
    if rows:
        # One executemany, then one query for the ids: an upsert with RETURNING would run
        # row by row.
        conn.execute(_upsert(conn.dialect.name, "articles"), rows)
        urls = [row["url"] for row in rows]
        ids = dict(conn.execute(select(ARTICLES.c.url, ARTICLES.c.id)
                                .where(ARTICLES.c.url.in_(urls))).all())
        existing = {stored[item.url].id for item in written if item.url in stored}
        _replace_children(conn, written, ids, existing)
    record_fetches(conn, dict.fromkeys(latest, now))
    return counts
