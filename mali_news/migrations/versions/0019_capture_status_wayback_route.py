"""A capture's recorded status; stories stored before origins were kept get their archive's; the
Wayback Machine's discovery route is "wayback".

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

TABLES = ("articles", "article_renderings")
# The discovery route's stored name: "archive" before the second archive came.
ROUTE_TABLES = ("candidates", "discovery_listings")
# Each archive's capture addresses: a Wayback replay address; a Common Crawl WARC file.
SHAPES = {"wayback": "%/web/%", "commoncrawl": "%/crawl-data/CC-MAIN-%"}


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            # NULL for rows stored before it was kept: their status was not recorded.
            batch.add_column(sa.Column("capture_status", sa.Integer(), nullable=True))
    for table in ROUTE_TABLES:
        op.execute(sa.text(f"UPDATE {table} SET source = 'wayback' WHERE source = 'archive'"))
    # From here on the archive travels with the capture; a story stored before 0014 has only its
    # capture's address to say which archive it came from, read here once.
    for origin, shape in SHAPES.items():
        fill = sa.text("UPDATE articles SET origin = :origin WHERE origin IS NULL AND capture_url LIKE :at")
        op.execute(fill.bindparams(origin=origin, at=shape))


def downgrade() -> None:
    for table in ROUTE_TABLES:
        op.execute(sa.text(f"UPDATE {table} SET source = 'archive' WHERE source = 'wayback'"))
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("capture_status")
