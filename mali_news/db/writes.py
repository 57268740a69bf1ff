"""Batched, idempotent writes of cleaned articles, keeping each replaced version as a revision."""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from mali_news.archives.capture import NO_CAPTURE_COLUMNS, columns_of
from mali_news.archives.record import record_rank
from mali_news.db.models import (
    ActorMention,
    Article,
    ArticleAuthor,
    ArticleBlock,
    ArticleQuote,
    ArticleRendering,
    ArticleRevision,
    ArticleUrl,
    Author,
    Fetch,
    Highlight,
    Link,
    PlaceMention,
    StoreFailure,
    TranscriptTurn,
)
from mali_news.items import ArticleItem, Mention, Quote
from mali_news.urls import canonical_url

# Core tables: executemany through them skips the ORM's per-row bookkeeping.
ARTICLES = Article.__table__
AUTHORS = Author.__table__
ARTICLE_AUTHORS = ArticleAuthor.__table__
HIGHLIGHTS = Highlight.__table__
LINKS = Link.__table__
BLOCKS = ArticleBlock.__table__
ARTICLE_URLS = ArticleUrl.__table__
TURNS = TranscriptTurn.__table__
REVISIONS = ArticleRevision.__table__
FETCHES = Fetch.__table__
PLACE_MENTIONS = PlaceMention.__table__
ACTOR_MENTIONS = ActorMention.__table__
QUOTES = ArticleQuote.__table__
RENDERINGS = ArticleRendering.__table__
# A capture's columns, in articles and renderings alike.
CAPTURE_COLUMNS = tuple(NO_CAPTURE_COLUMNS)
# Columns a re-crawl may change; first_seen_at never changes once written.
UPDATED_COLUMNS = (
    "source_url", "layout", "kind", "title", "byline", "dateline", "published_at", "published_precision",
    "updated_at",
    "timestamp_text", "body", "highlights_text", "word_count", "editor_note", "coverage_topic",
    "section", "description", "categories", "tags", *CAPTURE_COLUMNS, "topic_score",
    "topic_terms", "origin", "citation",
    "content_hash", "page_hash",
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
    # Kept as a rendering beside a story of record it does not replace (today's re-serve of a
    # story stored from its 2013 capture, a later capture).
    rendering: int = 0


def captured_at(item: ArticleItem) -> datetime | None:
    return item.capture.captured_at if item.capture is not None else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# Separators no text contains, so fields cannot run into each other.
_FIELD, _PART = "\x1e", "\x1f"


def _digest(*fields: str) -> str:
    return hashlib.sha256(_FIELD.join(fields).encode("utf-8", "surrogatepass")).hexdigest()


def content_hash(item: ArticleItem) -> str:
    """A digest of the story itself (title, credits, highlights, story text): a change here
    makes a new version. Dates and the printed timestamp's host format do not."""
    return _digest(
        item.title, _PART.join(f"{c.kind}:{c.name}" for c in item.credits),
        _PART.join(f"{int(h.is_new)}{h.text}" for h in item.highlights), item.body)


def page_hash(item: ArticleItem, content: str | None = None) -> str:
    """A digest of everything stored from the page, the story and what surrounds it."""
    return _digest(
        content or content_hash(item), item.layout, item.kind, item.byline, item.dateline,
        _iso(item.published_at) or "", item.published_precision, _iso(item.updated_at) or "",
        item.timestamp_text, item.editor_note, item.coverage_topic, item.section,
        item.description, str(item.topic_score), item.topic_terms, item.origin, item.citation,
        *item.categories, _PART,
        *item.tags,
        *(_PART.join((c.name, c.role, c.outlet)) for c in item.credits),
        *(_PART.join((block.kind, block.marker, block.text)) for block in item.blocks),
        *(_PART.join((t.speaker, t.role, t.text, str(t.matched))) for t in item.turns),
        *(_PART.join((link.url, link.kind, link.anchor_text, link.teaser, link.listed_text))
          for link in item.links))


def dialect_insert(conn: Connection, table: Any) -> Any:
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
        "url": item.url, "source_url": item.source_url, "layout": item.layout, "kind": item.kind,
        "title": item.title, "byline": item.byline or None, "dateline": item.dateline or None,
        "published_at": item.published_at,
        "published_precision": item.published_precision or None, "updated_at": item.updated_at,
        "timestamp_text": item.timestamp_text or None, "body": item.body,
        "highlights_text": "\n".join(h.text for h in item.highlights) or None,
        "word_count": item.word_count, "editor_note": item.editor_note or None,
        "coverage_topic": item.coverage_topic or None, "section": item.section or None,
        "description": item.description or None,
        "categories": "; ".join(item.categories) or None, "tags": "; ".join(item.tags) or None,
        **columns_of(item.capture), "topic_score": item.topic_score,
        "topic_terms": item.topic_terms or None, "origin": item.origin or None,
        "citation": item.citation or None, "content_hash": hashes[0],
        "page_hash": hashes[1], "version": version, "version_at": version_at,
        "first_seen_at": now, "last_crawled_at": now,
    }


