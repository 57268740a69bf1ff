"""mali-news report: one self-contained HTML overview of the corpus."""

import argparse
import sys
from pathlib import Path
from typing import Any

from mali_news.cli.common import add_db_argument, corpus


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("report", help="write an HTML report with charts and a story table")
    add_db_argument(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.html")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # matplotlib is an optional extra, and takes half a second to import: only for this command.
    try:
        from mali_news.corpus.report import build_report
    except ImportError as exc:
        if "matplotlib" not in (exc.name or str(exc)):
            raise
        print("mali-news report: the report needs matplotlib: pip install 'mali-news[report]'",
              file=sys.stderr)
        return 1

    engine = corpus(args)
    try:
        with engine.connect() as conn:
            html = build_report(conn, source=engine.url.render_as_string(hide_password=True))
    finally:
        engine.dispose()
    args.out.write_text(html, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0
