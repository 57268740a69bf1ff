"""mali-news stats: what the corpus holds."""

import argparse
from typing import Any

from mali_news.cli.common import add_db_argument, reading, show
from mali_news.corpus.stats import corpus_stats, format_stats


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("stats", help="articles, date range, layouts, authors, links")
    add_db_argument(parser)
    parser.add_argument("--top", type=int, default=20, help="authors to list (default 20)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with reading(args) as conn:
        stats = corpus_stats(conn, top_authors=args.top)
    return show(args, stats, format_stats)