def _author_ids(conn: Connection, kinds: dict[str, str]) -> dict[str, int]:
    """Ids of these credited names (name -> kind), inserting the new ones."""
    if not kinds:
        return {}
    stmt = dialect_insert(conn, AUTHORS)
    conn.execute(stmt.on_conflict_do_update(index_elements=["name"], set_={"kind": stmt.excluded.kind}),
                 [{"name": name, "kind": kind} for name, kind in sorted(kinds.items())])
    return dict(conn.execute(select(AUTHORS.c.name, AUTHORS.c.id)
                             .where(AUTHORS.c.name.in_(kinds))).all())


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
    conn.execute(dialect_insert(conn, REVISIONS), rows)


# Tables holding a story's parts, one row per part, by article_id and position (or the
# place or actor named).
CHILD_TABLES = (ARTICLE_AUTHORS, HIGHLIGHTS, LINKS, BLOCKS, TURNS, PLACE_MENTIONS, ACTOR_MENTIONS, QUOTES)


def quote_rows(article_id: int, quotes: Sequence[Quote]) -> list[dict[str, Any]]:
    return [{"article_id": article_id, "position": i, "block": q.block, "speaker": q.speaker,
             "role": q.role or None, "category": q.category, "actor_id": q.actor_id, "kind": q.kind,
             "verb": q.verb, "text": q.text} for i, q in enumerate(quotes)]


def mention_rows(article_id: int, mentions: Sequence[Mention], key: str) -> list[dict[str, Any]]:
    return [{"article_id": article_id, key: m.id, "count": m.count, "first_position": m.first_position}
            for m in mentions]


def _child_rows(item: ArticleItem, article_id: int,
                authors: dict[str, int]) -> dict[Any, list[dict[str, Any]]]:
    return {
        ARTICLE_AUTHORS: [{"article_id": article_id, "position": i, "author_id": authors[c.name],
                           "role": c.role or None, "outlet": c.outlet or None}
                          for i, c in enumerate(item.credits)],
        HIGHLIGHTS: [{"article_id": article_id, "position": i, "text": h.text, "is_new": h.is_new}
                     for i, h in enumerate(item.highlights)],
        LINKS: [{"article_id": article_id, "position": i, "url": link.url, "kind": link.kind,
                 "anchor_text": link.anchor_text or None, "teaser": link.teaser or None,
                 "listed_text": link.listed_text or None, "listed_at": link.listed_at}
                for i, link in enumerate(item.links)],
        BLOCKS: [{"article_id": article_id, "position": i, "kind": block.kind, "text": block.text,
                  "marker": block.marker or None} for i, block in enumerate(item.blocks)],
        TURNS: [{"article_id": article_id, "position": i, "speaker": turn.speaker,
                 "role": turn.role or None, "text": turn.text, "matched": turn.matched}
                for i, turn in enumerate(item.turns)],
        PLACE_MENTIONS: mention_rows(article_id, item.places, "place_id"),
        ACTOR_MENTIONS: mention_rows(article_id, item.actors, "actor_id"),
        QUOTES: quote_rows(article_id, item.quotes),
    }


