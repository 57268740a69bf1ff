import asyncio
import logging

from scrapy import Request
from scrapy.http import HtmlResponse

from mali_news import meta
from mali_news.spidermiddlewares.topic import TopicMiddleware
from tests.helpers import project_settings
from tests.pipeline_helpers import make_pipeline, stat

URL = "http://edition.cnn.com/2013/01/17/travel/dreamliner-grounded/index.html"


def parsed(title, text, seed=False):
    response = HtmlResponse(URL, body=b"<html></html>", request=Request(URL, meta={meta.SEED: seed}))

    def results():
        # As the spider does: the page's topic is known before its first result.
        response.meta[meta.TOPIC] = (title, text)
        yield "article"
        yield Request("http://edition.cnn.com/2013/01/18/world/x/index.html")
    return response, results()


def middleware():
    return make_pipeline(TopicMiddleware, project_settings(EXTENSIONS={}))


def test_on_topic_page_passes_whole():
    mw = middleware()
    response, results = parsed("Malian forces retake Konna", "French jets struck Konna.")
    assert len(list(mw.process_spider_output(response, results))) == 2
    assert stat(mw, "dropped/off_topic") is None


def test_off_topic_page_yields_nothing_and_is_counted(caplog):
    caplog.set_level(logging.INFO, logger="mali_news.spidermiddlewares.topic")
    mw = middleware()
    response, results = parsed("Dreamliner fleet grounded", "Boeing's 787 batteries.")
    assert list(mw.process_spider_output(response, results)) == []
    assert stat(mw, "dropped/off_topic") == 1
    assert f"Off topic, not stored or followed: {URL}" in caplog.text


def test_start_urls_are_kept_whatever_their_topic():
    mw = middleware()
    response, results = parsed("Dreamliner fleet grounded", "Boeing's 787 batteries.", seed=True)
    assert len(list(mw.process_spider_output(response, results))) == 2


def test_async_output_is_judged_the_same():
    mw = middleware()
    response, results = parsed("Dreamliner fleet grounded", "Boeing's 787 batteries.")

    async def as_async():
        for obj in results:
            yield obj

    async def collect():
        return [obj async for obj in mw.process_spider_output_async(response, as_async())]
    assert asyncio.run(collect()) == []
