"""The same models, migrations and writes on PostgreSQL (skipped where PostgreSQL is not installed)."""

import os
import subprocess
import sys
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from mali_news.db import migrate
from mali_news.db.engine import init_db, make_engine
from mali_news.db.models import Base
from mali_news.db.writes import write_articles
from tests.corpus_helpers import build_corpus, corpus_rows
from tests.helpers import ROOT, SITE
from tests.test_db_writes import T1, T2, cleaned

pytestmark = pytest.mark.postgresql


@pytest.fixture
def engine(postgresql):
    engine = make_engine(postgresql.new_database())
    yield engine
    engine.dispose()


def test_migrations_apply_and_match_the_models(engine):
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_first_schema_upgraded_in_place_keeps_its_rows(engine):
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO articles (id, url, source_url, layout, title, body, word_count, "
            "content_hash, first_seen_at, last_crawled_at) VALUES (7, 'https://www.cnn.com/x', "
            "'http://edition.cnn.com/x', 'legacy', 'Mali', 'Gao.', 1, 'h', '2026-01-01', "
            "'2026-01-02')"))
        conn.execute(text("INSERT INTO highlights VALUES (7, 0, 'Troops reach Gao', true)"))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT title, version, highlights_text FROM articles")).all() == [
            ("Mali", 1, "Troops reach Gao")]
        assert conn.execute(text("SELECT url FROM fetches")).scalars().all() == ["https://www.cnn.com/x"]


def test_writes_revisions_and_views(engine):
    sessions = init_db(engine)
    with sessions() as session, session.begin():
        assert write_articles(session, [cleaned()], T1).new == 1
    with sessions() as session, session.begin():
        assert write_articles(session, [cleaned()], T2).unchanged == 1
    with sessions() as session, session.begin():
        assert write_articles(session, [cleaned(body="Second.")], T2).updated == 1
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version, is_current FROM article_versions "
                                 "ORDER BY version")).all() == [(1, 0), (2, 1)]
        assert conn.execute(text("SELECT authors, n_highlights, n_links FROM article_overview")).all() == [
            ("Nima Elbagir; Ingrid Formanek", 1, 1)]
        updated = conn.execute(text("SELECT updated_at FROM articles")).scalar_one()
    assert updated == datetime(2013, 1, 25, 21, 47)  # naive UTC


# A whole crawl: pytest -m "not slow" leaves it out.
@pytest.mark.slow
def test_a_crawl_into_postgresql_gives_the_sqlite_corpus(postgresql, tmp_path):
    url = postgresql.new_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALI_NEWS_")}
    subprocess.run([sys.executable, "-m", "scrapy", "crawl", "cnn_mali", "-s", f"MALI_NEWS_REPLAY={SITE}",
                    "-s", f"MALI_NEWS_DATABASE_URL={url}", "-s", "LOG_LEVEL=WARNING"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    sqlite_db = build_corpus(tmp_path / "c.sqlite")
    assert corpus_rows(url) == corpus_rows(f"sqlite:///{sqlite_db}")
