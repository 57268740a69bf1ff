"""Who is quoted: each attributed statement of a story, its speaker, role and kind of source.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quotes",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("verb", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_quotes_article_id_articles"),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"], ondelete="SET NULL",
                                name="fk_quotes_actor_id_actors"),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_quotes"),
    )
    op.create_index("ix_quotes_category", "quotes", ["category"])
    op.create_index("ix_quotes_actor_id", "quotes", ["actor_id"])


def downgrade() -> None:
    op.drop_index("ix_quotes_actor_id", "quotes")
    op.drop_index("ix_quotes_category", "quotes")
    op.drop_table("quotes")
