"""Where a page read from Common Crawl lies: its crawl and WARC record (file, offset, length).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLES = ("articles", "article_renderings")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("capture_crawl", sa.String(32), nullable=True))
            batch.add_column(sa.Column("warc_filename", sa.String(512), nullable=True))
            batch.add_column(sa.Column("warc_record_offset", sa.BigInteger(), nullable=True))
            batch.add_column(sa.Column("warc_record_length", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for column in ("warc_record_length", "warc_record_offset", "warc_filename", "capture_crawl"):
                batch.drop_column(column)
