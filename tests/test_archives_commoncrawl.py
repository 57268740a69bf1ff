"""Common Crawl's crawls, index queries and answers, and WARC records read from byte ranges."""

import io
import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from mali_news.archives.commoncrawl import (
    DEFAULT_CRAWLS,
    Record,
    RecordError,
    check_crawls,
    crawl_span,
    crawls_for,
    index_url,
    no_captures,
    page_count,
    parse_index,
    read_record,
)

URL = "http://www.cnn.com/2013/01/25/world/africa/mali-violence/index.html"
PAGE = b"<html><head><title>Mali</title></head><body><p>Malian security forces</p></body></html>"


@pytest.mark.parametrize(("name", "first", "last"), [
    ("CC-MAIN-2012", date(2012, 1, 1), date(2012, 7, 31)),
    # Named after the week it ended (2013-W20 starts on May 13) and ran for weeks before it.
    ("CC-MAIN-2013-20", date(2013, 4, 1), date(2013, 5, 26)),
    ("CC-MAIN-2013-48", date(2013, 10, 14), date(2013, 12, 8)),
    ("CC-MAIN-2014-10", date(2014, 1, 20), date(2014, 3, 16)),
])
def test_a_crawl_spans_the_weeks_it_fetched_pages(name, first, last):
    assert crawl_span(name) == (first, last)


@pytest.mark.parametrize("name", [
    "CC-MAIN-2013", "CC-MAIN-2013-00", "CC-MAIN-2013-54", "CC-NEWS-2016-09", "cc-main-2013-20",
    "CC-MAIN-2013-20 ", "", "2013-20"])
def test_a_name_that_is_no_crawl_is_refused(name):
    with pytest.raises(ValueError, match="is not a Common Crawl crawl"):
        crawl_span(name)


@pytest.mark.parametrize(("names", "expected"), [
    (DEFAULT_CRAWLS, DEFAULT_CRAWLS),
    ([" CC-MAIN-2013-20", "CC-MAIN-2012 ", ""], ("CC-MAIN-2013-20", "CC-MAIN-2012")),
    (["CC-MAIN-2013-20", "CC-MAIN-2013-20"], ("CC-MAIN-2013-20",)),
])
def test_crawls_are_checked_kept_in_order_and_named_once(names, expected):
    assert check_crawls(names) == expected


@pytest.mark.parametrize(("names", "message"), [
    ([], "names no crawl"),
    (["", " "], "names no crawl"),
    (["CC-MAIN-2012", "CC-MAIN-2013-99"], "'CC-MAIN-2013-99' is not"),
])
def test_bad_crawl_lists_are_refused_naming_the_fault(names, message):
    with pytest.raises(ValueError, match=message):
        check_crawls(names)


@pytest.mark.parametrize(("day", "expected"), [
    # A January 2013 story: the 2012 crawl ended before it was written.
    (date(2013, 1, 25), ["CC-MAIN-2013-20", "CC-MAIN-2013-48", "CC-MAIN-2014-10"]),
    (datetime(2013, 1, 25, 17, 4, tzinfo=UTC),
     ["CC-MAIN-2013-20", "CC-MAIN-2013-48", "CC-MAIN-2014-10"]),
    (date(2012, 4, 6), list(DEFAULT_CRAWLS)),
    (date(2013, 11, 1), ["CC-MAIN-2013-48", "CC-MAIN-2014-10"]),
    (date(2015, 1, 1), []),
    (None, list(DEFAULT_CRAWLS)),
])
def test_the_crawls_for_a_day_are_those_that_went_on_past_it_earliest_first(day, expected):
    assert crawls_for(day, reversed(DEFAULT_CRAWLS)) == expected


@pytest.mark.parametrize(("kwargs", "path", "query"), [
    ({}, "/CC-MAIN-2013-20-index", {"url": [URL], "output": ["json"]}),
    ({"match_type": "prefix", "url_regex": r"https?://[^/]+/2013/01/"}, "/CC-MAIN-2013-20-index",
     {"url": [URL], "output": ["json"], "matchType": ["prefix"],
      "filter": [r"~url:https?://[^/]+/2013/01/"]}),
    ({"match_type": "prefix", "num_pages": True, "page": 3}, "/CC-MAIN-2013-20-index",
     {"url": [URL], "output": ["json"], "matchType": ["prefix"], "showNumPages": ["true"]}),
    ({"match_type": "prefix", "page": 0}, "/CC-MAIN-2013-20-index",
     {"url": [URL], "output": ["json"], "matchType": ["prefix"], "page": ["0"]}),
])
def test_index_queries_carry_the_crawl_match_filter_and_paging(kwargs, path, query):
    built = urlsplit(index_url("https://index.commoncrawl.org/", "CC-MAIN-2013-20", URL, **kwargs))
    assert (built.netloc, built.path) == ("index.commoncrawl.org", path)
    assert parse_qs(built.query) == query


def _line(**changes: object) -> str:
    line = {"urlkey": "com,cnn)/2013/01/25/world/africa/mali-violence/index.html",
            "timestamp": "20130126043012", "url": URL, "mime": "text/html", "status": "200",
            "digest": "QWERTY", "length": "2417", "offset": "86101",
            "filename": "crawl-data/CC-MAIN-2013-20/segments/1/warc/CC-MAIN-1-00001.warc.gz"}
    line.update(changes)
    return json.dumps({key: value for key, value in line.items() if value is not None})


