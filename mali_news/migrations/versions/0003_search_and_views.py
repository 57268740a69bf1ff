"""For analysts: full-text search over title, highlights and body, and the overview views.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from mali_news.migrations.views import create_view, drop_view

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FTS_COLUMNS = "title, highlights_text, body"
# The external-content FTS5 table and triggers in the form sqlite-utils writes and Datasette
# detects (content="articles"), so `datasette corpus.sqlite` offers search with no configuration.
SQLITE_FTS = [
    f'CREATE VIRTUAL TABLE articles_fts USING fts5({FTS_COLUMNS}, content="articles", '
    'content_rowid="id", tokenize="porter unicode61 remove_diacritics 2")',
    f"""CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.highlights_text, new.body);
    END""",
    f"""CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.highlights_text, old.body);
    END""",
    f"""CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.highlights_text, old.body);
        INSERT INTO articles_fts (rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.highlights_text, new.body);
    END""",
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("highlights_text", sa.Text(), nullable=True))
    dialect = op.get_bind().dialect.name
    aggregate = ("group_concat(text, char(10))" if dialect == "sqlite"
                 else "string_agg(text, chr(10) ORDER BY position)")
    op.execute(f"""UPDATE articles SET highlights_text = (
        SELECT {aggregate} FROM (SELECT text, position FROM highlights
                                 WHERE highlights.article_id = articles.id ORDER BY position) h)""")
    op.create_index("ix_links_kind", "links", ["kind"])
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    create_view("article_overview")
    create_view("coverage_links")


def downgrade() -> None:
    drop_view("coverage_links")
    drop_view("article_overview")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("articles_au", "articles_ad", "articles_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    op.drop_index("ix_links_kind", "links")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("highlights_text")
