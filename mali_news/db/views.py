"""SQL views for analysts, created with the tables."""

from sqlalchemy import DDL, event

from mali_news.db.models import Base

VIEWS: dict[str, str] = {
    # Every version of every story: replaced ones from article_revisions, the newest from articles.
    "article_versions": """
        SELECT article_id, url, version, title, byline, published_at, updated_at, timestamp_text,
               body, word_count, version_at, replaced_at, 0 AS is_current
        FROM article_revisions
        UNION ALL
        SELECT id, url, version, title, byline, published_at, updated_at, timestamp_text,
               body, word_count, version_at, NULL, 1
        FROM articles
    """,
}


def create_views_ddl() -> list[DDL]:
    """CREATE statements that leave an existing view alone (SQLite) or replace it (others)."""
    statements = []
    for name, sql in VIEWS.items():
        statements.append(DDL(f"CREATE VIEW IF NOT EXISTS {name} AS {sql}").execute_if(dialect="sqlite"))
        statements.append(DDL(f"CREATE OR REPLACE VIEW {name} AS {sql}").execute_if(
            callable_=lambda _ddl, _target, bind, **_kw: bind.dialect.name != "sqlite"))
    return statements


for _ddl in create_views_ddl():
    event.listen(Base.metadata, "after_create", _ddl)
