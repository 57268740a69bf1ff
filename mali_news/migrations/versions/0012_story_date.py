"""story_index's month is the month of the one story date (publication, else update, else first seen).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from mali_news.migrations.views import create_view, drop_view

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    drop_view("story_index")
    create_view("story_index", story_date=True)


def downgrade() -> None:
    drop_view("story_index")
    create_view("story_index")
