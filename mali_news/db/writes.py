"""Batched, idempotent writes of cleaned articles with their authors, highlights and links."""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from mali_news.db.models import Article, ArticleAuthor, Author, Highlight, Link
from mali_news.items import ArticleItem

# Columns a re-crawl may change; first_seen_at never changes once written.
CONTENT_COLUMNS = (
    "source_url", "layout", "title", "byline", "dateline", "published_at", "updated_at",
    "timestamp_text", "body", "word_count", "editor_note", "coverage_topic", "section",
    "description", "content_hash",
)


@dataclass
class WriteCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def content_hash(item: ArticleItem) -> str:
    """A digest of everything an analyst reads of the article, to tell a real change."""
    content = {
        "layout": item.layout, "title": item.title, "byline": item.byline,
        "dateline": item.dateline, "published_at": _iso(item.published_at),
        "updated_at": _iso(item.updated_at), "timestamp_text": item.timestamp_text,
        "body": item.body, "editor_note": item.editor_note,
        "coverage_topic": item.coverage_topic, "section": item.section,
        "description": item.description, "authors": item.authors,
        "highlights": [[h.text, h.is_new] for h in item.highlights],
        "links": [[link.url, link.kind, link.anchor_text, link.teaser, link.listed_text]
                  for link in item.links],
    }
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def _insert(session: Session, table: Any) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        return sqlite.insert(table)
    if name == "postgresql":
        return postgresql.insert(table)
    raise NotImplementedError(f"upserts are not implemented for the {name!r} dialect")


def _article_row(item: ArticleItem, digest: str, now: datetime) -> dict[str, Any]:
    return {
        "url": item.url, "source_url": item.source_url, "layout": item.layout,
        "title": item.title, "byline": item.byline or None, "dateline": item.dateline or None,
        "published_at": item.published_at, "updated_at": item.updated_at,
        "timestamp_text": item.timestamp_text or None, "body": item.body,
        "word_count": item.word_count, "editor_note": item.editor_note or None,
        "coverage_topic": item.coverage_topic or None, "section": item.section or None,
        "description": item.description or None, "content_hash": digest,
        "first_seen_at": now, "last_crawled_at": now,
    }


def _author_ids(session: Session, names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    session.execute(_insert(session, Author).on_conflict_do_nothing(index_elements=["name"]),
                    [{"name": name} for name in sorted(names)])
    return dict(session.execute(select(Author.name, Author.id).where(Author.name.in_(names))).all())


def _replace_children(session: Session, items: Sequence[ArticleItem], ids: dict[str, int]) -> None:
    article_ids = list(ids.values())
    for table in (ArticleAuthor, Highlight, Link):
        session.execute(delete(table).where(table.article_id.in_(article_ids)))
    authors = _author_ids(session, {name for item in items for name in item.authors})
    rows: dict[Table, list[dict[str, Any]]] = {ArticleAuthor: [], Highlight: [], Link: []}
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


def write_articles(session: Session, items: Sequence[ArticleItem], now: datetime) -> WriteCounts:
    """Upsert whole articles in the caller's transaction; unchanged ones only get last_crawled_at."""
    latest = {item.url: item for item in items}
    digests = {url: content_hash(item) for url, item in latest.items()}
    stored = dict(session.execute(
        select(Article.url, Article.content_hash).where(Article.url.in_(latest))).all())
    counts = WriteCounts()
    unchanged = [url for url in latest if stored.get(url) == digests[url]]
    changed = [latest[url] for url in latest if stored.get(url) != digests[url]]
    counts.unchanged = len(unchanged)
    counts.updated = sum(1 for item in changed if item.url in stored)
    counts.new = len(changed) - counts.updated
    if unchanged:
        session.execute(update(Article).where(Article.url.in_(unchanged))
                        .values(last_crawled_at=now))
    if changed:
        stmt = _insert(session, Article).values(
            [_article_row(item, digests[item.url], now) for item in changed])
        stmt = stmt.on_conflict_do_update(
            index_elements=["url"],
            set_={col: stmt.excluded[col] for col in (*CONTENT_COLUMNS, "last_crawled_at")},
        ).returning(Article.url, Article.id)
        ids = dict(session.execute(stmt).all())
        _replace_children(session, changed, ids)
    return counts
