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


def _reasons(line: str) -> dict[str, int]:
    """{"off_topic": 1} from "1 off_topic, 2 http_404" ("none": {})."""
    if line == "none":
        return {}
    return {reason: int(n) for n, reason in (part.split(" ", 1) for part in line.split(", "))}


def ledgers(db: Path, summary: str, log: str) -> dict[str, dict]:
    """What each report says the last crawl stored, dropped and failed: the summary printed when it
    ended, its last progress line, crawl_runs, `mali-news stats` and `mali-news coverage` (the
    corpus's first crawl: coverage counts every crawl)."""
    import json
    import re

    mali_news = str(Path(sys.executable).with_name("mali-news"))

    def read(command: str) -> dict:
        out = subprocess.run([mali_news, command, "--db", str(db), "--json"], check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out)

    said = dict(line.split(": ", 1) for line in summary.splitlines() if ": " in line)
    stored = re.match(r"(\d+) new, (\d+) updated, (\d+) unchanged", said["Stored"])
    progress = re.findall(r"Progress: \d+ candidates found \((\d+) stored, (\d+) dropped, (\d+) failed\)",
                          log)
    with sqlite3.connect(db) as conn:
        run = conn.execute("SELECT articles_new + articles_updated + articles_unchanged, items_dropped, "
                           "dropped, failed FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    last = read("stats")["last_crawl"]
    months = read("coverage")["by_kind_and_month"]
    coverage_dropped: dict[str, int] = {}
    coverage_failed: dict[str, int] = {}
    for row in months:
        for reason, n in row["dropped"].items():
            coverage_dropped[reason] = coverage_dropped.get(reason, 0) + n
        for reason, n in row["failed"].items():
            coverage_failed[reason] = coverage_failed.get(reason, 0) + n
    dropped, failed = _reasons(said["Dropped"]), _reasons(said["Failed"])
    return {
        "summary": {"stored": sum(map(int, stored.groups())), "dropped": dropped, "failed": failed},
        "progress": {"stored": int(progress[-1][0]), "dropped": int(progress[-1][1]),
                     "failed": int(progress[-1][2])},
        "crawl_runs": {"stored": run[0], "items_dropped": run[1], "dropped": json.loads(run[2]),
                       "failed": json.loads(run[3])},
        "stats": {"stored": last["articles_new"] + last["articles_updated"] + last["articles_unchanged"],
                  "dropped": last["dropped"], "failed": last["failed"]},
        "coverage": {"stored": sum(row["stored"] for row in months), "dropped": coverage_dropped,
                     "failed": coverage_failed},
    }


def assert_one_ledger(db: Path, summary: str, log: str) -> dict[str, int]:
    """Every report gives the same counts; the summary's, by reason."""
    found = ledgers(db, summary, log)
    truth = found["summary"]
    totals = {"stored": truth["stored"], "dropped": sum(truth["dropped"].values()),
              "failed": sum(truth["failed"].values())}
    assert found["progress"] == totals, found
    assert found["crawl_runs"] == {**truth, "items_dropped": totals["dropped"]}, found
    assert found["stats"] == truth, found
    assert found["coverage"] == truth, found
    return totals


def citation_problems(db: Path) -> list[str]:
    """What is wrong with any stored story's citation: a day other than its first publication as
    stored, a doubled mark ("?."), an archived copy not cited by the address a reader follows (the
    replay page, not the raw id_ copy) or by its Common Crawl record, a sample story not said to be."""
    problems = []
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, citation, published_at, updated_at, origin, capture_url, "
                            "warc_filename FROM articles").fetchall()
    for url, citation, published, updated, origin, capture, warc in rows:
        when = published or updated
        day = datetime.fromisoformat(when[:10]) if when else None
        expected = f"({day.year}, {day:%B} {day.day})" if day else "(n.d.)"
        if not citation or expected not in citation:
            problems.append(f"{url}: {citation!r} does not give {expected}")
            continue
        if any(mark in citation for mark in ("?.", "!.", "?'.", "?’.")):
            problems.append(f"{url}: doubled punctuation in {citation!r}")
        if origin == "wayback" and (capture.replace("id_/", "/") not in citation or "id_/" in citation):
            problems.append(f"{url}: the archived copy is not cited by its replay address: {citation!r}")
        if origin == "commoncrawl" and warc not in citation:
            problems.append(f"{url}: the Common Crawl record is not cited: {citation!r}")
        if (origin == "sample") != ("not CNN's text" in citation):
            problems.append(f"{url}: origin {origin} and the citation's sample note disagree: {citation!r}")
    return problems
