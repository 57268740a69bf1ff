"""mali-news db: the schema version of a corpus, and upgrading it in place."""

import argparse
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from mali_news.cli.common import add_db_argument, corpus, default_database
from mali_news.corpus.database import CorpusError, database_url
from mali_news.db import migrate
from mali_news.db.engine import init_db, make_engine


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("db", help="show or upgrade the corpus schema version")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    current = actions.add_parser("current", help="print the schema revision of the corpus")
    add_db_argument(current)
    current.set_defaults(run=run_current)
    upgrade = actions.add_parser("upgrade", help="upgrade the corpus to this release's schema")
    add_db_argument(upgrade)
    upgrade.set_defaults(run=run_upgrade)


def run_current(args: argparse.Namespace) -> int:
    engine = corpus(args, writable=True)
    try:
        revision = migrate.current(engine)
    finally:
        engine.dispose()
    head = migrate.head()
    state = "up to date" if revision == head else f"this release needs {head}"
    print(f"{revision or 'none'} ({state})")
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    value = args.db or default_database()
    try:
        engine = corpus(args, writable=True)
    except CorpusError:
        # A missing or empty database gets the whole schema; anything else is left alone.
        engine = make_engine(database_url(value))
        try:
            foreign = bool(inspect(engine).get_table_names())
        except SQLAlchemyError:
            foreign = True
        if foreign:
            engine.dispose()
            raise
    try:
        before = migrate.current(engine)
        # The bundled places and actors come with the schema.
        init_db(engine)
        after = migrate.current(engine)
    finally:
        engine.dispose()
    print(f"{before or 'none'} -> {after}" if before != after else f"{after} (already up to date)")
    return 0