def _stored_rows(conn: Connection, table: Any, article_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(select(table).where(table.c.article_id.in_(article_ids))
                            .order_by(*table.primary_key.columns)):
        found[row.article_id].append(dict(row._mapping))
    return found


def _write_children(conn: Connection, items: Sequence[ArticleItem], ids: dict[str, int],
                    replace: set[int], compare: set[int]) -> None:
    """Write the items' credits, highlights, links and blocks.

    Stories in replace lose their old parts first; stories in compare (refreshed in place)
    keep every table whose rows did not change, so a date-only change rewrites none of them.
    """
    authors = _author_ids(conn, {c.name: c.kind for item in items for c in item.credits})
    new_rows = {item.url: _child_rows(item, ids[item.url], authors) for item in items}
    for table in CHILD_TABLES:
        stored = _stored_rows(conn, table, compare) if compare else {}
        stale = set(replace)
        rows: list[dict[str, Any]] = []
        for item in items:
            article_id = ids[item.url]
            wanted = new_rows[item.url][table]
            if article_id in compare:
                if stored.get(article_id, []) == wanted:
                    continue
                stale.add(article_id)
            rows += wanted
        if stale:
            conn.execute(delete(table).where(table.c.article_id.in_(stale)))
        if rows:
            conn.execute(dialect_insert(conn, table), rows)


def _record_addresses(conn: Connection, items: Sequence[ArticleItem], ids: dict[str, int]) -> None:
    """Every address of each story, and its key, points to the story (the newest claim wins)."""
    rows: dict[str, int] = {}
    for item in items:
        for address in (item.url, item.source_url, *item.addresses):
            if address:
                rows[address] = rows[canonical_url(address)] = ids[item.url]
    stmt = dialect_insert(conn, ARTICLE_URLS)
    conn.execute(stmt.on_conflict_do_update(index_elements=["url"],
                                            set_={"article_id": stmt.excluded.article_id}),
                 [{"url": url, "article_id": article_id} for url, article_id in rows.items()])


def rendering_row(item: ArticleItem, article_id: int, content: str, now: datetime) -> dict[str, Any]:
    capture = columns_of(item.capture)
    return {
        "article_id": article_id, "source": item.origin or "live", **capture,
        "captured_at": capture["captured_at"] or now, "fetched_at": now,
        "layout": item.layout, "content_hash": content, "source_url": item.source_url,
        "title": item.title, "byline": item.byline or None,
        "timestamp_text": item.timestamp_text or None, "published_at": item.published_at,
        "updated_at": item.updated_at, "highlights": [h.text for h in item.highlights],
        "blocks": [[block.kind, block.text] for block in item.blocks if block.in_story and block.text],
        "word_count": item.word_count, "is_record": False,
    }


def _write_renderings(conn: Connection, items: Sequence[ArticleItem], ids: dict[str, int],
                      records: Sequence[ArticleItem], now: datetime) -> None:
    """Every fetched story as a rendering (one row per source and content: the earliest capture
    time kept), then the renderings the records were stored from marked as such."""
    stmt = dialect_insert(conn, RENDERINGS)
    earlier = case((stmt.excluded.captured_at < RENDERINGS.c.captured_at, stmt.excluded.captured_at),
                   else_=RENDERINGS.c.captured_at)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["article_id", "source", "content_hash"],
        set_={"captured_at": earlier, "fetched_at": stmt.excluded.fetched_at}),
        [rendering_row(item, ids[item.url], content_hash(item), now) for item in items])
    if records:
        mark = (update(RENDERINGS).where(RENDERINGS.c.article_id == bindparam("a_id"))
                .values(is_record=and_(RENDERINGS.c.source == bindparam("a_source"),
                                       RENDERINGS.c.content_hash == bindparam("a_hash"))))
        conn.execute(mark, [{"a_id": ids[item.url], "a_source": item.origin or "live",
                             "a_hash": content_hash(item)} for item in records])


def record_store_failure(session: Session, url: str, error: str, now: datetime,
                         crawl_run_id: int | None) -> None:
    """Record that an article could not be stored (its fetch time stays unrecorded)."""
    session.add(StoreFailure(url=url, error=error[:10_000], failed_at=now, crawl_run_id=crawl_run_id))


