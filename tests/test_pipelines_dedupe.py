import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from mali_news.archives.capture import Capture
from mali_news.archives.wayback import parse_timestamp
from mali_news.pipelines.dedupe import DedupePipeline
from mali_news.signals import articles_failed
from tests.pipeline_helpers import article, make_pipeline, stat


def test_second_copy_of_a_story_is_dropped():
    pipeline = make_pipeline(DedupePipeline)
    first = article()
    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(article(source_url="http://www.cnn.com/other-rendering"))
    assert stat(pipeline, "dropped/duplicate") == 1
    other = article(url="https://www.cnn.com/2013/01/29/world/africa/x/index.html")
    assert pipeline.process_item(other) is other


def test_a_story_whose_store_failed_may_come_again():
    crawler = get_crawler()
    crawler.stats.open_spider()
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.process_item(article())
    crawler.signals.send_catch_log(articles_failed, urls=[article().url], sources=[""], errors=[""])
    assert pipeline.process_item(article()).url == article().url


def test_each_archived_capture_of_a_story_goes_on():
    pipeline = make_pipeline(DedupePipeline)
    first = article(origin="wayback", capture=capture("20130126003000"))
    later = article(origin="wayback", capture=capture("20130129120000"))
    assert pipeline.process_item(first) is first
    assert pipeline.process_item(later) is later
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(article(origin="wayback", capture=capture("20130126003000")))


def capture(stamp: str) -> Capture:
    url = f"https://web.archive.org/web/{stamp}id_/http://x"
    return Capture("wayback", "http://x", url, parse_timestamp(stamp), 200)
