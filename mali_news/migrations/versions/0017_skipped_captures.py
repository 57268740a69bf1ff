"""The captures an archive served for a story that were not the story, and why.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from mali_news.db.models import UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "skipped_captures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("archive", sa.String(32), nullable=False),
        sa.Column("capture_url", sa.String(2048), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_skipped_captures"),
        sa.UniqueConstraint("url", "capture_url", name="uq_skipped_captures_url_capture"),
    )
    op.create_index("ix_skipped_captures_url", "skipped_captures", ["url"])
    op.create_index("ix_skipped_captures_reason", "skipped_captures", ["reason"])


def downgrade() -> None:
    op.drop_index("ix_skipped_captures_reason", "skipped_captures")
    op.drop_index("ix_skipped_captures_url", "skipped_captures")
    op.drop_table("skipped_captures")
