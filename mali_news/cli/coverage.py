"""mali-news coverage: found, stored, dropped and failed by kind and month, and the checklist's recall."""

import argparse
from typing import Any

from mali_news.cli.common import add_db_argument, reading, show
from mali_news.corpus.coverage import coverage, format_coverage


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "coverage", help="what was found, stored, dropped and failed, by kind and month; recall",
        description="Per kind (story, blog_post, transcript) and month: pages found (stored, or "
                    "candidates of the discovery routes), stored, dropped by reason, failed by reason; "
                    "then the recall of the bundled checklist of known Mali coverage, with the "
                    "addresses the corpus lacks.")
    add_db_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with reading(args) as conn:
        report = coverage(conn)
    return show(args, report, format_coverage)
