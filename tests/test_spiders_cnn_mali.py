import asyncio

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from mali_news import meta
from mali_news.items import ArticleItem
from mali_news.spidermiddlewares.topic import TopicMiddleware
from mali_news.spiders.cnn_mali import CnnMaliSpider
from tests.helpers import SEED_EDITION_URL, SEED_WWW_URL, project_settings, site_response

OFF_TOPIC_URL = "http://edition.cnn.com/2013/01/17/travel/dreamliner-grounded/index.html"
HUB_URL = "http://edition.cnn.com/SPECIALS/world/mali-conflict/index.html"


def make_spider(**kwargs):
    crawler = get_crawler(CnnMaliSpider, settings_dict=project_settings(EXTENSIONS={}))
    crawler.stats.open_spider()
    spider = CnnMaliSpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def start_urls(spider):
    async def collect():
        return [request.url async for request in spider.start()]
    return asyncio.run(collect())


def run_parse(spider, url, hops=0, seed=False):
    response = site_response(url, {meta.HOPS: hops, meta.SEED: seed})
    results = list(TopicMiddleware.from_crawler(spider.crawler).process_spider_output(
        response, spider.parse(response)))
    items = [r for r in results if isinstance(r, ArticleItem)]
    requests = [r for r in results if isinstance(r, Request)]
    return items, requests


def stat(spider, key):
    return spider.crawler.stats.get_value(f"mali_news/{key}")


def test_defaults_start_at_the_seed():
    spider = make_spider()
    assert start_urls(spider) == [SEED_EDITION_URL]
    assert spider.depth == 2


def test_start_urls_argument_replaces_the_seed_and_collapses_renderings():
    spider = make_spider(start_urls=f"{SEED_WWW_URL}, {SEED_EDITION_URL}?hpt=hp_t3,{HUB_URL}")
    assert start_urls(spider) == [SEED_WWW_URL, HUB_URL]
    assert stat(spider, "links/already_seen") == 1


@pytest.mark.parametrize(("depth", "message"), [
    ("-1", "argument depth: must be 0 or more (got '-1')"),
    ("two", "argument depth: not a whole number (got 'two')")])
def test_bad_depth_ends_the_run_with_one_line(depth, message, capsys):
    with pytest.raises(SystemExit) as raised:
        make_spider(depth=depth)
    assert raised.value.code == 2
    assert capsys.readouterr().err.strip() == message


def test_seed_yields_its_article_and_follows_coverage_and_read_more_links():
    spider = make_spider()
    items, requests = run_parse(spider, SEED_EDITION_URL, seed=True)
    assert [item.title for item in items] == ["Malian security forces push into rebel territory"]
    urls = [r.url for r in requests]
    assert "http://edition.cnn.com/2012/10/21/world/africa/mali-q-a/index.html" in urls
    assert "http://edition.cnn.com/2013/01/24/world/africa/algeria-al-qaeda-mali/index.html?hpt=wo_c2" in urls
    assert "http://edition.cnn.com/SPECIALS/world/mali-conflict/index.html?iid=article_sidebar" in urls
    assert not any("/video/" in u or "/gallery/" in u for u in urls)
    # The Q&A is both a "Read more:" link and a coverage item: one request.
    assert sum("mali-q-a" in u for u in urls) == 1
    assert all(r.meta[meta.HOPS] == 1 for r in requests)
    assert stat(spider, "pages/legacy") == 1


def test_depth_zero_fetches_only_the_start_urls():
    spider = make_spider(depth="0")
    items, requests = run_parse(spider, SEED_EDITION_URL, seed=True)
    assert len(items) == 1
    assert requests == []


def test_followed_off_topic_page_is_counted_and_left():
    spider = make_spider()
    items, requests = run_parse(spider, OFF_TOPIC_URL, hops=2)
    assert (items, requests) == ([], [])
    assert stat(spider, "dropped/off_topic") == 1


def test_off_topic_start_url_is_still_stored():
    spider = make_spider()
    items, _ = run_parse(spider, OFF_TOPIC_URL, seed=True)
    assert [item.title for item in items] == ["Dreamliner fleet grounded worldwide"]


def test_hub_is_followed_not_stored():
    spider = make_spider()
    items, requests = run_parse(spider, HUB_URL, hops=1)
    assert items == []
    assert len(requests) == 9
    assert stat(spider, "pages/hub") == 1


def test_unknown_pages_are_counted():
    spider = make_spider()
    page = HtmlResponse("http://edition.cnn.com/about/", body=b"<html><body><p>Hi</p></body></html>",
                        request=Request("http://edition.cnn.com/about/"))
    assert list(spider.parse(page)) == []
    assert stat(spider, "pages/unknown_layout") == 1


