"""store_failures: articles a crawl fetched and could not store, with the error.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

from mali_news.db.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", UTCDateTime(), nullable=False),
        sa.Column("crawl_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["crawl_run_id"], ["crawl_runs.id"], ondelete="SET NULL",
                                name="fk_store_failures_crawl_run_id_crawl_runs"),
        sa.PrimaryKeyConstraint("id", name="pk_store_failures"),
    )
    op.create_index("ix_store_failures_url", "store_failures", ["url"])


def downgrade() -> None:
    op.drop_index("ix_store_failures_url", "store_failures")
    op.drop_table("store_failures")
