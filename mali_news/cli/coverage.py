"""mali-news coverage: found, stored, dropped and failed by kind and month, and the checklist's recall."""

import argparse
from typing import Any

from mali_news.cli.common import JSON_HELP, corpus_command, reading, show
from mali_news.corpus.coverage import coverage, format_coverage


def add_parser(commands: Any) -> None:
    corpus_command(
        commands, "coverage", run,
        "what was found, stored, dropped and failed, by kind and month; recall",
        json=JSON_HELP)


def run(args: argparse.Namespace) -> int:
    """Per kind (story, blog_post, transcript) and month: pages found (stored, or candidates of
    the discovery routes), stored, dropped by reason, failed by reason; then the recall of the
    bundled checklist of known Mali coverage, with the addresses the corpus lacks."""
    with reading(args) as conn:
        report = coverage(conn)
    return show(args, report, format_coverage)
