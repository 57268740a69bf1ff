"""How far each prefix query of the archive's index was read; each candidate's capture and why it was found.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from mali_news.db.models import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "discovery_listings",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(512), nullable=False),
        sa.Column("original_regex", sa.Text(), nullable=False),
        sa.Column("resume_key", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(128), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("found", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_discovery_listings"),
    )
    op.create_index("ix_discovery_listings_source", "discovery_listings", ["source"])
    op.create_index("ix_discovery_listings_status", "discovery_listings", ["status"])
    with op.batch_alter_table("candidates") as batch:
        batch.add_column(sa.Column("capture", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("why", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("candidates") as batch:
        batch.drop_column("why")
        batch.drop_column("capture")
    op.drop_index("ix_discovery_listings_status", "discovery_listings")
    op.drop_index("ix_discovery_listings_source", "discovery_listings")
    op.drop_table("discovery_listings")
