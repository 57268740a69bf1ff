import asyncio
import logging
from datetime import UTC, datetime
from types import SimpleNamespace

from scrapy import Request
from scrapy.http import HtmlResponse

from mali_news import meta
from mali_news.items import ArticleItem
from mali_news.spidermiddlewares.topic import TopicMiddleware
from mali_news.urls import canonical_url
from tests.helpers import project_settings
from tests.pipeline_helpers import make_pipeline, stat

URL = "http://edition.cnn.com/2013/01/17/travel/dreamliner-grounded/index.html"


def parsed(title, text, seed=False, published=datetime(2013, 1, 17, tzinfo=UTC)):
    response = HtmlResponse(URL, body=b"<html></html>", request=Request(URL, meta={meta.SEED: seed}))

    def results():
        # As the spider does: the page's topic is known before its first result.
        response.meta[meta.TOPIC] = (title, text, published)
        yield ArticleItem(url=URL, source_url=URL, layout="legacy", title=title)
        yield Request("http://edition.cnn.com/2013/01/18/world/x/index.html")
    return response, results()


def middleware():
    return make_pipeline(TopicMiddleware, project_settings(EXTENSIONS={}))


def test_on_topic_page_passes_whole_and_its_article_keeps_its_score():
    mw = middleware()
    response, results = parsed("Malian forces retake Konna", "French jets struck Konna.")
    article, request = mw.process_spider_output(response, results)
    assert (article.topic_score, article.topic_terms) == (7.0, "Konna 2; Malian 1")
    assert request.url.endswith("/x/index.html")
    assert stat(mw, "dropped/off_topic") is None


def test_a_page_outside_the_date_window_yields_nothing(caplog):
    caplog.set_level(logging.INFO, logger="mali_news.spidermiddlewares.topic")
    mw = middleware()
    response, results = parsed("Gunmen storm hotel in Mali's capital", "Bamako.",
                               published=datetime(2015, 11, 20, tzinfo=UTC))
    assert list(mw.process_spider_output(response, results)) == []
    assert stat(mw, "dropped/out_of_window") == 1
    assert f"Published 2015-11-20, outside the date window, not stored or followed: {URL}" in caplog.text


def test_a_page_of_unknown_date_is_judged_by_its_topic_alone():
    mw = middleware()
    response, results = parsed("Malian forces retake Konna", "", published=None)
    assert len(list(mw.process_spider_output(response, results))) == 2


def test_off_topic_page_yields_nothing_and_is_counted(caplog):
    caplog.set_level(logging.INFO, logger="mali_news.spidermiddlewares.topic")
    mw = middleware()
    response, results = parsed("Dreamliner fleet grounded", "Boeing's 787 batteries.")
    assert list(mw.process_spider_output(response, results)) == []
    assert stat(mw, "dropped/off_topic") == 1
    assert f"Off topic (score 0.0), not stored or followed: {URL}" in caplog.text


def test_start_urls_are_kept_whatever_their_topic_and_date():
    mw = middleware()
    response, results = parsed("Dreamliner fleet grounded", "Boeing's 787 batteries.", seed=True,
                               published=datetime(2015, 1, 1, tzinfo=UTC))
    article, _ = mw.process_spider_output(response, results)
    assert article.topic_score == 0.0


def test_async_output_is_judged_the_same():
    mw = middleware()
    response, results = parsed("Dreamliner fleet grounded", "Boeing's 787 batteries.")

    async def as_async():
        for obj in results:
            yield obj

    async def collect():
        return [obj async for obj in mw.process_spider_output_async(response, as_async())]
    assert asyncio.run(collect()) == []


def test_a_left_page_releases_its_claim_in_a_shared_crawl_and_says_why():
    released, left = [], []
    mw = middleware()
    mw.crawler = SimpleNamespace(
        spider=SimpleNamespace(frontier=SimpleNamespace(release_request=released.append)),
        signals=SimpleNamespace(send_catch_log=lambda signal, **kwargs: left.append(kwargs)))
    response, results = parsed("Dreamliner fleet grounded", "Boeing's 787 batteries.")
    assert list(mw.process_spider_output(response, results)) == []
    assert released == [response.request]
    assert left == [{"url": canonical_url(response.url), "status": "dropped", "reason": "off_topic"}]
