"""articles.kind (story, blog_post, transcript) and transcript_turns.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("kind", sa.String(16), nullable=False, server_default="story"))
    op.create_index("ix_articles_kind", "articles", ["kind"])
    op.create_table(
        "transcript_turns",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("matched", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_transcript_turns_article_id_articles"),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_transcript_turns"),
    )


def downgrade() -> None:
    op.drop_table("transcript_turns")
    op.drop_index("ix_articles_kind", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("kind")
