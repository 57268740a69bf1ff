"""mali-news db: the schema version of a corpus, and upgrading it in place."""

import argparse
from typing import Any

from mali_news.cli.common import add_db_argument, default_database
from mali_news.db import migrate
from mali_news.db.engine import init_db, make_engine
from mali_news.db.opening import (
    CorpusError,
    database_url,
    look,
    open_corpus,
    quick_check,
    refuse_unless_usable,
)


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("db", help="show or upgrade the corpus schema version")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    current = actions.add_parser("current", help="print the schema revision of the corpus")
    add_db_argument(current)
    current.set_defaults(run=run_current)
    upgrade = actions.add_parser("upgrade", help="upgrade the corpus to this release's schema")
    add_db_argument(upgrade)
    upgrade.add_argument("--create", action="store_true",
                         help="create a new corpus where no database file exists yet")
    upgrade.set_defaults(run=run_upgrade)


def run_current(args: argparse.Namespace) -> int:
    # Read-only, and the whole file checked: "up to date" is said only of a file SQLite reads.
    engine = open_corpus(args.db or default_database(), older=True)
    try:
        quick_check(engine)
        revision = migrate.current(engine)
    finally:
        engine.dispose()
    head = migrate.head()
    state = "up to date" if revision == head else f"this release needs {head}"
    print(f"{revision or 'none'} ({state})")
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    value = args.db or default_database()
    url = database_url(value)
    found = look(url)
    if found.kind in ("missing", "empty") and not args.create:
        what = "no database file" if found.kind == "missing" else "an empty database"
        raise CorpusError(f"{what} at {value}; `mali-news db upgrade --create` makes a new corpus there")
    refuse_unless_usable(url, found)
    engine = make_engine(url)
    try:
        quick_check(engine)
        before = migrate.current(engine)
        # The bundled places and actors come with the schema.
        init_db(engine)
        after = migrate.current(engine)
    finally:
        engine.dispose()
    print(f"{before or 'none'} -> {after}" if before != after else f"{after} (already up to date)")
    return 0
