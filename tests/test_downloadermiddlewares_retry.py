from datetime import UTC, datetime

import pytest

from mali_news.downloadermiddlewares.retry import (
    BackoffRetryMiddleware,
    backoff_delay,
    retry_after_seconds,
)


@pytest.mark.parametrize(("retry", "base", "cap", "retry_after", "delay"), [
    (1, 2.0, 60.0, None, 2.0),
    (2, 2.0, 60.0, None, 4.0),
    (3, 2.0, 60.0, None, 8.0),
    (10, 2.0, 60.0, None, 60.0),
    (1, 2.0, 60.0, 30.0, 30.0),
    # Retry-After is honoured in full beyond the backoff's own cap, up to its own maximum.
    (1, 2.0, 60.0, 600.0, 600.0),
    (1, 2.0, 60.0, 3600.0, 3600.0),
    (1, 2.0, 60.0, 86400.0, 3600.0),
    (1, 0.0, 60.0, None, 0.0),
    (1, 0.0, 60.0, 5.0, 5.0),
])
def test_backoff_delay(retry, base, cap, retry_after, delay):
    assert backoff_delay(retry, base, cap, retry_after, retry_after_cap=3600.0) == delay


NOW = datetime(2013, 1, 25, 21, 47, tzinfo=UTC)


@pytest.mark.parametrize(("header", "seconds"), [
    (b"120", 120.0),
    (b" 7 ", 7.0),
    (b"Fri, 25 Jan 2013 21:48:00 GMT", 60.0),
    (b"Fri, 25 Jan 2013 21:40:00 GMT", 0.0),
    (b"soon", None),
    (b"", None),
    (None, None),
])
def test_retry_after_seconds(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds


def test_a_name_that_never_resolved_is_not_retried():
    import asyncio

    from scrapy import Request, Spider
    from scrapy.exceptions import CannotResolveHostError
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(Spider, {"MALI_NEWS_RETRY_BACKOFF": 0, "MALI_NEWS_RETRY_BACKOFF_MAX": 0,
                                   "MALI_NEWS_RETRY_AFTER_MAX": 0})
    crawler.spider = crawler._create_spider("retry")
    middleware = BackoffRetryMiddleware.from_crawler(crawler)
    never = Request("http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html")
    failure = CannotResolveHostError("DNS lookup failed: no results for hostname lookup: edition.cnn.com.")
    # No network: the name never resolved in this crawl, so the request fails at once.
    assert asyncio.run(middleware.process_exception(never, failure)) is None
    # Once the host has answered, a DNS failure is a hiccup worth a retry.
    asyncio.run(middleware.process_response(never, Response(never.url, status=200, request=never)))
    again = asyncio.run(middleware.process_exception(never.copy(), failure))
    assert isinstance(again, Request) and again.meta["retry_times"] == 1


def test_a_memento_is_never_retried_whatever_its_status():
    import asyncio

    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from tests.recorded import load

    crawler = get_crawler(Spider, {"MALI_NEWS_RETRY_BACKOFF": 0, "MALI_NEWS_RETRY_BACKOFF_MAX": 0})
    crawler.spider = crawler._create_spider("retry")
    middleware = BackoffRetryMiddleware.from_crawler(crawler)
    request = Request("https://web.archive.org/web/20130126000000id_/http://edition.cnn.com/x")
    status, headers, body = load("wayback_archived_500").replay("https://web.archive.org")
    archived = Response(request.url, status=status, headers=headers, body=body.encode(), request=request)
    # The page's 500 of 2013: asked again, it would answer the same.
    assert asyncio.run(middleware.process_response(request, archived)) is archived
    own = Response(request.url, status=500, request=request)
    again = asyncio.run(middleware.process_response(request, own))
    assert isinstance(again, Request) and again.meta["retry_times"] == 1