@pytest.mark.parametrize(("settings", "user_agent"), [
    ({}, "mali_news/0.1.0 (research crawler of CNN's Mali coverage)"),
    ({"MALI_NEWS_CONTACT": "desk@example.org"},
     "mali_news/0.1.0 (research crawler of CNN's Mali coverage; contact: desk@example.org)"),
])
def test_user_agent_names_the_project_and_contact(settings, user_agent):
    crawler = get_crawler(CnnMaliSpider, settings_dict=project_settings(EXTENSIONS={}, **settings))
    assert crawler.settings["USER_AGENT"] == user_agent


def test_page_size_limit_follows_the_project_setting():
    crawler = get_crawler(CnnMaliSpider,
                          settings_dict=project_settings(EXTENSIONS={}, MALI_NEWS_MAX_PAGE_BYTES=1234))
    assert crawler.settings.getint("DOWNLOAD_MAXSIZE") == 1234


def test_politeness_defaults():
    settings = get_crawler(CnnMaliSpider, settings_dict=project_settings(EXTENSIONS={})).settings
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert settings.getint("DOWNLOAD_TIMEOUT") == 30
    assert settings.getint("DOWNLOAD_MAXSIZE") == 4 * 1024 * 1024


DEEP = ("<html><body><div id='cnnContentContainer'><h1>Deep</h1><div class='cnn_strycntntlft'>"
        "<p>(CNN) -- Start.</p>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 +
        "<p>After.</p></div></div></body></html>")
WIDE = ("<html><body><div id='cnnContentContainer'><h1>Wide</h1><div class='cnn_strycntntlft'>"
        "<p title='" + "x" * (1 << 20) + "'>(CNN) -- Malian forces took Gao.</p><p>After.</p>"
        "</div></div></body></html>")


def test_page_nested_100000_deep_is_dropped_as_unparsable(caplog):
    spider = make_spider()
    url = "http://edition.cnn.com/2013/01/25/world/africa/deep/index.html"
    response = HtmlResponse(url, body=DEEP.encode(), request=Request(url, meta={meta.HOPS: 0}))
    assert list(spider.parse(response)) == []
    assert stat(spider, "dropped/unparsable") == 1
    assert f"Unparsable page, not stored: {url} (the HTML parser stopped at line" in caplog.text
    assert "Traceback" not in caplog.text


def test_page_with_a_1mb_attribute_is_stored():
    spider = make_spider()
    url = "http://edition.cnn.com/2013/01/25/world/africa/wide/index.html"
    response = HtmlResponse(url, body=WIDE.encode(), request=Request(url, meta={meta.HOPS: 0}))
    (article,) = [r for r in spider.parse(response) if isinstance(r, ArticleItem)]
    assert article.paragraphs == ["(CNN) -- Malian forces took Gao.", "After."]


FORTUNE_POST = b"""<html><head><meta property="og:type" content="article">
<meta property="og:title" content="Apple's Mali moment"></head><body><h1>Apple's Mali moment</h1>
<div itemprop="articleBody"><p>Apple's supply chain reaches into West Africa, where Mali's gold mines
feed the refineries that supply the electronics industry, a Fortune analysis found this week.</p>
<p>Analysts in Bamako said the French intervention had not disturbed the mines in the south of the
country, far from the fighting around Gao and Timbuktu in the north.</p></div></body></html>"""


@pytest.mark.parametrize(("url", "publication"), [
    ("http://tech.fortune.cnn.com/2013/01/28/apple-mali/", "fortune.cnn.com"),
    ("http://money.cnn.com/2013/01/28/news/mali-gold/index.html", "money.cnn.com"),
    ("http://sportsillustrated.cnn.com/2013/soccer/01/28/mali-cup/index.html", "sportsillustrated.cnn.com"),
    ("http://ireport.cnn.com/docs/DOC-915000", "ireport.cnn.com"),
])
def test_another_publication_on_a_cnn_host_is_not_stored(url, publication, caplog):
    caplog.set_level("INFO")
    spider = make_spider()
    request = Request(url, meta={meta.HOPS: 0, meta.SEED: True})
    response = HtmlResponse(url, body=FORTUNE_POST, request=request)
    assert list(spider.parse(response)) == []
    assert stat(spider, "dropped/other_publication") == 1
    assert publication in caplog.text and url in caplog.text


def test_the_list_of_other_publications_is_a_setting():
    crawler = get_crawler(CnnMaliSpider, settings_dict=project_settings(
        EXTENSIONS={}, MALI_NEWS_OTHER_PUBLICATIONS=["fortune.cnn.com"]))
    crawler.stats.open_spider()
    spider = CnnMaliSpider.from_crawler(crawler)
    crawler.spider = spider
    money = "http://money.cnn.com/2013/01/28/news/mali-gold/index.html"
    fortune = "http://tech.fortune.cnn.com/2013/01/28/apple-mali/"
    for url in (money, fortune):
        list(spider.parse(HtmlResponse(url, body=FORTUNE_POST, request=Request(url, meta={meta.HOPS: 0}))))
    assert crawler.stats.get_value("mali_news/dropped/other_publication") == 1
