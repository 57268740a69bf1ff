"""mali-news stats: what the corpus holds."""

import argparse
from typing import Any

from mali_news.cli.common import JSON_HELP, corpus_command, reading, show
from mali_news.corpus.stats import corpus_stats, format_stats


def add_parser(commands: Any) -> None:
    parser = corpus_command(
        commands, "stats", run,
        "articles, date range, layouts, authors, links",
        json=JSON_HELP)
    parser.add_argument("--top", type=int, default=20, help="authors to list (default 20)")


def run(args: argparse.Namespace) -> int:
    with reading(args) as conn:
        stats = corpus_stats(conn, top_authors=args.top)
    return show(args, stats, format_stats)
