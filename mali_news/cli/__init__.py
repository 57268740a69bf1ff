"""The mali-news command: crawl, and the analyst commands that read the corpus."""

import sys
from collections.abc import Sequence

# The status of a command stopped by Ctrl-C (as a crawl stopped by a signal: see running.ExitStatus).
INTERRUPTED = 5


def main(argv: Sequence[str] | None = None) -> int:
    """Run a mali-news command. Nothing is imported before Ctrl-C is caught: start-up (Scrapy,
    SQLAlchemy, the database) takes a second or more, and a Ctrl-C in it gets one line, not a
    traceback."""
    try:
        from mali_news.cli.dispatch import run

        return run(argv)
    except KeyboardInterrupt:
        print("mali-news: interrupted (Ctrl-C)", file=sys.stderr)
        return INTERRUPTED