def record_fetches(session: Session | Connection, fetched: dict[str, datetime]) -> None:
    """Upsert when each canonical URL was last fetched."""
    conn = session.connection() if isinstance(session, Session) else session
    conn.execute(_upsert(conn.dialect.name, "fetches"),
                 [{"url": url, "last_fetched_at": at} for url, at in fetched.items()])


def write_articles(session: Session | Connection, items: Sequence[ArticleItem],
                   now: datetime) -> WriteCounts:
    """Store whole articles in the caller's transaction.

    A new story is inserted; a changed story keeps its previous version in article_revisions;
    a story whose page changed around an unchanged story (dates, links, captions ...) is
    refreshed in place; an unchanged page writes nothing but its fetch time and addresses.
    """
    conn = session.connection() if isinstance(session, Session) else session
    # Of several renderings of one story in a batch (an archive's versions, a capture and the
    # re-serve), the best record goes on; every one of them is kept as a rendering.
    by_url: dict[str, list[ArticleItem]] = defaultdict(list)
    for item in items:
        by_url[item.url].append(item)
    latest = {url: min(reversed(group), key=lambda item: record_rank(
        item.origin or "live", captured_at(item), item.published_at, now)) for url, group in by_url.items()}
    hashes = {}
    for url, item in latest.items():
        content = content_hash(item)
        hashes[url] = (content, page_hash(item, content))
    stored = {row.url: row for row in conn.execute(
        select(ARTICLES.c.url, ARTICLES.c.id, ARTICLES.c.content_hash, ARTICLES.c.page_hash,
               ARTICLES.c.version, ARTICLES.c.version_at, ARTICLES.c.origin,
               ARTICLES.c.captured_at, ARTICLES.c.published_at, ARTICLES.c.last_crawled_at)
        .where(ARTICLES.c.url.in_(latest)))}
    counts = WriteCounts()
    records: list[ArticleItem] = []
    rows: list[dict[str, Any]] = []
    written: list[ArticleItem] = []
    changed_ids: list[int] = []
    replace: set[int] = set()
    compare: set[int] = set()
    for url, item in latest.items():
        old = stored.get(url)
        content, page = hashes[url]
        new_rank = record_rank(item.origin or "live", captured_at(item), item.published_at, now)
        if old is not None and new_rank > record_rank(old.origin or "live", old.captured_at,
                                                      old.published_at or item.published_at,
                                                      old.last_crawled_at):
            # An earlier era's record stays the story: this fetch is kept as a rendering.
            counts.rendering += 1
            continue
        records.append(item)
        if old is None:
            counts.new += 1
            rows.append(_article_row(item, hashes[url], now, 1, now))
        elif old.content_hash and old.content_hash != content:
            counts.updated += 1
            changed_ids.append(old.id)
            replace.add(old.id)
            rows.append(_article_row(item, hashes[url], now, old.version + 1, now))
        elif old.page_hash != page:
            counts.refreshed += 1
            # A row from before content hashes covered what they cover now has none: it is
            # rewritten whole, in place, without a new version.
            (compare if old.content_hash else replace).add(old.id)
            rows.append(_article_row(item, hashes[url], now, old.version, old.version_at))
        else:
            counts.unchanged += 1
            continue
        written.append(item)
    if changed_ids:
        _archive(conn, changed_ids, now)
    ids = {url: row.id for url, row in stored.items()}
    if rows:
        # One executemany, then one query for the ids: an upsert with RETURNING would run
        # row by row.
        conn.execute(_upsert(conn.dialect.name, "articles"), rows)
        ids.update(conn.execute(select(ARTICLES.c.url, ARTICLES.c.id)
                                .where(ARTICLES.c.url.in_([row["url"] for row in rows]))).all())
        _write_children(conn, written, ids, replace, compare)
    _record_addresses(conn, items, ids)
    _write_renderings(conn, items, ids, records, now)
    record_fetches(conn, dict.fromkeys(
        {key for item in items for key in
         (item.url, *(canonical_url(address) for address in item.addresses))}, now))
    return counts
