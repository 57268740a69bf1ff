import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mali_news.db import migrate
from mali_news.db.engine import make_engine
from mali_news.db.models import Base

FIRST = "0001"
ROWS_0001 = [
    "INSERT INTO articles (id, url, source_url, layout, title, byline, dateline, published_at, "
    "updated_at, timestamp_text, body, word_count, content_hash, first_seen_at, last_crawled_at) "
    "VALUES (7, 'https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html', "
    "'http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html', 'legacy', "
    "'Malian security forces push into rebel territory', 'By Nima Elbagir and Ingrid Formanek, CNN', "
    "'(CNN)', '2013-01-25 12:08:41', '2013-01-25 21:47:00', "
    "'January 25, 2013 -- Updated 2147 GMT (0547 HKT)', "
    "'Malian security forces took Hombori.\n\nTassiga bridge destroyed.', 9, 'abc', "
    "'2026-01-01 00:00:00', '2026-01-02 00:00:00')",
    "INSERT INTO authors (id, name) VALUES (1, 'Nima Elbagir'), (2, 'Ingrid Formanek')",
    "INSERT INTO article_authors VALUES (7, 0, 1), (7, 1, 2)",
    "INSERT INTO highlights VALUES (7, 0, 'Islamist extremists destroy a bridge', 1), "
    "(7, 1, 'U.N. official warns of terrorism threat', 1)",
    "INSERT INTO links VALUES (7, 0, 'https://www.cnn.com/2012/10/21/world/africa/mali-q-a/index.html', "
    "'read_more', 'What''s behind the instability in Mali?', NULL, NULL, NULL)",
    "INSERT INTO crawl_runs VALUES (1, 'cnn_mali', '2026-01-01 00:00:00', '2026-01-01 00:01:00', "
    "'finished', 12, 1, 0, 0, 0, 0, '{}')",
]


@pytest.fixture
def db(tmp_path):
    return tmp_path / "c.sqlite"


def dump(path, sql):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_models_and_migrations_describe_the_same_schema(db):
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            "include_name": lambda name, kind, _parent: not (
                kind == "table" and (name or "").startswith("articles_fts")),
        })
        assert compare_metadata(context, Base.metadata) == []
    assert migrate.current(engine) == migrate.head()
    engine.dispose()


def test_first_schema_upgraded_in_place_keeps_every_row(db):
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine, FIRST)
    assert migrate.current(engine) == FIRST
    with sqlite3.connect(db) as conn:
        for statement in ROWS_0001:
            conn.execute(statement)
    before = {table: dump(db, f"SELECT * FROM {table} ORDER BY 1, 2")
              for table in ("authors", "article_authors", "highlights", "links")}
    articles_before = dump(db, "SELECT id, url, title, body, updated_at FROM articles")
    migrate.upgrade(engine)
    engine.dispose()
    assert migrate.current(make_engine(f"sqlite:///{db}")) == migrate.head()
    # Rows keep their values; 0006 adds authors.kind ('person') and article_authors' role and
    # outlet (empty) after them.
    added = {"authors": ("person",), "article_authors": (None, None)}
    for table, rows in before.items():
        assert dump(db, f"SELECT * FROM {table} ORDER BY 1, 2") == [
            row + added.get(table, ()) for row in rows]
    assert dump(db, "SELECT url, article_id FROM article_urls ORDER BY url") == [
        ("http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", 7),
        ("https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", 7)]
    assert dump(db, "SELECT published_precision, content_hash, page_hash FROM articles") == [
        ("minute", "", "")]
    assert dump(db, "SELECT id, url, title, body, updated_at FROM articles") == articles_before
    assert dump(db, "SELECT version, version_at, highlights_text FROM articles") == [
        (1, "2026-01-02 00:00:00",
         "Islamist extremists destroy a bridge\nU.N. official warns of terrorism threat")]
    assert dump(db, "SELECT finish_reason, pages_fetched, pages_skipped FROM crawl_runs") == [
        ("finished", 12, 0)]
    # The new features work on the old rows.
    assert dump(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'tassiga'") == [(7,)]
    assert dump(db, "SELECT version, is_current FROM article_versions") == [(1, 1)]
    assert dump(db, "SELECT authors, n_highlights, n_links FROM article_overview") == [
        ("Nima Elbagir; Ingrid Formanek", 2, 1)]
    assert dump(db, "SELECT url, last_fetched_at FROM fetches") == [
        ("https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", "2026-01-02 00:00:00")]
    # The stored story becomes its own record: a rendering of the page it was read from.
    assert dump(db, "SELECT url, source, is_record, layout FROM renderings") == [
        ("https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", "live", 1, "legacy")]
    assert dump(db, "SELECT json_array_length(highlights) FROM article_renderings") == [(2,)]
    assert dump(db, "SELECT count(*) FROM rendering_changes") == [(0,)]


def test_upgrade_is_idempotent_and_downgrade_works(db):
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    assert dump(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                    "AND name NOT LIKE 'alembic%'") == []
    engine.dispose()


def test_a_migration_finished_by_another_worker_between_two_reads_is_not_an_error(db, monkeypatch):
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine)
    # This worker read no version, then another one committed tables and version together.
    versions = iter([None, migrate.head()])
    monkeypatch.setattr(migrate, "current", lambda _engine: next(versions))
    migrate.upgrade(engine)  # no SchemaError: the schema is there, upgrading it is a no-op
    monkeypatch.undo()
    assert migrate.current(engine) == migrate.head()
    engine.dispose()


def test_0019_names_the_wayback_route_and_gives_old_stories_the_archive_of_their_capture(db):
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine, FIRST)
    with sqlite3.connect(db) as conn:
        conn.execute(ROWS_0001[0])
    migrate.upgrade(engine, "0018")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET capture_url = 'https://web.archive.org/web/20130126003000id_/"
                     "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html'")
        conn.execute("INSERT INTO candidates (url, found_url, source, status, first_found_at, updated_at) "
                     "VALUES ('u', 'u', 'archive', 'queued', '2026-12-05 00:00:00', '2026-12-05 00:00:00')")
    migrate.upgrade(engine)
    engine.dispose()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT source FROM candidates").fetchall() == [("wayback",)]
        # The origin the capture's address shows; its status was never recorded, so it stays NULL.
        assert conn.execute("SELECT origin, capture_status FROM articles").fetchall() == [("wayback", None)]
