"""mali-news serve: Datasette on the corpus, with descriptions, facets, canned queries and a places map."""

import argparse
import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

from mali_news.cli.common import corpus, corpus_command, corpus_file
from mali_news.corpus.datasette import metadata
from mali_news.corpus.outputs import output
from mali_news.db.opening import CorpusError, sqlite_file


def add_parser(commands: Any) -> None:
    parser = corpus_command(
        commands, "serve", run,
        "browse and query the corpus in Datasette (extra: serve)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--metadata-out", type=Path, metavar="FILE.json",
                        help="write Datasette's metadata here and exit (to serve it yourself)")


def run(args: argparse.Namespace) -> int:
    engine = corpus(args)
    path = sqlite_file(engine.url)
    engine.dispose()
    if path is None:
        raise CorpusError("Datasette serves SQLite files only; export a SQLite copy first")
    document = json.dumps(metadata(path.stem), indent=2, ensure_ascii=False)
    if args.metadata_out:
        with output(args.metadata_out, corpus=corpus_file(args)) as out:
            out.write(document)
        print(f"wrote {args.metadata_out}", file=sys.stderr)
        return 0
    if importlib.util.find_spec("datasette") is None:
        print("mali-news serve: needs Datasette: pip install 'mali-news[serve]'", file=sys.stderr)
        return 1
    meta = metadata_file(path)
    meta.write_text(document, encoding="utf-8")
    # Not --immutable: that would ignore the write-ahead log, where a running or a killed
    # crawl's last stories may still be; Datasette reads the file read-only either way.
    command = [sys.executable, "-m", "datasette", "serve", str(path),
               "--metadata", str(meta), "--host", args.host, "--port", str(args.port)]
    sys.stdout.flush()
    sys.stderr.flush()
    # This process becomes Datasette: a signal to it (Ctrl-C, SIGTERM from a supervisor) reaches
    # the server itself, and nothing is left running or to clean up after it.
    os.execv(sys.executable, command)
    return 0  # not reached: execv replaces the process


def metadata_file(database: Path) -> Path:
    """Where the metadata Datasette reads is kept: the user's cache folder, one file per corpus."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mali-news" / "serve"
    cache.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(str(database.resolve()).encode()).hexdigest()[:12]
    return cache / f"{database.stem}-{digest}.json"
