"""mali-news search: full-text search with highlighted snippets."""

import argparse
from datetime import date
from typing import Any

from mali_news import UsageError
from mali_news.cli.common import JSON_HELP, corpus_command, reading, show
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



def add_parser(commands: Any) -> None:
    parser = corpus_command(
        commands, "search", run,
        "full-text search of titles, highlights and bodies",
        json=JSON_HELP)
    parser.add_argument("query")
    parser.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="only stories published on or after this day (UTC)")
    parser.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="only stories published on or before this day (UTC)")
    parser.add_argument("--limit", type=positive, default=20, help="at most this many results (20)")


def run(args: argparse.Namespace) -> int:
    """Search with SQLite FTS5 syntax: words (all must match), "a phrase", OR, NOT, prefix*.
    Matches are marked [like this] in the snippets."""
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}: no day is in that range")
    with reading(args) as conn:
        hits = search(conn, args.query, since=args.since, until=args.until, limit=args.limit)
    return show(args, hits, format_hits, lambda found: [hit.as_dict() for hit in found])
