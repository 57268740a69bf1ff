"""Open an existing corpus for reading, with a clear reason when it is not one."""

from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, SQLAlchemyError

from mali_news import UserError
from mali_news.db import migrate
from mali_news.db.engine import make_engine


class CorpusError(UserError):
    """The database cannot be read as a mali_news corpus; the message says why."""


def database_url(value: str) -> str:
    """A SQLAlchemy URL from a URL or a plain file path."""
    return value if "://" in value else f"sqlite:///{Path(value).expanduser().resolve()}"


def open_corpus(value: str, *, writable: bool = False) -> Engine:
    """An engine on an existing corpus at the newest schema, or CorpusError."""
    url = make_url(database_url(value))
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not url.database or not path.is_file():
            raise CorpusError(f"no database file at {path}")
        if not writable:
            # Read-only: a query can never create or change the file.
            url = url.set(database=f"file:{path}?mode=ro", query={"uri": "true"})
    engine = make_engine(url, reader=True)
    try:
        if not inspect(engine).has_table("articles"):
            raise CorpusError(f"{shown} is not a mali_news corpus (it has no articles table)")
        revision = migrate.current(engine)
    except DatabaseError as exc:
        engine.dispose()
        raise CorpusError(f"{shown} is not a database this tool can read "
                          f"({exc.orig or exc})") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise CorpusError(f"cannot open {shown}: {exc}") from None
    if not writable and revision != migrate.head():
        engine.dispose()
        raise CorpusError(f"{shown} has schema revision {revision or 'none'}, this release "
                          f"needs {migrate.head()}: run `mali-news db upgrade --db {value}`")
    return engine
