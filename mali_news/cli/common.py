"""What the analyst commands share: the --db option and opening the corpus."""

import argparse
import os
from pathlib import Path

from sqlalchemy import Engine

from mali_news.db.opening import database_url, open_corpus, sqlite_file


def default_database() -> str:
    """The crawl's default database: MALI_NEWS_DATABASE_URL from the environment or settings."""
    from mali_news import settings

    return os.environ.get("MALI_NEWS_DATABASE_URL") or settings.MALI_NEWS_DATABASE_URL


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, metavar="PATH_OR_URL",
                        help="the corpus: a SQLite file or any SQLAlchemy URL "
                             "(default: the crawl's database, MALI_NEWS_DATABASE_URL)")


def corpus(args: argparse.Namespace, *, writable: bool = False) -> Engine:
    return open_corpus(args.db or default_database(), writable=writable)


def corpus_file(args: argparse.Namespace) -> Path | None:
    """The corpus's file when it is SQLite: what no output may replace."""
    return sqlite_file(database_url(args.db or default_database()))
