import sqlite3

import pytest
from sqlalchemy.exc import SQLAlchemyError

from mali_news.db.crawldb import CrawlDatabase
from mali_news.db.writes import write_articles
from mali_news.pipelines.store import StorePipeline
from mali_news.signals import articles_failed, articles_stored
from tests.pipeline_helpers import article, make_pipeline, stat


def make_store(tmp_path, batch_size=2):
    return make_pipeline(StorePipeline, {
        "MALI_NEWS_DATABASE_URL": f"sqlite:///{tmp_path}/c.sqlite",
        "MALI_NEWS_STORE_BATCH_SIZE": batch_size,
    })


def stored_urls(tmp_path):
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        return sorted(url for (url,) in db.execute("SELECT url FROM articles"))


def story(n: int):
    return article(url=f"https://www.cnn.com/2013/01/{n:02d}/world/africa/s{n}/index.html",
                   body=f"Story {n}.", word_count=2)


def test_batches_are_flushed_at_size_and_at_close(tmp_path):
    pipeline = make_store(tmp_path)
    pipeline.open_spider()
    for n in (1, 2, 3):
        pipeline.process_item(story(n))
    assert len(stored_urls(tmp_path)) == 2
    pipeline.close_spider()
    assert len(stored_urls(tmp_path)) == 3
    assert stat(pipeline, "articles/new") == 3


def test_wal_mode_is_on(tmp_path):
    pipeline = make_store(tmp_path)
    pipeline.open_spider()
    pipeline.close_spider()
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def rows(tmp_path, sql):
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        return db.execute(sql).fetchall()


def failing_for(url, exc):
    """write_articles that raises exc for any batch holding url."""
    def write(session, items, now):
        if any(item.url == url for item in items):
            raise exc
        return write_articles(session, items, now)
    return write


@pytest.mark.parametrize("exc", [
    SQLAlchemyError("database says no"), OSError(28, "No space left on device"),
    ValueError("a bad value"), RecursionError("maximum recursion depth exceeded")])
def test_one_failing_article_in_a_batch_of_100_costs_only_itself(tmp_path, monkeypatch, exc):
    bad = story(42).url
    monkeypatch.setattr("mali_news.pipelines.store.write_articles", failing_for(bad, exc))
    pipeline = make_store(tmp_path, batch_size=100)
    pipeline.open_spider()
    for n in range(1, 101):
        pipeline.process_item(story(n))
    assert len(stored_urls(tmp_path)) == 99
    assert bad not in stored_urls(tmp_path)
    assert stat(pipeline, f"store/failed/{type(exc).__name__}") == 1
    (failure,) = rows(tmp_path, "SELECT url, error, failed_at IS NOT NULL FROM store_failures")
    assert failure[0] == bad and failure[1].startswith(type(exc).__name__) and failure[2] == 1
    # Its fetch time is not recorded: the next crawl's recrawl window does not skip it.
    assert bad not in {url for (url,) in rows(tmp_path, "SELECT url FROM fetches")}
    # The next crawl, with the fault gone, stores it.
    monkeypatch.undo()
    pipeline = make_store(tmp_path, batch_size=100)
    pipeline.open_spider()
    pipeline.process_item(story(42))
    pipeline.close_spider()
    assert len(stored_urls(tmp_path)) == 100


def test_a_failure_when_flushed_from_idle_is_logged_with_its_url(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr("mali_news.pipelines.store.write_articles",
                        failing_for(story(2).url, KeyError("position")))
    pipeline = make_store(tmp_path, batch_size=10)
    pipeline.open_spider()
    pipeline.process_item(story(2))
    pipeline.flush()  # what spider_idle calls: it must not raise
    assert f"Could not store {story(2).url}: KeyError" in caplog.text
    assert rows(tmp_path, "SELECT count(*) FROM store_failures") == [(1,)]


def test_failed_articles_are_signalled(tmp_path, monkeypatch):
    monkeypatch.setattr("mali_news.pipelines.store.write_articles",
                        failing_for(story(2).url, ValueError("x")))
    pipeline = make_store(tmp_path, batch_size=10)
    seen = {"stored": [], "failed": []}
    pipeline.signals.connect(lambda urls: seen["stored"].extend(urls), signal=articles_stored, weak=False)
    pipeline.signals.connect(lambda urls: seen["failed"].extend(urls), signal=articles_failed, weak=False)
    pipeline.open_spider()
    for n in (1, 2, 3):
        pipeline.process_item(story(n))
    pipeline.close_spider()
    assert sorted(seen["stored"]) == [story(1).url, story(3).url]
    assert seen["failed"] == [story(2).url]


def test_batch_size_must_be_positive():
    with pytest.raises(ValueError, match="MALI_NEWS_STORE_BATCH_SIZE"):
        StorePipeline(CrawlDatabase("sqlite://"), 0, None)
