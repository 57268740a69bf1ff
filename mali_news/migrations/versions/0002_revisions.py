"""Versions of a story: article_revisions, fetch times, and richer crawl_runs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from mali_news.db.models import UTCDateTime
from mali_news.migrations.views import create_view, drop_view

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("page_hash", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("version_at", UTCDateTime(), nullable=True))
    # Existing rows: their one version is the one last written; an empty page_hash makes the
    # next crawl refresh them in place (without a new version).
    op.execute("UPDATE articles SET version_at = last_crawled_at")
    with op.batch_alter_table("articles") as batch:
        batch.alter_column("version_at", existing_type=UTCDateTime(), nullable=False)
        batch.alter_column("page_hash", server_default=None)
        batch.alter_column("version", server_default=None)
    op.create_table(
        "article_revisions",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("highlights", sa.JSON(), nullable=False),
        sa.Column("dateline", sa.Text(), nullable=True),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("timestamp_text", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("version_at", UTCDateTime(), nullable=False),
        sa.Column("replaced_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_article_revisions_article_id_articles"),
        sa.PrimaryKeyConstraint("article_id", "version", name="pk_article_revisions"),
    )
    op.create_index("ix_article_revisions_url", "article_revisions", ["url"])
    op.create_table(
        "fetches",
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("last_fetched_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_fetches"),
    )
    op.create_index("ix_fetches_last_fetched_at", "fetches", ["last_fetched_at"])
    op.execute("INSERT INTO fetches (url, last_fetched_at) SELECT url, last_crawled_at FROM articles")
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("pages_skipped", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("dropped", sa.JSON(), nullable=True))
    with op.batch_alter_table("crawl_runs") as batch:
        batch.alter_column("pages_skipped", server_default=None)
    create_view("article_versions")


def downgrade() -> None:
    drop_view("article_versions")
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("dropped")
        batch.drop_column("pages_skipped")
    op.drop_table("fetches")
    op.drop_table("article_revisions")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("version_at")
        batch.drop_column("version")
        batch.drop_column("page_hash")
