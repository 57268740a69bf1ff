"""mali-news datasheet: a description of the corpus in the form of "Datasheets for Datasets"."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mali_news.cli.common import corpus_command, corpus_file, reading
from mali_news.corpus.outputs import output
from mali_news.db.opening import shown


def add_parser(commands: Any) -> None:
    parser = corpus_command(
        commands, "datasheet", run,
        "describe the corpus (what, from where, window, counts, gaps, how to cite)",
        json="print the datasheet's figures as JSON")
    parser.add_argument("--out", default="-", metavar="FILE.md",
                        help="the file to write (default: standard output)")


def beside(out: Path) -> Path:
    """The datasheet's file beside an export or a report: mali.csv -> mali.datasheet.md."""
    return out.with_name(f"{out.stem}.datasheet.md")


def write_beside(conn: Any, source: str, out: Path, corpus: Path | None) -> Path:
    """Write the corpus's datasheet beside out; its path."""
    from mali_news.corpus.datasheet import datasheet, format_datasheet

    target = beside(out)
    with output(target, corpus=corpus) as stream:
        stream.write(format_datasheet(datasheet(conn, source)))
    return target


def run(args: argparse.Namespace) -> int:
    """Write a datasheet of the corpus (Gebru et al., 'Datasheets for Datasets', 2021) from the
    corpus itself: what it holds and from which sources and archives with their terms, the crawl
    window and topic rule, counts per month, kind and origin, recall against the checklist, what
    was dropped and failed and why, known limits, and how to cite it."""
    from mali_news.corpus.datasheet import datasheet, format_datasheet

    # The output first: a folder that is not there is said before anything is read.
    with reading(args) as conn, output(args.out, corpus=corpus_file(args)) as out:
        sheet = datasheet(conn, shown(conn.engine.url))
        out.write(json.dumps(sheet, indent=2, ensure_ascii=False) + "\n" if args.json
                  else format_datasheet(sheet))
    if args.out not in (None, "-"):
        print(f"wrote {args.out}", file=sys.stderr)
    return 0
