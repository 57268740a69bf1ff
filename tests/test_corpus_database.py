import sqlite3

import pytest

from mali_news.corpus.database import CorpusError, database_url, open_corpus
from mali_news.db import migrate
from mali_news.db.engine import make_engine


def test_missing_file_is_not_created(tmp_path):
    with pytest.raises(CorpusError, match="no database file at"):
        open_corpus(str(tmp_path / "missing.sqlite"))
    assert not (tmp_path / "missing.sqlite").exists()


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database at all, just words " * 100)
    with pytest.raises(CorpusError, match="not a database"):
        open_corpus(str(path))


def test_a_database_that_is_not_a_corpus(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(CorpusError, match="not a mali_news corpus"):
        open_corpus(str(path))


def test_an_old_schema_asks_for_an_upgrade(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(CorpusError, match="run `mali-news db upgrade"):
        open_corpus(str(path))


def test_reading_never_writes(fixture_corpus):
    engine = open_corpus(str(fixture_corpus))
    with engine.connect() as conn, pytest.raises(Exception, match="readonly"):
        conn.exec_driver_sql("DELETE FROM articles")
    engine.dispose()


@pytest.mark.parametrize(("value", "url"), [
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("/data/c.sqlite", "sqlite:////data/c.sqlite"),
])
def test_database_url(value, url):
    assert database_url(value) == url
