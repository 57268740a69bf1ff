"""mali-news report: one self-contained HTML overview of the corpus."""

import argparse
import sys
from pathlib import Path
from typing import Any

from mali_news.cli.common import corpus_command, corpus_file, default_database, reading
from mali_news.cli.datasheet import beside, write_beside
from mali_news.corpus.outputs import output


def add_parser(commands: Any) -> None:
    parser = corpus_command(
        commands, "report", run,
        "write an interactive HTML report (timeline, map, actors, coverage graph, stories)")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.html")


def run(args: argparse.Namespace) -> int:
    # Altair and vl-convert are an optional extra, and slow to import: only for this command.
    try:
        from mali_news.corpus.report import build_report
    except ImportError as exc:
        missing = exc.name or str(exc)
        if not missing.startswith(("altair", "vl_convert")):
            raise
        print(f"mali-news report: the report needs {missing}: pip install 'mali-news[report]'",
              file=sys.stderr)
        return 1

    source = args.db or default_database()
    with reading(args) as conn:
        # The output first: a folder that is not there is said before the report is built.
        with output(args.out, corpus=corpus_file(args)) as out:
            out.write(build_report(conn, source=source, datasheet=beside(args.out).name))
        sheet = write_beside(conn, source, args.out, corpus_file(args))
    print(f"wrote {args.out} and its datasheet {sheet}", file=sys.stderr)
    return 0
