from scrapy import Request
from scrapy.http import Response

from mali_news import meta
from mali_news.extensions.crawlstate import SEEDS_FETCHED, SEEN, CrawlStateExtension
from tests.pipeline_helpers import make_pipeline, stat


class FakeSpider:
    def __init__(self, state=None):
        self.seen = set()
        if state is not None:
            self.state = state


def test_seeds_are_counted_when_their_page_arrives():
    ext = make_pipeline(CrawlStateExtension)
    ext.spider_opened(FakeSpider())
    seed = Request("http://edition.cnn.com/a", meta={meta.SEED: True})
    ext.response_received(Response(seed.url, status=200), seed)
    ext.response_received(Response(seed.url, status=404), seed)
    ext.response_received(Response("http://edition.cnn.com/b"), Request("http://edition.cnn.com/b"))
    assert stat(ext, "seeds/fetched") == 1


def test_a_resumed_crawl_takes_back_its_requested_stories_and_seed_count():
    state = {SEEN: {"https://www.cnn.com/x"}, SEEDS_FETCHED: 2}
    ext = make_pipeline(CrawlStateExtension)
    spider = FakeSpider(state)
    ext.spider_opened(spider)
    assert spider.seen == {"https://www.cnn.com/x"}
    spider.seen.add("https://www.cnn.com/y")
    assert state[SEEN] == {"https://www.cnn.com/x", "https://www.cnn.com/y"}
    seed = Request("http://edition.cnn.com/a", meta={meta.SEED: True})
    ext.response_received(Response(seed.url), seed)
    assert stat(ext, "seeds/fetched") == 3 and state[SEEDS_FETCHED] == 3
