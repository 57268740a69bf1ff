"""Blog posts' categories and tags; candidates found by discovery and what became of them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from mali_news.db.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("categories", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("tags", sa.Text(), nullable=True))
    op.create_table(
        "candidates",
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("found_url", sa.String(2048), nullable=False),
        sa.Column("first_found_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(128), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_candidates"),
    )
    op.create_index("ix_candidates_source", "candidates", ["source"])
    op.create_index("ix_candidates_status", "candidates", ["status"])


def downgrade() -> None:
    op.drop_index("ix_candidates_status", "candidates")
    op.drop_index("ix_candidates_source", "candidates")
    op.drop_table("candidates")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("tags")
        batch.drop_column("categories")
