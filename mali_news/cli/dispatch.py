"""The mali-news commands: the parser, and the one line each kind of mistake gets."""

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from sqlalchemy.exc import SQLAlchemyError

from mali_news import UserError
from mali_news.cli import (
    coverage,
    crawl,
    datasheet,
    db,
    diff,
    enrich,
    export,
    harvest,
    report,
    search,
    seed,
    serve,
    stats,
)
from mali_news.cli.common import default_database
from mali_news.db.opening import is_damage


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments get one line naming what is wrong (and `-h` for the rest), status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} -h)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="mali-news", description="Crawl CNN's Mali coverage into a research corpus.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (crawl, harvest, seed, stats, coverage, datasheet, search, diff, export, report, enrich,
                   serve, db):
        module.add_parser(commands)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UserError as exc:
        print(f"mali-news {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except SQLAlchemyError as exc:
        if not is_damage(exc):
            raise
        # Damage found halfway through a query: one line naming the file and SQLite's words.
        database = getattr(args, "db", None) or default_database()
        print(f"mali-news {args.command}: cannot read {database}: {getattr(exc, 'orig', None) or exc}",
              file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `mali-news export | head` closed the pipe: not an error worth a traceback.
        return 0
