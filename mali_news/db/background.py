"""The corpus' recycled background found again and written (paragraph_clusters and members)."""

from dataclasses import dataclass

from sqlalchemy import Connection, delete, text

from mali_news.db.models import ParagraphCluster, ParagraphClusterMember
from mali_news.db.storydate import story_date
from mali_news.reference.background import Paragraph, find_clusters

CLUSTERS = ParagraphCluster.__table__
MEMBERS = ParagraphClusterMember.__table__
# Recycled background is what a story tells as its own: paragraphs and quotes.
BACKGROUND_KINDS = ("paragraph", "blockquote")


@dataclass
class BackgroundSummary:
    clusters: int
    background_paragraphs: int
    # Background characters over story characters, the whole corpus.
    share: float | None


def refresh_background(conn: Connection) -> BackgroundSummary:
    """Find the corpus' recycled paragraphs again and rewrite paragraph_clusters and members."""
    # Deleted first: the transaction holds the write lock before it reads, so two crawls ending
    # together (a shared crawl's workers) rebuild one after the other, the second from all rows.
    conn.execute(delete(MEMBERS))
    conn.execute(delete(CLUSTERS))
    paragraphs = [Paragraph(row.article_id, row.position, row.text) for row in conn.execute(text(f"""
        SELECT b.article_id, b.position, b.text FROM article_blocks b JOIN articles a ON a.id = b.article_id
        WHERE b.kind IN ({", ".join(f"'{kind}'" for kind in BACKGROUND_KINDS)})
        ORDER BY {story_date('a')}, a.id, b.position"""))]
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
