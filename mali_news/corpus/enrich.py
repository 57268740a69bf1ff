"""Recompute what is derived from the stored stories: place and actor mentions, recycled background."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select, text

from mali_news.corpus.background import Paragraph, find_clusters
from mali_news.db.models import ParagraphCluster, ParagraphClusterMember
from mali_news.db.reference import sync_reference
from mali_news.db.writes import ACTOR_MENTIONS, ARTICLES, PLACE_MENTIONS, TURNS, mention_rows
from mali_news.reference.mentions import actor_finder, mention_texts, place_finder

CLUSTERS = ParagraphCluster.__table__
MEMBERS = ParagraphClusterMember.__table__
# Recycled background is what a story tells as its own: paragraphs and quotes.
BACKGROUND_KINDS = ("paragraph", "blockquote")
CHUNK = 500


@dataclass
class BackgroundSummary:
    clusters: int
    background_paragraphs: int
    # Background characters over story characters, the whole corpus.
    share: float | None


def _story_order() -> str:
    return "coalesce(a.published_at, a.first_seen_at), a.id"


def refresh_background(conn: Connection) -> BackgroundSummary:
    """Find the corpus' recycled paragraphs again and rewrite paragraph_clusters and members."""
    # Deleted first: the transaction holds the write lock before it reads, so two crawls ending
    # together (a shared crawl's workers) rebuild one after the other, the second from all rows.
    conn.execute(delete(MEMBERS))
    conn.execute(delete(CLUSTERS))
    paragraphs = [Paragraph(row.article_id, row.position, row.text) for row in conn.execute(text(f"""
        SELECT b.article_id, b.position, b.text FROM article_blocks b JOIN articles a ON a.id = b.article_id
        WHERE b.kind IN ({", ".join(f"'{kind}'" for kind in BACKGROUND_KINDS)})
        ORDER BY {_story_order()}, b.position"""))]
    clusters = find_clusters(paragraphs)
    cluster_rows, member_rows = [], []
    for cluster_id, cluster in enumerate(clusters, 1):
        first = cluster.first
        cluster_rows.append({"id": cluster_id, "first_article_id": first.article_id,
                             "first_position": first.position, "text": first.text,
                             "n_paragraphs": 1 + len(cluster.recurrences),
                             "n_articles": len(cluster.articles)})
        member_rows.append({"article_id": first.article_id, "position": first.position,
                            "cluster_id": cluster_id, "background": False, "similarity": 1.0})
        member_rows += [{"article_id": p.article_id, "position": p.position, "cluster_id": cluster_id,
                         "background": True, "similarity": similarity}
                        for p, similarity in cluster.recurrences]
    if cluster_rows:
        conn.execute(CLUSTERS.insert(), cluster_rows)
        conn.execute(MEMBERS.insert(), member_rows)
    return BackgroundSummary(len(clusters), sum(len(c.recurrences) for c in clusters),
                             background_share(conn))


def background_share(conn: Connection) -> float | None:
    """The corpus' share of story text (in characters) that is recycled background."""
    story, background = conn.execute(text(
        "SELECT sum(story_chars), sum(background_chars) FROM article_background")).one()
    return round(background / story, 4) if story else None


def refresh_mentions(conn: Connection) -> tuple[int, int]:
    """Find every stored story's places and actors again; the numbers of mention rows written."""
    places, actors = place_finder(), actor_finder()
    written = [0, 0]
    last_id = 0
    while True:
        rows = conn.execute(select(ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.highlights_text,
                                   ARTICLES.c.body).where(ARTICLES.c.id > last_id)
                            .order_by(ARTICLES.c.id).limit(CHUNK)).all()
        if not rows:
            return written[0], written[1]
        ids = [row.id for row in rows]
        turns: dict[int, list[str]] = defaultdict(list)
        for article_id, turn_text in conn.execute(
                select(TURNS.c.article_id, TURNS.c.text).where(TURNS.c.article_id.in_(ids), TURNS.c.matched)
                .order_by(TURNS.c.article_id, TURNS.c.position)):
            turns[article_id].append(turn_text)
        has_turns = set(conn.execute(select(TURNS.c.article_id).distinct()
                                     .where(TURNS.c.article_id.in_(ids))).scalars())
        place_rows, actor_rows = [], []
        for row in rows:
            body, others = mention_texts(row.title, (row.highlights_text or "").splitlines(), row.body,
                                         turns[row.id] if row.id in has_turns else None)
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
