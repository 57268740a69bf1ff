"""mali-news export: the whole corpus as JSONL (nested) or CSV (flat), streamed."""

import argparse
import sys
from pathlib import Path
from typing import Any

from mali_news.cli.common import add_db_argument, corpus
from mali_news.corpus.export import write_csv, write_jsonl
from mali_news.outputs import output


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("export", help="export every article as JSONL or CSV")
    add_db_argument(parser)
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--out", type=Path, help="write to this file, '-' or a device "
                        "(default: standard output)")
    parser.add_argument("--exclude-background", action="store_true",
                        help="leave out the paragraphs an earlier story printed (recycled background)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    writer = write_jsonl if args.format == "jsonl" else write_csv
    engine = corpus(args)
    try:
        with engine.connect() as conn, output(args.out) as out:
            count = writer(conn, out, args.exclude_background)
    finally:
        engine.dispose()
    shown = args.out if args.out is not None and str(args.out) != "-" else None
    print(f"exported {count} articles" + (f" to {shown}" if shown else ""), file=sys.stderr)
    return 0
