"""A page asked of Common Crawl: index queries crawl by crawl and address by address, then the record."""

import io
import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from mali_news import meta
from mali_news.archives.capture import Capture
from mali_news.archives.commoncrawl import DEFAULT_CRAWLS, Record
from mali_news.downloadermiddlewares.commoncrawl import CommonCrawlMiddleware, index_variants

INDEX, DATA = "http://127.0.0.1:9/cc-index", "http://127.0.0.1:9/cc-data"
STORY = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html?hpt=hp_t3"
FILE = "crawl-data/CC-MAIN-2013-20/segments/1/warc/CC-MAIN-1-00001.warc.gz"
PAGE = b"<html><head><title>Mali</title></head><body><p>Malian forces</p></body></html>"


def middleware() -> tuple[CommonCrawlMiddleware, MemoryStatsCollector]:
    stats = MemoryStatsCollector(get_crawler())
    return CommonCrawlMiddleware(INDEX, DATA, DEFAULT_CRAWLS, stats), stats


def ask(archives: list[str], **wanted: object) -> Request:
    return Request(STORY, meta={meta.ARCHIVE_REQUEST: {"date": "", "archives": archives, **wanted}})


def query(request: Request) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(request.url)
    return parts.path.rsplit("/", 1)[-1], parse_qs(parts.query)


def no_captures(request: Request) -> TextResponse:
    return TextResponse(request.url, status=404, request=request,
                        body=b'{"message": "No Captures found for: edition.cnn.com/2013/01/25"}')


def index_answer(request: Request, *lines: dict) -> TextResponse:
    body = "\n".join(json.dumps(line) for line in lines).encode()
    return TextResponse(request.url, request=request, body=body)


def line(url: str = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",
         timestamp: str = "20130518101010", **changes: str) -> dict:
    return {"urlkey": "com,cnn,edition)/2013/01/25/world/africa/mali-unrest/index.html",
            "timestamp": timestamp, "url": url, "mime": "text/html", "status": "200", "digest": "AAAA",
            "length": "500", "offset": "1000", "filename": FILE, **changes}


def warc(status: str = "200 OK", content_type: str = "text/html", record_type: str = "response") -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(PAGE)))],
                               protocol="HTTP/1.1")
    if record_type == "response":
        record = writer.create_warc_record(STORY, "response", payload=io.BytesIO(PAGE), http_headers=headers)
    else:
        record = writer.create_warc_record(STORY, "metadata", payload=io.BytesIO(b"fetchTimeMs: 3"),
                                           warc_content_type="application/warc-fields")
    writer.write_record(record)
    return out.getvalue()


def to_data(mw: CommonCrawlMiddleware, record: bytes) -> Request:
    """The story's data request, its index having named a record of this many bytes."""
    request = mw.process_request(ask(["commoncrawl"]))
    return mw.process_response(request, index_answer(request, line(length=str(len(record)))))


def test_the_index_queries_go_crawl_by_crawl_from_the_stories_day_and_address_by_address():
    mw, stats = middleware()
    request = mw.process_request(ask(["commoncrawl"]))
    asked = []
    while isinstance(request, Request):
        asked.append((query(request)[0], query(request)[1]["url"][0]))
        assert query(request)[1]["matchType"] == ["prefix"] and request.dont_filter
        try:
            request = mw.process_response(request, no_captures(request))
        except IgnoreRequest:
            break
    # The 2012 crawl ended before a January 2013 story: it is not asked.
    paths = [v.url for v in index_variants(STORY)]
    assert asked == [(f"{crawl}-index", path) for crawl in DEFAULT_CRAWLS[1:] for path in paths]
    assert stats.get_value("mali_news/commoncrawl/no_capture") == 1
    assert stats.get_value("mali_news/commoncrawl/index_queries") == len(asked)


def test_the_record_of_the_story_is_read_from_its_byte_range_under_the_original_address():
    mw, stats = middleware()
    record = warc()
    request = mw.process_request(ask(["commoncrawl"]))
    request = mw.process_response(request, index_answer(
        request,
        # Another story under the prefix, an error capture and a revisit are not the page.
        line(url="http://edition.cnn.com/2013/01/25/world/africa/mali-unrest-2/index.html",
             timestamp="20130501000000"),
        line(status="404", timestamp="20130502000000"),
        line(mime="warc/revisit", timestamp="20130503000000"),
        line(length=str(len(record)), offset="0")))
    assert request.url == f"{DATA}/{FILE}"
    assert request.headers["Range"] == f"bytes=0-{len(record) - 1}".encode()
    response = mw.process_response(request, Response(request.url, status=206, body=record, request=request))
    assert isinstance(response, HtmlResponse)
    assert (response.url, response.status, response.body) == (STORY, 200, PAGE)
    assert b"Content-Length" not in response.headers
    # The capture is made here, once, with everything the store writes.
    assert request.meta[meta.CAPTURE] == Capture(
        "commoncrawl", STORY, f"{DATA}/{FILE}", datetime(2013, 5, 18, 10, 10, 10, tzinfo=UTC), 200, FILE, 0,
        len(record), "CC-MAIN-2013-20")
    # The first query is the story's path without index.html, which finds it with or without.
    assert stats.get_value("mali_news/commoncrawl/found_via/index") == 1


def test_a_data_host_that_ignores_the_range_still_gives_the_record():
    mw, _ = middleware()
    record = warc()
    request = to_data(mw, record)
    whole = b"\0" * 1000 + record + b"\0" * 50
    response = mw.process_response(request, Response(request.url, status=200, body=whole, request=request))
    assert response.body == PAGE


