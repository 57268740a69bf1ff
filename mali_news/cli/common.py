"""What the analyst commands share: the --db option, the corpus open for one command, JSON or text."""

import argparse
import inspect
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from mali_news.db.opening import database_url, open_corpus, sqlite_file


def default_database() -> str:
    """The crawl's default database: MALI_NEWS_DATABASE_URL from the environment or settings."""
    from mali_news import settings

    return os.environ.get("MALI_NEWS_DATABASE_URL") or settings.MALI_NEWS_DATABASE_URL


def add_db_argument(parser: argparse.ArgumentParser, default: str | None = None,
                    help: str = "the crawl's database, MALI_NEWS_DATABASE_URL") -> None:
    """Every command's --db: a SQLite file's path or any SQLAlchemy URL."""
    parser.add_argument("--db", default=default, metavar="PATH_OR_URL",
                        help=f"the corpus: a SQLite file or any SQLAlchemy URL (default: {help})")


# What --json says in every command that prints JSON or text.
JSON_HELP = "print JSON instead of text"


def corpus_command(commands: Any, name: str, run: Callable[[argparse.Namespace], int], summary: str, *,
                   json: str = "", db: str | None = None,
                   db_help: str = "the crawl's database, MALI_NEWS_DATABASE_URL") -> argparse.ArgumentParser:
    """A command on a corpus: its --db, its --json when json says what it prints, its run, and
    run's docstring for the description its --help prints."""
    parser = commands.add_parser(name, help=summary, description=inspect.getdoc(run))
    add_db_argument(parser, db, db_help)
    if json:
        parser.add_argument("--json", action="store_true", help=json)
    parser.set_defaults(run=run)
    return parser


def corpus(args: argparse.Namespace, *, writable: bool = False) -> Engine:
    return open_corpus(args.db or default_database(), writable=writable)


def corpus_file(args: argparse.Namespace) -> Path | None:
    """The corpus's file when it is SQLite: what no output may replace."""
    return sqlite_file(database_url(args.db or default_database()))


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Connection]:
    """The corpus a read command names, open for the command and closed after it (a damaged or
    foreign file is answered in one line by mali-news itself)."""
    engine = corpus(args)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def show(args: argparse.Namespace, result: Any, as_text: Callable[[Any], str],
         as_data: Callable[[Any], Any] = lambda result: result) -> int:
    """Print a command's result as JSON (--json, of as_data's form of it) or as text; its exit status."""
    print(json.dumps(as_data(result), indent=2, ensure_ascii=False) if args.json else as_text(result))
    return 0
