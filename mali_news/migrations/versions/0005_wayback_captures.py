"""articles.capture_url and captured_at: where a page read from the Wayback Machine came from.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from mali_news.db.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN keeps the table (and the FTS triggers on it) in place.
    op.add_column("articles", sa.Column("capture_url", sa.String(2048), nullable=True))
    op.add_column("articles", sa.Column("captured_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("captured_at")
        batch.drop_column("capture_url")
