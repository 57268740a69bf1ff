"""A corpus built by a real replay crawl of the fixtures, for the analyst tests."""

import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import sqlalchemy

from tests.helpers import ROOT, SITE


def build_corpus(db: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALI_NEWS_")}
    subprocess.run([sys.executable, "-m", "scrapy", "crawl", "cnn_mali",
                    "-s", f"MALI_NEWS_REPLAY={SITE}", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}",
                    "-s", "LOG_LEVEL=WARNING"], cwd=ROOT, env=env, check=True, capture_output=True)
    return db


# The corpus without row ids (which depend on the order pages arrived in), for comparing the
# corpora of two crawls.
CORPUS_QUERIES = {
    "articles": "SELECT url, title, byline, dateline, body, word_count, layout, published_at, "
                "updated_at, timestamp_text FROM articles ORDER BY url",
    "authors": "SELECT a.url, position, name FROM article_authors JOIN articles a ON a.id = article_id "
               "JOIN authors ON authors.id = author_id ORDER BY 1, 2",
    "highlights": "SELECT a.url, position, text, is_new FROM highlights JOIN articles a "
                  "ON a.id = article_id ORDER BY 1, 2",
    "links": "SELECT a.url, position, l.url, l.kind, anchor_text, teaser, listed_at FROM links l "
             "JOIN articles a ON a.id = article_id ORDER BY 1, 2",
}


def _plain(value: object) -> object:
    # PostgreSQL hands back datetimes and booleans where SQLite has "2013-01-25 21:47:00" and 0/1.
    if isinstance(value, datetime):
        return str(value)
    return int(value) if isinstance(value, bool) else value


def corpus_rows(database_url: str) -> dict[str, list[tuple]]:
    """Articles, authors, highlights and links of any corpus database, comparable across dialects."""
    engine = sqlalchemy.create_engine(database_url)
    with engine.connect() as conn:
        found = {name: [tuple(map(_plain, row)) for row in conn.execute(sqlalchemy.text(sql))]
                 for name, sql in CORPUS_QUERIES.items()}
    engine.dispose()
    return found


def copy_corpus(source: Path, target: Path) -> Path:
    """A copy of a SQLite corpus, pages still in its write-ahead log included."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target
