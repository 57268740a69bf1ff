"""Storage speed: articles per second through the store pipeline, against a plain executemany insert.

Run: python bench/store.py [--articles 5000]
"""

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Targets, machine
from scrapy.utils.test import get_crawler

from mali_news import settings
from mali_news.db import migrate
from mali_news.db.engine import make_engine
from mali_news.db.writes import content_hash, page_hash
from mali_news.items import ArticleItem, Highlight, Link
from mali_news.pipelines.store import StorePipeline


def articles(n: int) -> list[ArticleItem]:
    return [ArticleItem(
        url=f"https://www.cnn.com/2013/01/25/world/africa/mali-story-{i}/index.html",
        source_url=f"http://edition.cnn.com/2013/01/25/world/africa/mali-story-{i}/index.html",
        layout="legacy", title=f"Mali story {i}", byline="By Faith Karimi and Nima Elbagir, CNN",
        authors=["Faith Karimi", "Nima Elbagir"], dateline="Gao, Mali (CNN)",
        timestamp_text="January 25, 2013 -- Updated 2147 GMT (0547 HKT)",
        published_at=datetime(2013, 1, 25, 12, 8, tzinfo=UTC), updated_at=datetime(2013, 1, 25, 21, 47, tzinfo=UTC),
        highlights=[Highlight(f"Troops reach Gao ({i})", True), Highlight("Aid arrives", False)],
        body="\n\n".join(f"Paragraph {p} of story {i} about troops in Gao and Timbuktu." for p in range(12)),
        word_count=132,
        links=[Link(url=f"https://www.cnn.com/2013/01/25/world/africa/mali-story-{i + d}/index.html",
                    kind="read_more", anchor_text=f"Mali story {i + d}") for d in (1, 2)],
    ) for i in range(n)]


def through_pipeline(url: str, items: list[ArticleItem], batch: int) -> float:
    crawler = get_crawler(settings_dict={"MALI_NEWS_DATABASE_URL": url, "MALI_NEWS_STORE_BATCH_SIZE": batch})
    crawler.stats.open_spider()
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    started = time.perf_counter()
    for item in items:
        pipeline.process_item(item)
    pipeline.close_spider()
    return time.perf_counter() - started


def plain_executemany(path: Path, items: list[ArticleItem], batch_size: int) -> float:
    """The same rows into the same schema with sqlite3's executemany, in the same batches."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    conn.executemany("INSERT OR IGNORE INTO authors (name) VALUES (?)", [("Faith Karimi",), ("Nima Elbagir",)])
    author_ids = dict(conn.execute("SELECT name, id FROM authors"))
    for start in range(0, len(items), batch_size):
        batch = items[start:start + batch_size]
        with conn:
            conn.executemany(
                "INSERT INTO articles (url, source_url, layout, title, byline, dateline, published_at, "
                "updated_at, timestamp_text, body, highlights_text, word_count, content_hash, page_hash, "
                "version, version_at, first_seen_at, last_crawled_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                [(a.url, a.source_url, a.layout, a.title, a.byline, a.dateline, "2013-01-25 12:08:00",
                  "2013-01-25 21:47:00", a.timestamp_text, a.body, "\n".join(h.text for h in a.highlights),
                  a.word_count, content_hash(a), page_hash(a), now, now, now) for a in batch])
            ids = dict(conn.execute(f"SELECT url, id FROM articles WHERE url IN ({','.join('?' * len(batch))})",
                                    [a.url for a in batch]))
            conn.executemany("INSERT INTO article_authors VALUES (?, ?, ?)",
                             [(ids[a.url], i, author_ids[n]) for a in batch for i, n in enumerate(a.authors)])
            conn.executemany("INSERT INTO highlights VALUES (?, ?, ?, ?)",
                             [(ids[a.url], i, h.text, h.is_new) for a in batch for i, h in enumerate(a.highlights)])
            conn.executemany("INSERT INTO links (article_id, position, url, kind, anchor_text) VALUES (?, ?, ?, ?, ?)",
                             [(ids[a.url], i, link.url, link.kind, link.anchor_text)
                              for a in batch for i, link in enumerate(a.links)])
            conn.executemany("INSERT INTO fetches VALUES (?, ?)", [(a.url, now) for a in batch])
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=settings.MALI_NEWS_STORE_BATCH_SIZE,
                        help="articles per transaction, for both (default: the project's setting)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each, into new databases")
    args = parser.parse_args()
    items = articles(args.articles)
    print(f"machine: {machine()}")
    print(f"  {args.articles} articles, {args.batch} per transaction")
    ours_runs, plain_runs = [], []
    for run in range(args.repeats):
        # Alternating the two, each into a new database, so a noisy moment hits both.
        with tempfile.TemporaryDirectory() as tmp:
            ours_runs.append(through_pipeline(f"sqlite:///{tmp}/pipeline-{run}.sqlite", items, args.batch))
            plain_db = Path(tmp) / f"plain-{run}.sqlite"
            engine = make_engine(f"sqlite:///{plain_db}")
            migrate.upgrade(engine)
            engine.dispose()
            plain_runs.append(plain_executemany(plain_db, items, args.batch))
    ours, plain = statistics.median(ours_runs), statistics.median(plain_runs)
    targets = Targets()
    print(f"  store pipeline      {args.articles / ours:8.0f} articles/s ({ours:.2f} s, median of {args.repeats})")
    print(f"  plain executemany   {args.articles / plain:8.0f} articles/s ({plain:.2f} s, median of {args.repeats})")
    targets.check("pipeline >= 50% of executemany", plain / ours >= 0.5, f"{plain / ours:.0%}")
    targets.exit()


if __name__ == "__main__":
    main()
