"""mali-news serve: Datasette on the corpus, with descriptions, facets, canned queries and a places map."""

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from mali_news.cli.common import add_db_argument, corpus
from mali_news.corpus.datasette import metadata
from mali_news.db.opening import CorpusError


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("serve", help="browse and query the corpus in Datasette (extra: serve)")
    add_db_argument(parser)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--metadata-out", type=Path, metavar="FILE.json",
                        help="write Datasette's metadata here and exit (to serve it yourself)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    engine = corpus(args)
    try:
        if engine.url.get_backend_name() != "sqlite":
            raise CorpusError("Datasette serves SQLite files only; export a SQLite copy first")
        path = Path(str(engine.url.database).removeprefix("file:").split("?")[0])
    finally:
        engine.dispose()
    document = json.dumps(metadata(path.stem), indent=2, ensure_ascii=False)
    if args.metadata_out:
        args.metadata_out.write_text(document, encoding="utf-8")
        print(f"wrote {args.metadata_out}", file=sys.stderr)
        return 0
    if importlib.util.find_spec("datasette") is None:
        print("mali-news serve: needs Datasette: pip install 'mali-news[serve]'", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="mali-news-serve-") as folder:
        meta = Path(folder) / "metadata.json"
        meta.write_text(document, encoding="utf-8")
        # Not --immutable: that would ignore the write-ahead log, where a running or a killed
        # crawl's last stories may still be; Datasette reads the file read-only either way.
        command = [sys.executable, "-m", "datasette", "serve", str(path),
                   "--metadata", str(meta), "--host", args.host, "--port", str(args.port)]
        try:
            return subprocess.call(command)
        except KeyboardInterrupt:
            return 0
