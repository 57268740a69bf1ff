import csv
import io
import json
import sqlite3

from mali_news.corpus.database import open_corpus
from mali_news.corpus.export import CSV_COLUMNS, write_csv, write_jsonl


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
        for column in ("url", "title", "byline", "dateline", "published_at", "updated_at",
                       "timestamp_text", "body", "word_count", "layout", "version"):
            assert article[column] == row[column], column
        assert article["authors"] == [name for (name,) in db.execute(
            "SELECT name FROM article_authors JOIN authors ON authors.id = author_id "
            "WHERE article_id = ? ORDER BY position", (row["id"],))]
        assert [(h["text"], h["is_new"]) for h in article["highlights"]] == [
            (text, bool(new)) for text, new in db.execute(
                "SELECT text, is_new FROM highlights WHERE article_id = ? ORDER BY position",
                (row["id"],))]
        assert [(link["url"], link["kind"], link["anchor_text"], link["teaser"], link["listed_at"])
                for link in article["links"]] == [tuple(r) for r in db.execute(
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
