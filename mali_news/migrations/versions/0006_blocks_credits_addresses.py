"""Typed story blocks, credits with kinds, roles and outlets, every address of a story, and the
precision of published_at.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN keeps the tables (and the FTS triggers on articles) in place.
    op.add_column("articles", sa.Column("published_precision", sa.String(8), nullable=True))
    op.execute("UPDATE articles SET published_precision = 'minute' WHERE published_at IS NOT NULL")
    # The content hash now covers title, credits, highlights and story text only: an empty one
    # makes the next crawl rewrite each story in place, blocks included, without a new version.
    op.execute("UPDATE articles SET content_hash = '', page_hash = ''")
    op.add_column("authors", sa.Column("kind", sa.String(16), nullable=False,
                                       server_default="person"))
    op.add_column("article_authors", sa.Column("role", sa.Text(), nullable=True))
    op.add_column("article_authors", sa.Column("outlet", sa.Text(), nullable=True))
    op.create_table(
        "article_blocks",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("marker", sa.String(16), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_article_blocks_article_id_articles"),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_article_blocks"),
    )
    op.create_index("ix_article_blocks_kind", "article_blocks", ["kind"])
    op.create_table(
        "article_urls",
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_article_urls_article_id_articles"),
        sa.PrimaryKeyConstraint("url", name="pk_article_urls"),
    )
    op.create_index("ix_article_urls_article_id", "article_urls", ["article_id"])
    op.execute("INSERT INTO article_urls (url, article_id) SELECT url, id FROM articles")
    op.execute("INSERT INTO article_urls (url, article_id) SELECT source_url, id FROM articles a "
               "WHERE NOT EXISTS (SELECT 1 FROM article_urls u WHERE u.url = a.source_url)")


def downgrade() -> None:
    op.drop_index("ix_article_urls_article_id", "article_urls")
    op.drop_table("article_urls")
    op.drop_index("ix_article_blocks_kind", "article_blocks")
    op.drop_table("article_blocks")
    with op.batch_alter_table("article_authors") as batch:
        batch.drop_column("outlet")
        batch.drop_column("role")
    with op.batch_alter_table("authors") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("published_precision")
