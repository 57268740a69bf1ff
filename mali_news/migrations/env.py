"""Alembic environment: runs on the connection mali_news.db.migrate hands it."""

from alembic import context

from mali_news.db.engine import make_engine
from mali_news.db.models import Base

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # The alembic command line: open the URL from alembic.ini / -x db=...
        url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
        with make_engine(url).connect() as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # Batch mode rebuilds SQLite tables for the ALTERs SQLite cannot do in place.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
