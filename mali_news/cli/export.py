"""mali-news export: the whole corpus as JSONL or JSON (nested), CSV (flat) or CSL-JSON, streamed."""

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from mali_news import UsageError
from mali_news.archives.registry import NAMES
from mali_news.cleaning.citation import CSL_TYPES
from mali_news.cli.common import corpus_command, corpus_file, default_database, reading
from mali_news.cli.datasheet import write_beside
from mali_news.corpus.export import WRITERS, Selection
from mali_news.corpus.outputs import output, refuse_corpus
from mali_news.corpus.search import quote_terms
from mali_news.corpus.stats import sample_warning

# The file names each format is written under. A plain text name (.txt, or none: a device, a
# pipe) takes any format; another name (.xlsx, .parquet, .tsv ...) only with --format, which then
# says what goes into it.
SUFFIXES = {"jsonl": (".jsonl", ".ndjson"), "csv": (".csv",), "json": (".json",), "csl-json": (".json",)}
PLAIN = ("", ".txt")


# Where a page was read: the values of articles.origin.
ORIGINS = (*NAMES, "live", "replay", "sample")



def choose_format(given: str | None, out: Path | None) -> str:
    """The format: --format when given, else the one the file name says, else JSONL; a
    --format the file name contradicts is an error, not a file that lies about its content."""
    suffix = out.suffix.lower() if out is not None and str(out) != "-" else ""
    named = next((name for name, suffixes in SUFFIXES.items() if suffix in suffixes), None)
    if given is None and named is None and suffix not in PLAIN:
        known = ", ".join(sorted({s for suffixes in SUFFIXES.values() for s in suffixes}))
        raise UsageError(f"cannot write {suffix} ({out}): export writes {known}; name the file so, or "
                          f"give --format to write one of them under this name")
    if given is None:
        return named or "jsonl"
    if named is not None and suffix not in SUFFIXES[given]:
        raise UsageError(f"--format {given} does not match {out}: name the file "
                          f"{' or '.join('*' + s for s in SUFFIXES[given])}, or leave out --format")
    return given


def add_parser(commands: Any) -> None:
    parser = corpus_command(
        commands, "export", run,
        "export every article as JSONL, JSON, CSV or CSL-JSON")
    parser.add_argument("--format", choices=tuple(SUFFIXES), default=None,
                        help="default: what --out's name says (.csv, .jsonl/.ndjson, .json), else jsonl")
    parser.add_argument("--out", type=Path, help="write to this file, '-' or a device (default: "
                        "standard output); an existing file is replaced, never the corpus or another "
                        "SQLite database")
    parser.add_argument("--excel", action="store_true",
                        help="CSV for Excel: a byte-order mark first, so that it reads the file as UTF-8 "
                             "(accents, curly quotes)")
    parser.add_argument("--datasheet", action="store_true",
                        help="write the corpus's datasheet beside the export (mali.csv: mali.datasheet.md)")
    parser.add_argument("--exclude-background", action="store_true",
                        help="leave out the paragraphs an earlier story printed (recycled background)")
    chosen = parser.add_argument_group("which articles (default: all)")
    chosen.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="stories of this day or later (first publication, else update)")
    chosen.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="stories of this day or earlier")
    chosen.add_argument("--kind", action="append", choices=tuple(CSL_TYPES), default=[],
                        help="story, blog_post or transcript (repeat for several)")
    chosen.add_argument("--origin", action="append", choices=ORIGINS, default=[],
                        help="where the page was read (repeat for several)")
    chosen.add_argument("--query", default="",
                        help="a full-text query, as mali-news search takes it (\"a phrase\", OR, NOT, "
                             "prefix*)")


def selection(conn: Any, args: argparse.Namespace) -> Selection:
    """The articles asked for; a query in no FTS5 syntax is taken as plain words, as search does."""
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}: no day is in that range")
    query = args.query.strip()
    if query:
        if conn.dialect.name != "sqlite":
            raise UsageError("--query needs the SQLite corpus (its FTS5 index)")
        try:
            conn.execute(text("SELECT 1 FROM articles_fts WHERE articles_fts MATCH :q LIMIT 1"), {"q": query})
        except OperationalError:
            query = quote_terms(query)
            if not query:
                raise UsageError(f"--query {args.query!r}: nothing to search for") from None
    return Selection(args.since, args.until, tuple(args.kind), tuple(args.origin), query)


def run(args: argparse.Namespace) -> int:
    if args.out is not None and str(args.out) != "-" and args.out.expanduser().is_file():
        # The corpus itself, or another database, is named as such before its suffix is judged.
        refuse_corpus(args.out.expanduser().resolve(), args.out, corpus_file(args))
    chosen = choose_format(args.format, args.out)
    if args.datasheet and (args.out is None or str(args.out) == "-"):
        raise UsageError("--datasheet is written beside the export: name the export's file with --out")
    if args.excel and chosen != "csv":
        raise UsageError(f"--excel is for CSV, not {chosen}: add --format csv or name the file *.csv")
    writer = WRITERS[chosen]
    with reading(args) as conn:
        with output(args.out, corpus=corpus_file(args)) as out:
            chosen_articles = selection(conn, args)
            if args.excel:
                # Excel takes a CSV without a byte-order mark for the machine's code page.
                out.write("\ufeff")
            count = writer(conn, out, args.exclude_background, chosen_articles)
        origins = dict(conn.execute(text("SELECT coalesce(origin, 'unrecorded'), count(*) FROM articles "
                                         "GROUP BY 1")).all())
        if args.datasheet:
            sheet = write_beside(conn, str(args.db or default_database()), args.out, corpus_file(args))
    shown = args.out if args.out is not None and str(args.out) != "-" else None
    print(f"exported {count} articles" + (f" to {shown}" if shown else ""), file=sys.stderr)
    if args.datasheet:
        print(f"wrote its datasheet to {sheet}", file=sys.stderr)
    if warning := sample_warning(origins):
        # Each record's `origin` says it too; this line is for the person who ran the export.
        print(warning, file=sys.stderr)
    return 0
