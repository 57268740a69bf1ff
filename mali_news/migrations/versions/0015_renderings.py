"""Every rendering of a story (archived captures, today's re-serve, replays), its record, and their changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from mali_news.db.models import UTCDateTime
from mali_news.migrations.views import create_view, drop_view

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

STORY_KINDS = "('paragraph', 'subhead', 'list_item', 'blockquote')"
# Each stored story becomes its own record: the rendering it was stored from.
BACKFILL = {
    "sqlite": f"""
        INSERT INTO article_renderings (article_id, source, captured_at, fetched_at, layout, content_hash,
            source_url, capture_url, title, byline, timestamp_text, published_at, updated_at,
            highlights, blocks, word_count, is_record)
        SELECT a.id, coalesce(a.origin, CASE WHEN a.capture_url IS NOT NULL THEN 'wayback' ELSE 'live' END),
            coalesce(a.captured_at, a.version_at), a.last_crawled_at, a.layout, a.content_hash,
            a.source_url, a.capture_url, a.title, a.byline, a.timestamp_text, a.published_at, a.updated_at,
            (SELECT json_group_array(text) FROM (SELECT text FROM highlights h
                 WHERE h.article_id = a.id ORDER BY position)),
            (SELECT json_group_array(json_array(kind, text)) FROM (SELECT kind, text FROM article_blocks b
                 WHERE b.article_id = a.id AND b.kind IN {STORY_KINDS} ORDER BY position)),
            a.word_count, 1
        FROM articles a""",
    "postgresql": f"""
        INSERT INTO article_renderings (article_id, source, captured_at, fetched_at, layout, content_hash,
            source_url, capture_url, title, byline, timestamp_text, published_at, updated_at,
            highlights, blocks, word_count, is_record)
        SELECT a.id, coalesce(a.origin, CASE WHEN a.capture_url IS NOT NULL THEN 'wayback' ELSE 'live' END),
            coalesce(a.captured_at, a.version_at), a.last_crawled_at, a.layout, a.content_hash,
            a.source_url, a.capture_url, a.title, a.byline, a.timestamp_text, a.published_at, a.updated_at,
            coalesce((SELECT json_agg(h.text ORDER BY h.position) FROM highlights h
                      WHERE h.article_id = a.id), '[]'::json),
            coalesce((SELECT json_agg(json_build_array(b.kind, b.text) ORDER BY b.position)
                      FROM article_blocks b WHERE b.article_id = a.id AND b.kind IN {STORY_KINDS}),
                     '[]'::json),
            a.word_count, true
        FROM articles a""",
}


def upgrade() -> None:
    op.create_table(
        "article_renderings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("captured_at", UTCDateTime(), nullable=False),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.Column("layout", sa.String(32), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source_url", sa.String(2048), nullable=False),
        sa.Column("capture_url", sa.String(2048), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("timestamp_text", sa.Text(), nullable=True),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("highlights", sa.JSON(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("is_record", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_article_renderings_article_id_articles"),
        sa.PrimaryKeyConstraint("id", name="pk_article_renderings"),
        sa.UniqueConstraint("article_id", "source", "content_hash",
                            name="uq_article_renderings_article_id"),
    )
    op.create_index("ix_article_renderings_article_id", "article_renderings", ["article_id"])
    dialect = op.get_bind().dialect.name
    op.execute(BACKFILL.get(dialect, BACKFILL["postgresql"]))
    create_view("renderings")
    create_view("rendering_changes")


def downgrade() -> None:
    drop_view("rendering_changes")
    drop_view("renderings")
    op.drop_index("ix_article_renderings_article_id", "article_renderings")
    op.drop_table("article_renderings")
