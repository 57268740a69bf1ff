"""mali-news search: full-text search with highlighted snippets."""

import argparse
from datetime import date
from typing import Any

from mali_news import UserError
from mali_news.cli.common import add_db_argument, reading, show
from mali_news.corpus.search import format_hits, search


def positive(value: str) -> int:
    """A whole number of 1 or more (argparse says what is wrong, and exits 2)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number (got {value!r})") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {value!r})")
    return number


class RangeError(UserError):
    status = 2


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "search", help="full-text search of titles, highlights and bodies",
        description='Search with SQLite FTS5 syntax: words (all must match), "a phrase", '
                    "OR, NOT, prefix*. Matches are marked [like this] in the snippets.")
    parser.add_argument("query")
    add_db_argument(parser)
    parser.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="only stories published on or after this day (UTC)")
    parser.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="only stories published on or before this day (UTC)")
    parser.add_argument("--limit", type=positive, default=20, help="at most this many results (20)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.since and args.until and args.since > args.until:
        raise RangeError(f"--since {args.since} is after --until {args.until}: no day is in that range")
    with reading(args) as conn:
        hits = search(conn, args.query, since=args.since, until=args.until, limit=args.limit)
    return show(args, hits, format_hits, lambda found: [hit.as_dict() for hit in found])