def test_an_index_line_gives_the_record_and_its_byte_range():
    (record,) = parse_index(_line() + "\n", "CC-MAIN-2013-20").records
    assert record == Record("CC-MAIN-2013-20", URL, "20130126043012", "200", "text/html", "QWERTY",
                            "crawl-data/CC-MAIN-2013-20/segments/1/warc/CC-MAIN-1-00001.warc.gz",
                            86101, 2417)
    assert record.byte_range == "bytes=86101-88517"
    assert record.captured_at == datetime(2013, 1, 26, 4, 30, 12, tzinfo=UTC)
    assert record.data_url("https://data.commoncrawl.org/") == (
        "https://data.commoncrawl.org/crawl-data/CC-MAIN-2013-20/segments/1/warc/CC-MAIN-1-00001.warc.gz")
    # A candidate keeps the record it was found with as these fields (candidates.capture).
    assert Record(**asdict(record)) == record


@pytest.mark.parametrize("bad", [
    _line(offset=None), _line(length="0"), _line(offset="-1"), _line(length="many"),
    _line(filename=None), _line(filename=""), _line(url=None), _line(timestamp="2013"),
    _line(timestamp="2013012604301x"), "[1, 2]", "{not json",
])
def test_malformed_index_lines_are_skipped_and_counted(bad):
    answer = parse_index("\n".join([_line(), bad, _line(timestamp="20130301000000")]), "CC-MAIN-2013-20")
    assert [r.timestamp for r in answer.records] == ["20130126043012", "20130301000000"]
    assert answer.malformed == 1


@pytest.mark.parametrize("text", [
    "<html><body>502 Bad Gateway</body></html>",
    "Service Unavailable\n",
    "[\"not\", \"a\", \"line\"]\n",
])
def test_an_answer_without_one_index_line_is_not_an_index_answer(text):
    with pytest.raises(ValueError, match="not an index answer"):
        parse_index(text, "CC-MAIN-2013-20")


def test_an_empty_answer_holds_no_record():
    assert parse_index("\n\n", "CC-MAIN-2013-20").records == []


@pytest.mark.parametrize(("status", "text", "expected"), [
    (404, '{"message": "No Captures found for: http://www.cnn.com/x"}', True),
    (404, '{"error": "No Captures found for: http://www.cnn.com/x"}', True),
    (404, "<html>Not Found</html>", False),
    (404, '{"message": "Not Found"}', False),
    (200, '{"message": "No Captures found for: http://www.cnn.com/x"}', False),
    (400, '{"message": "Invalid filter"}', False),
])
def test_no_captures_is_the_index_404_that_says_so(status, text, expected):
    assert no_captures(status, text) is expected


@pytest.mark.parametrize(("text", "pages"), [
    ('{"pages": 4, "pageSize": 5, "blocks": 18}', 4),
    ('{"pages": 0}', 0),
    ('{"pages": "2"}', 2),
])
def test_page_count_reads_show_num_pages(text, pages):
    assert page_count(text) == pages


@pytest.mark.parametrize("text", ['{"blocks": 3}', "<html>", '{"pages": -1}', "[4]", ""])
def test_a_page_count_that_is_none_is_refused(text):
    with pytest.raises(ValueError):
        page_count(text)


def _warc(record_type: str = "response", payload: bytes = PAGE) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    if record_type == "response":
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(URL, "response", payload=io.BytesIO(payload),
                                           http_headers=headers)
    elif record_type == "request":
        headers = StatusAndHeaders("GET /2013/01/25/world/africa/mali-violence/index.html HTTP/1.1",
                                   [("Host", "www.cnn.com")], is_http_request=True)
        record = writer.create_warc_record(URL, "request", payload=io.BytesIO(b""),
                                           http_headers=headers)
    else:
        record = writer.create_warc_record(URL, record_type, payload=io.BytesIO(b"fetchTimeMs: 41"),
                                           warc_content_type="application/warc-fields")
    writer.write_record(record)
    return out.getvalue()


# Each record has its own id and date, so its bytes are made once.
RESPONSE, REQUEST, METADATA = _warc(), _warc("request"), _warc("metadata")


def test_a_response_record_gives_the_page_as_served():
    page = read_record(RESPONSE, len(RESPONSE))
    assert (page.target_uri, page.status, page.body) == (URL, 200, PAGE)
    assert ("Content-Type", "text/html; charset=utf-8") in page.headers


def test_bytes_past_the_record_are_not_read():
    assert read_record(RESPONSE + REQUEST, len(RESPONSE)).body == PAGE


@pytest.mark.parametrize(("data", "length", "reason"), [
    (RESPONSE[:200], len(RESPONSE), "truncated"),
    (b"", 10, "truncated"),
    (REQUEST, len(REQUEST), "not_a_response"),
    (METADATA, len(METADATA), "not_a_response"),
    (b"\x1f\x8b\x08\x00" + b"\x00" * 60, 64, "unreadable"),
    (b"<html>Slow Down</html>", 22, "unreadable"),
])
def test_a_record_that_is_no_page_is_refused_with_its_reason(data, length, reason):
    with pytest.raises(RecordError) as refused:
        read_record(data, length)
    assert refused.value.reason == reason
    assert str(refused.value)


def test_the_recorded_no_captures_answer_is_an_empty_answer_not_a_failure():
    from tests.recorded import load

    recorded = load("commoncrawl_no_captures")
    assert no_captures(recorded.status, recorded.body)
    assert not no_captures(200, recorded.body) and not no_captures(404, "<html>Not Found</html>")