def test_a_record_a_discovery_route_named_is_fetched_at_once():
    mw, stats = middleware()
    named = Record("CC-MAIN-2013-20", STORY, "20130518101010", "200", "text/html", "AAAA", FILE, 7, 70)
    request = mw.process_request(ask(["commoncrawl"], record=named))
    assert request.url == f"{DATA}/{FILE}" and request.headers["Range"] == b"bytes=7-76"
    assert stats.get_value("mali_news/commoncrawl/found_via/discovery") == 1


# Each record has its own id and date, so its bytes are made once.
RECORD, METADATA = warc(), warc(record_type="metadata")


@pytest.mark.parametrize(("status", "body", "length", "reason"), [
    (503, b"Slow Down", len(RECORD), "data_failed"),
    (206, RECORD[:40], len(RECORD), "record_truncated"),
    (206, METADATA, len(METADATA), "record_not_a_response"),
    (206, b"x" * 300, 300, "record_unreadable"),
])
def test_a_record_that_cannot_be_read_is_counted_and_given_up(status, body, length, reason):
    mw, stats = middleware()
    request = to_data(mw, b"\0" * length)
    with pytest.raises(IgnoreRequest):
        mw.process_response(request, Response(request.url, status=status, body=body, request=request))
    assert stats.get_value(f"mali_news/commoncrawl/{reason}") == 1
    assert request.meta[meta.FAILURE] == reason


@pytest.mark.parametrize(("record", "reason", "skipped"), [
    (warc(status="404 Not Found"), "record_not_ok", "archived_404"),
    (warc(status="301 Moved Permanently"), "record_not_ok", "archived_redirect_elsewhere"),
    (warc(content_type="application/pdf"), "record_not_html", "not_html_memento"),
])
def test_a_record_that_holds_no_page_is_a_skipped_capture_and_given_up(record, reason, skipped):
    stats = MemoryStatsCollector(get_crawler())
    told = []
    mw = CommonCrawlMiddleware(INDEX, DATA, DEFAULT_CRAWLS, stats, on_skip=lambda **kw: told.append(kw))
    request = to_data(mw, record)
    with pytest.raises(IgnoreRequest):
        mw.process_response(request, Response(request.url, status=206, body=record, request=request))
    assert stats.get_value(f"mali_news/commoncrawl/{reason}") == 1
    assert stats.get_value(f"mali_news/commoncrawl/skipped/{skipped}") == 1
    assert [(t["archive"], t["reason"]) for t in told] == [("commoncrawl", skipped)]
    assert told[0]["url"] == "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
    assert request.meta[meta.SKIPPED][0]["capture_url"] == f"{DATA}/{FILE}"


def test_a_recorded_index_line_of_a_record_that_holds_a_301_is_never_fetched():
    from tests.recorded import load

    recorded = json.loads(load("commoncrawl_index_301").body)
    assert (recorded["status"], recorded["redirect"]) == ("301", "https://commoncrawl.org/")
    mw, _ = middleware()
    request = mw.process_request(ask(["commoncrawl"]))
    # The same line, naming the story: the next crawl's index is asked, no record fetched.
    shaped = {**recorded, "url": line()["url"], "urlkey": line()["urlkey"], "timestamp": "20130518101010"}
    again = mw.process_response(request, index_answer(request, shaped))
    assert query(again)[0] != query(request)[0] or query(again)[1] != query(request)[1]
    assert "/cc-data/" not in again.url


@pytest.mark.parametrize(("status", "body", "reason"), [
    (502, b"<html>Bad Gateway</html>", "index_failed"),
    (200, b"<html>maintenance</html>", "bad_index"),
])
def test_an_index_answer_that_is_none_is_counted_and_given_up(status, body, reason):
    mw, stats = middleware()
    request = mw.process_request(ask(["commoncrawl"]))
    with pytest.raises(IgnoreRequest):
        mw.process_response(request, TextResponse(request.url, status=status, body=body, request=request))
    assert stats.get_value(f"mali_news/commoncrawl/{reason}") == 1


def test_malformed_index_lines_are_skipped_and_counted():
    mw, stats = middleware()
    record = warc()
    request = mw.process_request(ask(["commoncrawl"]))
    request = mw.process_response(request, TextResponse(request.url, request=request, body=(
        "{not json\n" + json.dumps(line(length=str(len(record)))) + "\n").encode()))
    assert request.url == f"{DATA}/{FILE}"
    assert stats.get_value("mali_news/commoncrawl/malformed_lines") == 1


def test_a_page_common_crawl_lacks_is_handed_to_the_next_archive():
    mw, stats = middleware()
    request = mw.process_request(ask(["commoncrawl", "wayback"]))
    for _ in range(len(DEFAULT_CRAWLS[1:]) * len(index_variants(STORY))):
        request = mw.process_response(request, no_captures(request))
    assert request.url == STORY
    assert request.meta[meta.ARCHIVE_REQUEST]["archives"] == ["wayback"]
    assert stats.get_value("mali_news/archive/commoncrawl/handed_over/no_capture") == 1
    # The Wayback Machine's turn: this middleware lets it by.
    assert mw.process_request(request) is None


def test_requests_for_cnn_or_the_wayback_machine_are_let_by():
    mw, _ = middleware()
    assert mw.process_request(Request(STORY)) is None
    assert mw.process_request(ask(["wayback", "commoncrawl"])) is None
