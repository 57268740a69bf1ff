import sqlite3

import pytest
from sqlalchemy.exc import SQLAlchemyError

from mali_news.pipelines.store import StorePipeline
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


def test_a_failing_article_does_not_cost_the_others(tmp_path, monkeypatch):
    pipeline = make_store(tmp_path, batch_size=10)
    pipeline.open_spider()
    real_write = pipeline._write

    def write(items):
        if any(item.body == "Story 2." for item in items):
            raise SQLAlchemyError("disk says no")
        real_write(items)

    monkeypatch.setattr(pipeline, "_write", write)
    for n in (1, 2, 3):
        pipeline.process_item(story(n))
    pipeline.close_spider()
    assert stored_urls(tmp_path) == [story(1).url, story(3).url]
    assert stat(pipeline, "store/failed") == 1


def test_batch_size_must_be_positive():
    with pytest.raises(ValueError, match="MALI_NEWS_STORE_BATCH_SIZE"):
        StorePipeline("sqlite://", 0, None)
