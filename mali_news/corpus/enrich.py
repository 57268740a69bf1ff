"""Recompute what is derived from the stored stories: mentions, quotes, recycled background, citations."""

import logging
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, func, select, update

from mali_news.db.background import BackgroundSummary, refresh_background
from mali_news.db.reference import sync_reference
from mali_news.db.writes import (
    ACTOR_MENTIONS,
    ARTICLES,
    BLOCKS,
    PLACE_MENTIONS,
    QUOTES,
    TURNS,
    mention_rows,
    quote_rows,
)
from mali_news.reference.mentions import actor_finder, mention_texts, place_finder
from mali_news.reference.quotes import find_quotes, story_blocks

CHUNK = 500
logger = logging.getLogger(__name__)


def refresh_mentions(conn: Connection) -> tuple[int, int]:
    """Find every stored story's places and actors again; the numbers of mention rows written."""
    places, actors = place_finder(), actor_finder()
    written = [0, 0]
    last_id = 0
    while True:
        rows = conn.execute(select(ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.highlights_text,
                                   ARTICLES.c.body, ARTICLES.c.dateline).where(ARTICLES.c.id > last_id)
                            .order_by(ARTICLES.c.id).limit(CHUNK)).all()
        if not rows:
            return written[0], written[1]
        ids = [row.id for row in rows]
        turns: dict[int, list[str]] = defaultdict(list)
        for article_id, turn_text in conn.execute(
                select(TURNS.c.article_id, TURNS.c.text).where(TURNS.c.article_id.in_(ids))
                .order_by(TURNS.c.article_id, TURNS.c.position)):
            turns[article_id].append(turn_text)
        has_turns = set(conn.execute(select(TURNS.c.article_id).distinct()
                                     .where(TURNS.c.article_id.in_(ids))).scalars())
        place_rows, actor_rows = [], []
        for row in rows:
            body, others = mention_texts(row.title, (row.highlights_text or "").splitlines(), row.body,
                                         row.dateline or "", turns[row.id] if row.id in has_turns else None)
            place_rows += mention_rows(row.id, places.find(body, others), "place_id")
            actor_rows += mention_rows(row.id, actors.find(body, others), "actor_id")
        for table, new in ((PLACE_MENTIONS, place_rows), (ACTOR_MENTIONS, actor_rows)):
            conn.execute(delete(table).where(table.c.article_id.in_(ids)))
            if new:
                conn.execute(table.insert(), new)
        written[0] += len(place_rows)
        written[1] += len(actor_rows)
        last_id = ids[-1]


def refresh_quotes(conn: Connection) -> int:
    """Find every stored story's attributed statements again from its text blocks; the number of
    quotes written."""
    actors = actor_finder()
    written = 0
    last_id = 0
    while True:
        ids = list(conn.execute(select(ARTICLES.c.id).where(ARTICLES.c.id > last_id)
                                .order_by(ARTICLES.c.id).limit(CHUNK)).scalars())
        if not ids:
            return written
        blocks: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for article_id, position, kind, block_text in conn.execute(
                select(BLOCKS.c.article_id, BLOCKS.c.position, BLOCKS.c.kind, BLOCKS.c.text)
                .where(BLOCKS.c.article_id.in_(ids)).order_by(BLOCKS.c.article_id, BLOCKS.c.position)):
            blocks[article_id].append((position, kind, block_text))
        rows = [row for article_id in ids
                for row in quote_rows(article_id, find_quotes(story_blocks(blocks[article_id]), actors))]
        conn.execute(delete(QUOTES).where(QUOTES.c.article_id.in_(ids)))
        if rows:
            conn.execute(QUOTES.insert(), rows)
        written += len(rows)
        last_id = ids[-1]


def refresh_citations(conn: Connection) -> int:
    """Cite every stored story again by the current rules; the number of citations that changed
    (a corpus built before a rule changed gets the new citations)."""
    from mali_news.cleaning.citation import apa
    from mali_news.corpus.export import csl, iter_articles

    changed = []
    for article in iter_articles(conn):
        try:
            citation = apa(csl(article))
        except Exception as exc:
            # citeproc-py on a name or title it cannot format: the story keeps its citation.
            logger.warning("No citation for %s: %s: %s", article["url"], type(exc).__name__, exc)
            continue
        if citation != article["citation"]:
            changed.append({"key": article["id"], "citation": citation})
    for start in range(0, len(changed), CHUNK):
        conn.execute(update(ARTICLES).where(ARTICLES.c.id == bindparam("key"))
                     .values(citation=bindparam("citation")), changed[start:start + CHUNK])
    return len(changed)


@dataclass
class EnrichSummary:
    articles: int
    place_mentions: int
    actor_mentions: int
    background: BackgroundSummary
    citations: int = 0
    quotes: int = 0


def enrich(conn: Connection) -> EnrichSummary:
    """Reload the bundled places and actors, then recompute mentions, quotes, background and citations."""
    sync_reference(conn)
    place_rows, actor_rows = refresh_mentions(conn)
    quotes = refresh_quotes(conn)
    background = refresh_background(conn)
    citations = refresh_citations(conn)
    articles = conn.execute(select(func.count()).select_from(ARTICLES)).scalar_one()
    return EnrichSummary(articles, place_rows, actor_rows, background, citations, quotes)
