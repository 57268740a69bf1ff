"""mali-news enrich: find places, actors and recycled background again over the whole corpus."""

import argparse
import sys
import time
from typing import Any

from mali_news.cli.common import corpus, corpus_command
from mali_news.corpus.enrich import enrich
from mali_news.corpus.stats import percent
from mali_news.db import migrate
from mali_news.db.opening import CorpusError, lock_path_for
from mali_news.errors import CrawlLockedError
from mali_news.extensions.lock import CrawlLockExtension


def add_parser(commands: Any) -> None:
    corpus_command(
        commands, "enrich", run,
        "recompute every story's mentions, quotes, recycled background and citation")


def run(args: argparse.Namespace) -> int:
    engine = corpus(args, writable=True)
    # The crawl's lock: enrich rewrites what a running crawl writes.
    lock = CrawlLockExtension(lock_path_for(engine.url.render_as_string(hide_password=False)))
    try:
        lock.acquire()
    except CrawlLockedError as exc:
        engine.dispose()
        raise CorpusError(str(exc)) from None
    started = time.monotonic()
    try:
        revision = migrate.current(engine)
        if revision != migrate.head():
            raise CorpusError(f"the corpus has schema revision {revision or 'none'}, this release "
                              f"needs {migrate.head()}: run `mali-news db upgrade` first")
        # One transaction: a reader sees the old mentions or the new ones, never half.
        with engine.begin() as conn:
            summary = enrich(conn)
    finally:
        engine.dispose()
        lock.release()
    background = summary.background
    print(f"{summary.articles} stories: {summary.place_mentions} place mentions, "
          f"{summary.actor_mentions} actor mentions, {summary.quotes} quotes; "
          f"{background.background_paragraphs} recycled paragraphs in {background.clusters} clusters "
          f"({percent(background.share)} of story text); {summary.citations} citations changed, "
          f"in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0
