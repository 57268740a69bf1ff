"""articles.topic_score and topic_terms: how much a story is about the conflict, and why.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("topic_score", sa.Float(), nullable=True))
    op.add_column("articles", sa.Column("topic_terms", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("topic_terms")
        batch.drop_column("topic_score")
