"""The mali-news command: crawl, and the analyst commands that read the corpus."""

import argparse
import sys
from collections.abc import Sequence

from mali_news.cli import crawl


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mali-news", description="Crawl CNN's Mali coverage into a research corpus.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    crawl.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
