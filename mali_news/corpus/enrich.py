"""Recompute what is derived from the stored stories: place and actor mentions, recycled background."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select

from mali_news.db.background import BackgroundSummary, refresh_background
from mali_news.db.reference import sync_reference
from mali_news.db.writes import ACTOR_MENTIONS, ARTICLES, PLACE_MENTIONS, TURNS, mention_rows
from mali_news.reference.mentions import actor_finder, mention_texts, place_finder

CHUNK = 500


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


@dataclass
class EnrichSummary:
    articles: int
    place_mentions: int
    actor_mentions: int
    background: BackgroundSummary


def enrich(conn: Connection) -> EnrichSummary:
    """Reload the bundled places and actors, then recompute mentions and background."""
    sync_reference(conn)
    place_rows, actor_rows = refresh_mentions(conn)
    background = refresh_background(conn)
    articles = conn.execute(select(func.count()).select_from(ARTICLES)).scalar_one()
    return EnrichSummary(articles, place_rows, actor_rows, background)
