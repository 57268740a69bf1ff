"""Batched, idempotent writes of cleaned articles, keeping each replaced version as a revision."""

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
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


def _digest(content: dict[str, Any]) -> str:
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def content_hash(item: ArticleItem) -> str:
    """A digest of the story itself: a change here makes a new version."""
    return _digest({
        "title": item.title, "byline": item.byline, "authors": item.authors,
        "highlights": [[h.text, h.is_new] for h in item.highlights], "dateline": item.dateline,
        "published_at": _iso(item.published_at), "updated_at": _iso(item.updated_at),
        "body": item.body,
    })


def page_hash(item: ArticleItem) -> str:
    """A digest of everything stored from the page, the story and what surrounds it."""
    return _digest({
        "content": content_hash(item), "layout": item.layout,
        "timestamp_text": item.timestamp_text, "editor_note": item.editor_note,
        "coverage_topic": item.coverage_topic, "section": item.section,
        "description": item.description,
        "links": [[link.url, link.kind, link.anchor_text, link.teaser, link.listed_text]
                  for link in item.links],
    })


def _insert(session: Session, table: Any) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        return sqlite.insert(table)
    if name == "postgresql":
        return postgresql.insert(table)
    raise NotImplementedError(f"upserts are not implemented for the {name!r} dialect")


def _article_row(item: ArticleItem, now: datetime, version: int,
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
        "captured_at": item.captured_at, "content_hash": content_hash(item),
        "page_hash": page_hash(item), "version": version, "version_at": version_at,
        "first_seen_at": now, "last_crawled_at": now,
    }


def _author_ids(session: Session, names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    session.execute(_insert(session, Author).on_conflict_do_nothing(index_elements=["name"]),
                    [{"name": name} for name in sorted(names)])
    return dict(session.execute(select(Author.name, Author.id).where(Author.name.in_(names))).all())


def _archive(session: Session, article_ids: list[int], now: datetime) -> None:
    """Copy the current version of these articles into article_revisions."""
    authors: dict[int, list[str]] = defaultdict(list)
    for article_id, name in session.execute(
            select(ArticleAuthor.article_id, Author.name).join(Author)
            .where(ArticleAuthor.article_id.in_(article_ids)).order_by(ArticleAuthor.position)):
        authors[article_id].append(name)
    highlights: dict[int, list[str]] = defaultdict(list)
    for article_id, text in session.execute(
            select(Highlight.article_id, Highlight.text)
            .where(Highlight.article_id.in_(article_ids)).order_by(Highlight.position)):
        highlights[article_id].append(text)
    columns = [getattr(Article, name) for name in REVISION_COLUMNS]
    rows = [
        {"article_id": row.id, **{name: getattr(row, name) for name in REVISION_COLUMNS},
         "authors": authors[row.id], "highlights": highlights[row.id], "replaced_at": now}
        for row in session.execute(select(Article.id, *columns).where(Article.id.in_(article_ids)))
    ]
    session.execute(_insert(session, ArticleRevision), rows)


def _replace_children(session: Session, items: Sequence[ArticleItem], ids: dict[str, int]) -> None:
    article_ids = list(ids.values())
    for table in (ArticleAuthor, Highlight, Link):
        session.execute(delete(table).where(table.article_id.in_(article_ids)))
    authors = _author_ids(session, {name for item in items for name in item.authors})
    rows: dict[type, list[dict[str, Any]]] = {ArticleAuthor: [], Highlight: [], Link: []}
    for item in items:
        article_id = ids[item.url]
        rows[ArticleAuthor] += [{"article_id": article_id, "position": i, "author_id": authors[n]}
                                for i, n in enumerate(item.authors)]
        rows[Highlight] += [{"article_id": article_id, "position": i, "text": h.text,
                             "is_new": h.is_new} for i, h in enumerate(item.highlights)]
        rows[Link] += [{"article_id": article_id, "position": i, "url": link.url,
                        "kind": link.kind, "anchor_text": link.anchor_text or None,
                        "teaser": link.teaser or None, "listed_text": link.listed_text or None,
                        "listed_at": link.listed_at} for i, link in enumerate(item.links)]
    for table, table_rows in rows.items():
        if table_rows:
            session.execute(_insert(session, table), table_rows)


def record_fetches(session: Session, fetched: dict[str, datetime]) -> None:
    """Upsert when each canonical URL was last fetched."""
    stmt = _insert(session, Fetch)
    session.execute(
        stmt.on_conflict_do_update(index_elements=["url"],
                                   set_={"last_fetched_at": stmt.excluded.last_fetched_at}),
        [{"url": url, "last_fetched_at": at} for url, at in fetched.items()])


def write_articles(session: Session, items: Sequence[ArticleItem], now: datetime) -> WriteCounts:
    """Store whole articles in the caller's transaction.

    A new story is inserted; a changed story keeps its previous version in article_revisions;
    a story whose page changed around an unchanged story is refreshed in place; an unchanged
    page writes nothing but its fetch time.
    """
    latest = {item.url: item for item in items}
    stored = {row.url: row for row in session.execute(
        select(Article.url, Article.id, Article.content_hash, Article.page_hash, Article.version,
               Article.version_at).where(Article.url.in_(latest)))}
    counts = WriteCounts()
    rows: list[dict[str, Any]] = []
    written: list[ArticleItem] = []
    changed_ids: list[int] = []
    for url, item in latest.items():
        old = stored.get(url)
        if old is None:
            counts.new += 1
            rows.append(_article_row(item, now, 1, now))
        elif old.content_hash != content_hash(item):
            counts.updated += 1
            changed_ids.append(old.id)
            rows.append(_article_row(item, now, old.version + 1, now))
        elif old.page_hash != page_hash(item):
            counts.refreshed += 1
            rows.append(_article_row(item, now, old.version, old.version_at))
        else:
            counts.unchanged += 1
            continue
        written.append(item)
    if changed_ids:
        _archive(session, changed_ids, now)
    if rows:
        stmt = _insert(session, Article).values(rows)
        stmt = stmt.on_conflict_do_update(
            index_elements=["url"], set_={col: stmt.excluded[col] for col in UPDATED_COLUMNS},
        ).returning(Article.url, Article.id)
        _replace_children(session, written, dict(session.execute(stmt).all()))
    record_fetches(session, dict.fromkeys(latest, now))
    return counts
