"""One way to open a corpus: any file name, read-only for readers, never another program's file."""

import hashlib
import sqlite3
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from mali_news import UserError
from mali_news.db import migrate
from mali_news.db.engine import make_engine


class CorpusError(UserError):
    """The database cannot be used as a mali_news corpus; the message says why."""

    status = 2


class DamagedCorpusError(CorpusError):
    """SQLite cannot read the file (damaged, or not a database at all)."""

    status = 1


def database_url(value: str | URL) -> URL:
    """A SQLAlchemy URL from a URL or a plain file path; a path is never parsed as a URL, so
    '#', '?' and '%' in a file name are only characters."""
    if isinstance(value, URL):
        return value
    if "://" in value:
        return make_url(value)
    return URL.create("sqlite", database=str(Path(value).expanduser().resolve()))


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL (None for other databases and for :memory:)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.query.get("uri"):
        # A read-only URL made by read_only(): file:///... with the path percent-encoded.
        return Path(unquote(urlsplit(url.database).path))
    return Path(url.database).expanduser()


def shown(url: URL) -> str:
    path = sqlite_file(url)
    return str(path) if path is not None else url.render_as_string(hide_password=True)


def read_only(url: URL) -> URL:
    """A URL that opens the SQLite file read-only: a query can never create or change it.
    Path.as_uri() percent-encodes what SQLite's URI syntax would otherwise read ('#', '?')."""
    path = sqlite_file(url)
    if path is None:
        return url
    return URL.create("sqlite", database=f"{path.resolve().as_uri()}?mode=ro", query={"uri": "true"})


@cache
def _known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in
                     ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions())


@dataclass(frozen=True)
class Found:
    """What is at a database URL: "missing" (no file), "empty" (no tables), "corpus" or
    "foreign" (another program's tables), with the corpus's schema revision."""

    kind: str
    revision: str | None = None
    tables: tuple[str, ...] = ()


def damaged(url: URL, exc: Exception) -> DamagedCorpusError:
    orig = getattr(exc, "orig", None) or exc
    return DamagedCorpusError(f"cannot read {shown(url)}: {orig}")


def look(url: URL) -> Found:
    """What is there, found without changing anything (a SQLite file is opened read-only)."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return Found("missing")
    if path is not None and path.is_file() and path.stat().st_size == 0:
        return Found("empty")
    engine = make_engine(read_only(url) if path is not None else url, reader=True)
    try:
        tables = tuple(sorted(inspect(engine).get_table_names()))
        if not tables:
            return Found("empty")
        revision = migrate.current(engine) if "alembic_version" in tables else None
    except DatabaseError as exc:
        raise damaged(url, exc) from None
    except SQLAlchemyError as exc:
        raise CorpusError(f"cannot open {shown(url)}: {getattr(exc, 'orig', None) or exc}") from None
    finally:
        engine.dispose()
    # A newer release's corpus has the articles table and a revision this one does not know.
    corpus = "articles" in tables or (revision is not None and revision in _known_revisions())
    return Found("corpus" if corpus else "foreign", revision, tables)


def refuse_unless_usable(url: URL, found: Found) -> None:
    """CorpusError for another program's database or a newer release's corpus."""
    if found.kind == "foreign":
        listed = ", ".join(found.tables[:5]) + (" ..." if len(found.tables) > 5 else "")
        raise CorpusError(f"{shown(url)} is not a mali_news corpus (it has the tables {listed}); "
                          "it is left unchanged")
    if found.revision is not None and found.revision not in _known_revisions():
        raise CorpusError(f"{shown(url)} was written by a newer mali_news, revision {found.revision}; "
                          f"this release knows up to {migrate.head()}")


def check_crawl_target(value: str | URL) -> None:
    """A crawl writes where no file is, into an empty file or into a corpus it can upgrade;
    anything else is refused before any request, and left as it was."""
    url = database_url(value)
    refuse_unless_usable(url, look(url))


def quick_check(engine: Engine) -> None:
    """SQLite's own check of every page of the file (PRAGMA quick_check): damage a query would
    meet only in some pages is found here, for the commands that vouch for a file."""
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as conn:
            problems = [row[0] for row in conn.execute(text("PRAGMA quick_check"))]
    except DatabaseError as exc:
        raise damaged(engine.url, exc) from None
    if problems != ["ok"]:
        raise DamagedCorpusError(f"cannot read {shown(engine.url)}: the file is damaged ({problems[0]})")


def open_corpus(value: str | URL, *, writable: bool = False, older: bool = False) -> Engine:
    """An engine on an existing corpus, or CorpusError saying why not. A reader's SQLite file is
    opened read-only and must be at this release's schema (older: any schema this release knows,
    for `db current`); a writer's (db upgrade, enrich) may be older."""
    url = database_url(value)
    found = look(url)
    if found.kind == "missing":
        raise CorpusError(f"no database file at {shown(url)}")
    if found.kind == "empty":
        raise CorpusError(f"{shown(url)} is empty, not a mali_news corpus")
    refuse_unless_usable(url, found)
    if not writable and not older and found.revision != migrate.head():
        raise CorpusError(f"{shown(url)} has schema revision {found.revision or 'none'}, this release "
                          f"needs {migrate.head()}: run `mali-news db upgrade --db {value}`")
    return make_engine(url if writable else read_only(url), reader=not writable)


def is_damage(exc: BaseException) -> bool:
    """Whether an error met halfway through a query is the file's damage, not the query's."""
    orig = getattr(exc, "orig", exc)
    return isinstance(exc, DatabaseError | sqlite3.DatabaseError) and not isinstance(
        orig, sqlite3.IntegrityError | sqlite3.ProgrammingError) and not (
        isinstance(exc, OperationalError) and "no such" in str(orig))


def lock_path_for(database_url: str) -> Path:
    """<file>.lock beside a SQLite file; a per-URL file in the temp folder for other databases."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).expanduser().resolve().with_name(Path(url.database).name + ".lock")
    digest = hashlib.sha1(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"mali_news-{digest}.lock"
