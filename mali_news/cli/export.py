"""mali-news export: the whole corpus as JSONL (nested) or CSV (flat), streamed."""

import argparse
import sys
from pathlib import Path
from typing import Any

from mali_news.cli.common import add_db_argument, corpus
from mali_news.corpus.export import write_csv, write_jsonl


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("export", help="export every article as JSONL or CSV")
    add_db_argument(parser)
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--out", type=Path, help="write to this file (default: standard output)")
    parser.add_argument("--exclude-background", action="store_true",
                        help="leave out the paragraphs an earlier story printed (recycled background)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    writer = write_jsonl if args.format == "jsonl" else write_csv
    engine = corpus(args)
    try:
        with engine.connect() as conn:
            if args.out is None:
                count = writer(conn, sys.stdout, args.exclude_background)
            else:
                # Written beside the target, then renamed: a reader never sees half a file.
                partial = args.out.with_name(args.out.name + ".partial")
                with partial.open("w", encoding="utf-8", newline="") as out:
                    count = writer(conn, out, args.exclude_background)
                partial.replace(args.out)
    finally:
        engine.dispose()
    print(f"exported {count} articles" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return 0
