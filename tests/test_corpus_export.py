import csv
import io
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mali_news.corpus.datasette import QUERIES
from mali_news.corpus.export import CSV_COLUMNS, iter_articles, write_csv, write_jsonl
from mali_news.db.engine import init_db, make_engine
from mali_news.db.opening import open_corpus
from tests.corpus_helpers import copy_corpus


def iso(value: str | None) -> str | None:
    """A time as the database keeps it (UTC, no zone) as the export writes it."""
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC).isoformat()


def export(db, writer):
    engine = open_corpus(str(db))
    out = io.StringIO()
    with engine.connect() as conn:
        count = writer(conn, out)
    engine.dispose()
    return count, out.getvalue()


def test_jsonl_round_trip_equals_the_database(fixture_corpus):
    count, text = export(fixture_corpus, write_jsonl)
    articles = [json.loads(line) for line in text.splitlines()]
    assert count == len(articles) == 11
    db = sqlite3.connect(fixture_corpus)
    db.row_factory = sqlite3.Row
    for article in articles:
        row = db.execute("SELECT * FROM articles WHERE id = ?", (article["id"],)).fetchone()
        for column in ("url", "title", "byline", "dateline", "timestamp_text", "body", "word_count", "layout",
                       "version"):
            assert article[column] == row[column], column
        for column in ("published_at", "updated_at", "first_seen_at", "captured_at"):
            # The same instant, written with its zone: no reader takes it for local time.
            if row[column] is None:
                assert article[column] is None, column
                continue
            assert article[column].endswith("+00:00"), column
            assert datetime.fromisoformat(article[column]) == datetime.fromisoformat(row[column]).replace(
                tzinfo=UTC), column
        assert article["authors"] == [name for (name,) in db.execute(
            "SELECT name FROM article_authors JOIN authors ON authors.id = author_id "
            "WHERE article_id = ? ORDER BY position", (row["id"],))]
        assert [(h["text"], h["is_new"]) for h in article["highlights"]] == [
            (text, bool(new)) for text, new in db.execute(
                "SELECT text, is_new FROM highlights WHERE article_id = ? ORDER BY position",
                (row["id"],))]
        assert [(link["url"], link["kind"], link["anchor_text"], link["teaser"], link["listed_at"])
                for link in article["links"]] == [(*r[:4], iso(r[4])) for r in db.execute(
                    "SELECT url, kind, anchor_text, teaser, listed_at FROM links "
                    "WHERE article_id = ? ORDER BY position", (row["id"],))]
    db.close()


def test_csv_is_flat_with_one_row_per_article(fixture_corpus):
    count, text = export(fixture_corpus, write_csv)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == len(rows) == 11
    assert tuple(rows[0]) == CSV_COLUMNS
    seed = next(r for r in rows if r["url"].endswith("/mali-unrest/index.html"))
    assert seed["authors"] == "Nima Elbagir; Ingrid Formanek"
    assert seed["highlights"].count(" | ") == 2
    assert (seed["n_links"], seed["n_complete_coverage"], seed["n_read_more"]) == ("9", "5", "3")
    assert "\n\n" in seed["body"]


def generated_corpus(path, count):
    """A corpus of count generated articles, each with an author, a highlight and a link."""
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    engine.dispose()
    body = "Malian troops entered Gao on Saturday. " * 10
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO authors (id, name, kind) VALUES (1, 'Faith Karimi', 'person')")
        db.executemany(
            "INSERT INTO articles (id, url, source_url, layout, title, body, word_count, "
            "content_hash, page_hash, version, version_at, first_seen_at, last_crawled_at, "
            "published_at) VALUES (?, ?, ?, 'legacy', ?, ?, 60, 'h', 'p', 1, ?, ?, ?, ?)",
            ((n, f"https://www.cnn.com/2013/01/25/world/africa/s{n}/index.html", "x", f"Story {n}",
              body, "2026-01-01 00:00:00", "2026-01-01 00:00:00", "2026-01-01 00:00:00",
              "2013-01-25 12:00:00") for n in range(1, count + 1)))
        db.executemany("INSERT INTO article_authors VALUES (?, 0, 1, NULL, 'CNN')",
                       ((n,) for n in range(1, count + 1)))
        db.executemany("INSERT INTO highlights VALUES (?, 0, 'A bridge falls', 0)",
                       ((n,) for n in range(1, count + 1)))
        db.executemany("INSERT INTO links VALUES (?, 0, 'https://www.cnn.com/x', 'read_more', "
                       "'X', NULL, NULL, NULL)", ((n,) for n in range(1, count + 1)))
    return path


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export-memory")
    return {n: generated_corpus(folder / f"{n}.sqlite", n) for n in (1_000, 100_000)}


def export_peak_rss(db, fmt, out):
    """Peak RSS in MiB of `mali-news export` run in a fresh process (measured by a wrapper
    whose only child it is)."""
    command = [str(Path(sys.executable).with_name("mali-news")), "export", "--db", str(db),
               "--format", fmt, "--out", str(out)]
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
            "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True,
                            check=True, timeout=300)
    return int(result.stdout) / 1024


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_memory_stays_flat_over_100000_articles(corpora, tmp_path, fmt):
    small = export_peak_rss(corpora[1_000], fmt, tmp_path / "small")
    big = export_peak_rss(corpora[100_000], fmt, tmp_path / "big")
    # The big export is over 40 MB of text; the process grows by a chunk of it at most.
    assert (tmp_path / "big").stat().st_size > 40 * 2**20
    assert big - small < 16, f"{small:.0f} MiB for 1,000 articles, {big:.0f} MiB for 100,000"
    assert big < 160


def test_excluding_background_keeps_the_body_of_rows_without_blocks(fixture_corpus, tmp_path):
    """Rows stored before typed blocks existed have no article_blocks: their body stands."""
    db = copy_corpus(fixture_corpus, tmp_path / "old-rows.sqlite")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        (old_id, body), = conn.execute("SELECT id, body FROM articles ORDER BY id LIMIT 1").fetchall()
        conn.execute("DELETE FROM paragraph_cluster_members WHERE article_id = ?", (old_id,))
        conn.execute("DELETE FROM article_blocks WHERE article_id = ?", (old_id,))
    engine = open_corpus(str(db))
    with engine.connect() as conn:
        exported = {a["id"]: a for a in iter_articles(conn, exclude_background=True)}
        (fresh,), = conn.exec_driver_sql(
            f"SELECT fresh_text FROM ({QUERIES['text_without_background']['sql']}) WHERE id = {old_id}").all()
    engine.dispose()
    assert body and exported[old_id]["body"] == body and exported[old_id]["word_count"] > 0
    assert fresh == body
