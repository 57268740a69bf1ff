"""One way to open a corpus: any file name, read-only readers, no other program's file, and one
clear line for a newer or a damaged one."""

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mali_news.db import migrate
from mali_news.db.engine import make_engine
from mali_news.db.opening import (
    CorpusError,
    DamagedCorpusError,
    check_crawl_target,
    database_url,
    look,
    open_corpus,
)
from tests.corpus_helpers import copy_corpus
from tests.helpers import ROOT


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mali_news.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    return lines[0]


def foreign(path: Path) -> Path:
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('tiguadege na')")
    # Closed now, not when collected: the last connection's checkpoint would change the file later.
    db.close()
    return path


def newer(path: Path) -> Path:
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    db.close()
    return path


def damage(path: Path) -> Path:
    """Overwrite the last pages of the file: a query reaching them meets garbage."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xa5" * (size - size // 2))
    return path


@pytest.mark.parametrize("name", ["h#x.sqlite", "q?x.sqlite", "pct%41.sqlite", "sp ace.sqlite"])
def test_any_file_name_opens_that_file(fixture_corpus, tmp_path, name):
    target = copy_corpus(fixture_corpus, tmp_path / name)
    before = digest(target)
    engine = open_corpus(str(target))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM articles").scalar() > 0
    engine.dispose()
    result = cli("stats", "--db", str(target))
    assert result.returncode == 0, result.stderr
    # That file and nothing else: no "h" for "h#x.sqlite", no "pctA.sqlite" (SQLite keeps its
    # -wal and -shm beside a file in WAL mode, even for a reader).
    assert {p.name for p in tmp_path.iterdir()} <= {name, f"{name}-wal", f"{name}-shm"}
    assert digest(target) == before


def test_a_path_is_never_read_as_a_url():
    url = database_url("/data/pct%41 #1?.sqlite")
    assert url.database == "/data/pct%41 #1?.sqlite" and url.get_backend_name() == "sqlite"


def test_missing_file_is_not_created(tmp_path):
    with pytest.raises(CorpusError, match="no database file at"):
        open_corpus(str(tmp_path / "missing.sqlite"))
    assert not (tmp_path / "missing.sqlite").exists()


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database at all, just words " * 100)
    with pytest.raises(DamagedCorpusError, match=f"cannot read {path}: file is not a database"):
        open_corpus(str(path))


def test_another_programs_database_is_refused_and_unchanged(tmp_path):
    path = foreign(tmp_path / "other.sqlite")
    before = digest(path)
    with pytest.raises(CorpusError, match=r"not a mali_news corpus .*recipes.* left unchanged"):
        open_corpus(str(path))
    with pytest.raises(CorpusError, match="not a mali_news corpus"):
        check_crawl_target(str(path))
    assert digest(path) == before


def test_an_old_schema_asks_for_an_upgrade(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(CorpusError, match="run `mali-news db upgrade"):
        open_corpus(str(path))


def test_a_newer_schema_is_named_and_not_sent_to_upgrade(fixture_corpus, tmp_path):
    path = newer(copy_corpus(fixture_corpus, tmp_path / "new.sqlite"))
    message = (f"{path} was written by a newer mali_news, revision 9999_from_the_future; "
               f"this release knows up to {migrate.head()}")
    for writable in (False, True):
        with pytest.raises(CorpusError) as raised:
            open_corpus(str(path), writable=writable)
        assert str(raised.value) == message
    assert "upgrade" not in message


def test_reading_never_writes(fixture_corpus):
    engine = open_corpus(str(fixture_corpus))
    with engine.connect() as conn, pytest.raises(Exception, match="readonly"):
        conn.exec_driver_sql("DELETE FROM articles")
    engine.dispose()


def test_what_is_there(fixture_corpus, tmp_path):
    assert look(database_url(str(tmp_path / "none.sqlite"))).kind == "missing"
    (tmp_path / "empty.sqlite").write_bytes(b"")
    assert look(database_url(str(tmp_path / "empty.sqlite"))).kind == "empty"
    assert look(database_url(str(fixture_corpus))).kind == "corpus"
    assert look(database_url(str(foreign(tmp_path / "f.sqlite")))).kind == "foreign"


@pytest.mark.parametrize(("value", "url"), [
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("/data/c.sqlite", "sqlite:////data/c.sqlite"),
])
def test_database_url(value, url):
    assert database_url(value).render_as_string() == url


# Every command, on each kind of bad file: one line, a non-zero status, the file unchanged.
READERS = [["stats"], ["search", "Timbuktu"], ["coverage"], ["export"], ["db", "current"]]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_readers_on_a_foreign_a_newer_and_a_missing_file(fixture_corpus, tmp_path, command):
    other = foreign(tmp_path / "other.sqlite")
    future = newer(copy_corpus(fixture_corpus, tmp_path / "future.sqlite"))
    for path, words in ((other, "is not a mali_news corpus"), (future, "written by a newer mali_news"),
                        (tmp_path / "missing.sqlite", "no database file at")):
        before = digest(path) if path.exists() else None
        result = cli(*command, "--db", str(path))
        assert result.returncode == 2 and words in one_line(result), (path, result.stderr)
        assert (digest(path) if path.exists() else None) == before


@pytest.mark.parametrize("command", [*READERS, ["report", "--out", "r.html"], ["enrich"]],
                         ids=lambda c: c[0])
def test_damage_gets_one_line_naming_the_file(fixture_corpus, tmp_path, command):
    path = damage(copy_corpus(fixture_corpus, tmp_path / "hurt.sqlite"))
    result = cli(*command, "--db", str(path), cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    line = one_line(result)
    assert str(path) in line and ("malformed" in line or "damaged" in line or "not a database" in line), line


def test_search_on_an_index_that_names_lost_stories_gets_the_same_one_line(fixture_corpus, tmp_path):
    # The file's story pages damaged, its full-text index still readable: the index names rows
    # the file no longer holds.
    path = copy_corpus(fixture_corpus, tmp_path / "lost.sqlite")
    with sqlite3.connect(path) as conn:
        conn.executescript("DROP TRIGGER articles_ad; PRAGMA foreign_keys = OFF; "
                           "DELETE FROM articles WHERE url LIKE '%mali-q-a%';")
    result = cli("search", "Mali", "--db", str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert one_line(result) == (f"mali-news search: cannot read {path}: damaged: the full-text index "
                                "names 1 stories the file no longer holds")


def test_db_upgrade_never_creates_unless_asked(tmp_path):
    typo = tmp_path / "typo.sqlite"
    result = cli("db", "upgrade", "--db", str(typo))
    assert result.returncode == 2 and "--create" in one_line(result)
    assert not typo.exists()
    result = cli("db", "upgrade", "--create", "--db", str(typo))
    assert result.returncode == 0, result.stderr
    assert look(database_url(str(typo))).kind == "corpus"


def test_db_upgrade_and_crawl_refuse_another_programs_file(tmp_path):
    path = foreign(tmp_path / "other.sqlite")
    before = digest(path)
    result = cli("db", "upgrade", "--create", "--db", str(path))
    assert result.returncode == 2 and "not a mali_news corpus" in one_line(result)
    result = cli("crawl", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{path}",
                 "-s", "MALI_NEWS_REPLAY=fixtures/site")
    assert result.returncode == 2 and "not a mali_news corpus" in one_line(result)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_crawl_refuses_a_newer_corpus(fixture_corpus, tmp_path):
    path = newer(copy_corpus(fixture_corpus, tmp_path / "future.sqlite"))
    before = digest(path)
    result = cli("crawl", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{path}",
                 "-s", "MALI_NEWS_REPLAY=fixtures/site")
    assert result.returncode == 2 and "written by a newer mali_news" in one_line(result)
    assert digest(path) == before

