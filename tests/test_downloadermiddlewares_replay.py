import pytest
from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from mali_news.config.checks import SettingError
from mali_news.downloadermiddlewares.replay import ReplayMiddleware
from tests.helpers import SEED_EDITION_URL, SITE


@pytest.fixture
def middleware():
    crawler = get_crawler(settings_dict={"MALI_NEWS_REPLAY": str(SITE)})
    crawler.stats.open_spider()
    return ReplayMiddleware.from_crawler(crawler)


@pytest.mark.parametrize("url", [
    SEED_EDITION_URL,
    SEED_EDITION_URL + "?hpt=hp_t3",
    "https://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html#em0",
    "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/",
    "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest",
    "http://EDITION.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",
    # Only the edition rendering of these paths is in the mirror; CNN serves both hosts.
    "https://us.cnn.com/2012/10/21/world/africa/mali-q-a/index.html",
])
def test_serves_the_mirror_file(middleware, url):
    request = Request(url)
    response = middleware.process_request(request)
    assert isinstance(response, HtmlResponse)
    assert response.status == 200
    assert response.url == request.url
    assert "replay" in response.flags
    assert "<title>" in response.text
    assert middleware.stats.get_value("mali_news/replay/served") == 1


@pytest.mark.parametrize("url", [
    "http://edition.cnn.com/2013/01/25/world/africa/not-there/index.html",
    "http://edition.cnn.com/../../etc/passwd",
    "http://edition.cnn.com/%2e%2e/%2e%2e/pyproject.toml",
    "http://unknown.example/index.html",
])
def test_missing_or_escaping_urls_are_ignored_and_counted(middleware, url, caplog):
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request(url))
    assert middleware.stats.get_value("mali_news/replay/missing") == 1
    assert url in caplog.text


def test_missing_robots_txt_is_a_plain_404(middleware):
    response = middleware.process_request(Request("http://money.cnn.com/robots.txt"))
    assert response.status == 404
    assert middleware.stats.get_value("mali_news/replay/missing") is None


def test_off_without_the_setting():
    with pytest.raises(NotConfigured):
        ReplayMiddleware.from_crawler(get_crawler())


def test_a_mirror_that_is_not_there_is_an_error_never_a_live_crawl(tmp_path):
    # Never NotConfigured (which would switch replay off and let requests reach the network).
    crawler = get_crawler(settings_dict={"MALI_NEWS_REPLAY": str(tmp_path / "nope")})
    with pytest.raises(SettingError, match="MALI_NEWS_REPLAY: no such folder or WARC file"):
        ReplayMiddleware.from_crawler(crawler)


def test_a_mirror_file_over_the_size_limit_fails_like_a_download():
    crawler = get_crawler(settings_dict={"MALI_NEWS_REPLAY": str(SITE), "DOWNLOAD_MAXSIZE": 1000})
    crawler.stats.open_spider()
    middleware = ReplayMiddleware.from_crawler(crawler)
    with pytest.raises(DownloadCancelledError, match="larger than download max size"):
        middleware.process_request(Request(SEED_EDITION_URL))
