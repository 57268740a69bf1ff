import sqlite3
from datetime import UTC, datetime

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from mali_news.db.crawldb import CrawlDatabase
from mali_news.db.writes import write_articles
from mali_news.extensions.background import BackgroundExtension
from mali_news.items import ArticleItem, Block
from tests.helpers import project_settings

RECYCLED = ("France sent troops to Mali at the request of the Malian government after Islamist "
            "militants began advancing toward the capital, Bamako.")


def _story(n: int, day: int, paragraphs: list[str]) -> ArticleItem:
    blocks = [Block("paragraph", text) for text in paragraphs]
    return ArticleItem(url=f"https://www.cnn.com/2013/01/{day}/world/africa/story-{n}/index.html",
                       source_url=f"https://www.cnn.com/2013/01/{day}/world/africa/story-{n}/index.html",
                       layout="legacy", title=f"Story {n}", blocks=blocks, story=blocks,
                       body="\n\n".join(paragraphs), word_count=40,
                       published_at=datetime(2013, 1, day, tzinfo=UTC))


@pytest.fixture
def extension(tmp_path):
    db = tmp_path / "corpus.sqlite"
    crawler = get_crawler(settings_dict=project_settings(MALI_NEWS_DATABASE_URL=f"sqlite:///{db}"))
    crawler.stats.open_spider()
    ext = BackgroundExtension.from_crawler(crawler)
    with CrawlDatabase.of(crawler).sessions() as session, session.begin():
        write_articles(session, [_story(1, 28, ["Troops entered the city of Timbuktu on Monday without "
                                                "meeting any resistance, officials said.", RECYCLED]),
                                 _story(2, 29, [RECYCLED])], datetime.now(UTC))
    ext.db = db
    yield ext
    CrawlDatabase.of(crawler).close()


def _clusters(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT a.url, m.background FROM paragraph_cluster_members m "
                            "JOIN articles a ON a.id = m.article_id ORDER BY a.url").fetchall()


def test_a_finished_crawl_that_stored_stories_rebuilds_the_clusters(extension):
    extension.articles_stored(urls=["a", "b"], sources=["a", "b"])
    extension.spider_closed("finished")
    assert [background for _, background in _clusters(extension.db)] == [0, 1]
    assert extension.stats.get_value("mali_news/background/paragraphs") == 1
    assert extension.stats.get_value("mali_news/background/clusters") == 1


def test_nothing_stored_nothing_rebuilt(extension):
    extension.spider_closed("finished")
    assert _clusters(extension.db) == []


def test_an_interrupted_crawl_leaves_the_rebuild_to_enrich(extension, caplog):
    extension.articles_stored(urls=["a"], sources=["a"])
    extension.spider_closed("shutdown")
    assert _clusters(extension.db) == []
    assert extension.stats.get_value("mali_news/background/skipped") == 1
    assert "run `mali-news enrich`" in caplog.text


def test_a_failed_rebuild_is_counted_and_logged_never_raised(extension, caplog, monkeypatch):
    def broken(conn):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr("mali_news.extensions.background.refresh_background", broken)
    extension.articles_stored(urls=["a"], sources=["a"])
    extension.spider_closed("finished")
    assert extension.stats.get_value("mali_news/background/failed") == 1
    assert "Could not find the recycled background (RuntimeError: disk I/O error)" in caplog.text


def test_the_setting_turns_it_off():
    with pytest.raises(NotConfigured):
        BackgroundExtension.from_crawler(get_crawler(settings_dict=project_settings(
            MALI_NEWS_FIND_BACKGROUND=False)))
