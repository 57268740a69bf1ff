"""Places and actors with their mentions; recycled background paragraphs and each story's share.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from mali_news.migrations.views import create_view, drop_view

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _mentions(table: str, target: str, key: str) -> None:
    op.create_table(
        table,
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column(key, sa.String(64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_position", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name=f"fk_{table}_article_id_articles"),
        sa.ForeignKeyConstraint([key], [f"{target}.id"], ondelete="CASCADE",
                                name=f"fk_{table}_{key}_{target}"),
        sa.PrimaryKeyConstraint("article_id", key, name=f"pk_{table}"),
    )
    op.create_index(f"ix_{table}_{key}", table, [key])


def upgrade() -> None:
    op.create_table(
        "places",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("alternate_names", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("admin1", sa.String(128), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
    )
    op.create_index("ix_places_country", "places", ["country"])
    op.create_table(
        "actors",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("alternate_names", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_actors"),
    )
    op.create_index("ix_actors_kind", "actors", ["kind"])
    _mentions("place_mentions", "places", "place_id")
    _mentions("actor_mentions", "actors", "actor_id")
    op.create_table(
        "paragraph_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_article_id", sa.Integer(), nullable=False),
        sa.Column("first_position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("n_paragraphs", sa.Integer(), nullable=False),
        sa.Column("n_articles", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["first_article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_paragraph_clusters_first_article_id_articles"),
        sa.PrimaryKeyConstraint("id", name="pk_paragraph_clusters"),
    )
    op.create_table(
        "paragraph_cluster_members",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_paragraph_cluster_members_article_id_articles"),
        sa.ForeignKeyConstraint(["cluster_id"], ["paragraph_clusters.id"], ondelete="CASCADE",
                                name="fk_paragraph_cluster_members_cluster_id_paragraph_clusters"),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_paragraph_cluster_members"),
    )
    op.create_index("ix_paragraph_cluster_members_cluster_id", "paragraph_cluster_members",
                    ["cluster_id"])
    create_view("article_background")
    create_view("story_index")


def downgrade() -> None:
    drop_view("story_index")
    drop_view("article_background")
    op.drop_index("ix_paragraph_cluster_members_cluster_id", "paragraph_cluster_members")
    op.drop_table("paragraph_cluster_members")
    op.drop_table("paragraph_clusters")
    for table, key in (("actor_mentions", "actor_id"), ("place_mentions", "place_id")):
        op.drop_index(f"ix_{table}_{key}", table)
        op.drop_table(table)
    op.drop_index("ix_actors_kind", "actors")
    op.drop_table("actors")
    op.drop_index("ix_places_country", "places")
    op.drop_table("places")
