import json
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from mali_news import meta
from mali_news.archives.wayback import lookup_variants
from mali_news.downloadermiddlewares.wayback import WaybackMiddleware

BASE = "http://127.0.0.1:9"
LINKED = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html?hpt=hp_t3"


def answer(request: Request, *originals: str) -> TextResponse:
    rows = [["timestamp", "original", "statuscode"]] + [["20130126003000", o, "200"] for o in originals]
    return TextResponse(request.url, body=json.dumps(rows if originals else []).encode(), request=request)


def query(request: Request) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.url).query)


def test_the_variants_of_a_story_address():
    assert [(v.name, v.url, v.match_type) for v in lookup_variants(LINKED, "article")] == [
        ("exact", LINKED, "exact"),
        ("prefix", "edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", "prefix"),
        ("index", "edition.cnn.com/2013/01/25/world/africa/mali-unrest", "prefix"),
        ("host_www", "www.cnn.com/2013/01/25/world/africa/mali-unrest", "prefix"),
    ]
    transcript = "http://edition.cnn.com/TRANSCRIPTS/1301/17/cnr.07.html"
    assert [v.name for v in lookup_variants(transcript, "transcript")] == [
        "exact", "prefix", "host_transcripts", "host_www"]
    assert [v.name for v in lookup_variants("http://news.blogs.cnn.com/2013/01/28/x/", "blog_post")] == [
        "exact", "prefix"]


def missing(request: Request) -> TextResponse:
    """The archive's playback answer where it holds nothing at the address."""
    return TextResponse(request.url, status=404, body=b"not archived", request=request)


def test_a_story_archived_only_under_the_other_host_is_found_and_keeps_its_address():
    stats = MemoryStatsCollector(get_crawler())
    mw = WaybackMiddleware(BASE, stats)
    request = mw.process_request(Request(LINKED, meta={meta.ARCHIVE_REQUEST: {"date": "20130215"}}))
    # Playback first: no index query while the archive's own redirect may find the capture.
    assert request.url == f"{BASE}/web/20130215id_/{LINKED}"
    request = mw.process_response(request, missing(request))
    assert stats.get_value("mali_news/wayback/playback_missed") == 1
    assert query(request)["matchType"] == ["prefix"]
    request = mw.process_response(request, answer(request))
    # Another story under the same prefix is not this one.
    request = mw.process_response(request, answer(
        request, "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest-2/index.html"))
    assert query(request)["url"] == ["www.cnn.com/2013/01/25/world/africa/mali-unrest"]
    found = "http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html?iref=allsearch"
    capture = mw.process_response(request, answer(request, found))
    assert capture.url == f"{BASE}/web/20130126003000id_/{found}"
    assert capture.meta[meta.ORIGINAL] == LINKED
    assert stats.get_value("mali_news/wayback/found_via/host_www") == 1


def test_no_capture_under_any_address_is_a_failure_with_its_reason():
    stats = MemoryStatsCollector(get_crawler())
    mw = WaybackMiddleware(BASE, stats)
    request = mw.process_request(Request(LINKED, meta={meta.ARCHIVE_REQUEST: {"date": "20130215"}}))
    request = mw.process_response(request, missing(request))
    with pytest.raises(IgnoreRequest, match="under any of its 4 addresses"):
        for _ in range(4):
            request = mw.process_response(request, answer(request))
    assert request.meta[meta.FAILURE] == "no_capture"
    assert stats.get_value("mali_news/wayback/no_capture") == 1


def replayed(request: Request, name: str, target: str = "", target_timestamp: str = "",
             body: bytes | None = None) -> TextResponse:
    """The recorded answer name, as the archive at BASE gives it for request's capture."""
    from tests.recorded import load

    found = request.url.split("/web/", 1)[1]
    stamp, original = found[:14], found.split("id_/", 1)[1]
    status, headers, text = load(name).replay(BASE, stamp, original, target, target_timestamp)
    return TextResponse(request.url, status=status, headers=headers,
                        body=body if body is not None else text.encode(), request=request)


STORY_PAGE = b"<html><head><title>Mali</title></head><body><p>The story.</p></body></html>"


def test_an_archived_503_is_skipped_for_the_next_good_capture_and_never_asked_again():
    stats = MemoryStatsCollector(get_crawler())
    mw = WaybackMiddleware(BASE, stats)
    request = mw.process_request(Request(LINKED, meta={meta.ARCHIVE_REQUEST: {"date": "20130125"}}))
    request = mw.process_response(request, replayed(request, "wayback_playback_redirect", LINKED,
                                                    "20130125180000"))
    assert request.url == f"{BASE}/web/20130125180000id_/{LINKED}"
    request = mw.process_response(request, replayed(request, "wayback_archived_503"))
    # Not retried, not read: the index, under the story's address as a prefix.
    assert query(request)["matchType"] == ["prefix"] and query(request)["filter"] == ["statuscode:200"]
    rows = [["timestamp", "original", "statuscode"], ["20130125180000", LINKED, "200"],
            ["20130126003000", LINKED, "200"], ["20130301000000", LINKED, "200"]]
    request = mw.process_response(request, TextResponse(request.url, body=json.dumps(rows).encode(),
                                                        request=request))
    # The bad capture is never asked again, even where the index calls it good.
    assert request.url == f"{BASE}/web/20130126003000id_/{LINKED}"
    page = mw.process_response(request, replayed(request, "wayback_memento_200", body=STORY_PAGE))
    assert page.url == LINKED
    capture = page.meta[meta.CAPTURE]
    # The capture as the archive answered: the page's own 200, its memento time and WARC file.
    assert (capture.archive, capture.original, capture.url, capture.timestamp, capture.status) == (
        "wayback", LINKED, f"{BASE}/web/20130126003000id_/{LINKED}", "20130126003000", 200)
    assert capture.source_file.endswith(".warc.gz")
    assert [(s["status"], s["reason"]) for s in page.meta[meta.SKIPPED]] == [(503, "archived_5xx")]
    assert stats.get_value("mali_news/wayback/skipped/archived_5xx") == 1


def test_a_path_based_archived_redirect_to_the_same_story_is_followed_and_both_addresses_kept():
    mw = WaybackMiddleware(BASE, MemoryStatsCollector(get_crawler()))
    asked = {meta.ARCHIVE_REQUEST: {"timestamp": "20130125180000"}}
    request = mw.process_request(Request(LINKED, meta=asked))
    moved = "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
    request = mw.process_response(request, replayed(request, "wayback_archived_301_path", moved))
    assert request.url == f"{BASE}/web/20130125180000id_/{moved}"
    request = mw.process_response(request, replayed(request, "wayback_playback_redirect", moved,
                                                    "20130125190000"))
    page = mw.process_response(request, replayed(request, "wayback_memento_200", body=STORY_PAGE))
    assert page.url == LINKED
    assert page.meta[meta.CAPTURE].url == f"{BASE}/web/20130125190000id_/{moved}"
    assert page.meta[meta.ADDRESSES] == [LINKED, moved]


def test_a_redirect_loop_ends_at_the_first_address_visited_again():
    stats = MemoryStatsCollector(get_crawler())
    mw = WaybackMiddleware(BASE, stats)
    story = "http://news.blogs.cnn.com/2013/01/28/mali-post/"
    login = f"http://audience.cnn.com/services/cnn/login?redirect_uri={story}"
    request = mw.process_request(Request(story, meta={meta.ARCHIVE_REQUEST: {"timestamp": "20130128180000"}}))
    request = mw.process_response(request, replayed(request, "wayback_archived_303_loop", login))
    request = mw.process_response(request, replayed(request, "wayback_playback_redirect", login,
                                                    "20130128180500"))
    request = mw.process_response(request, replayed(request, "wayback_archived_302_loop_back", story))
    # Back at the story's address: a loop, and the index is asked for another capture.
    assert stats.get_value("mali_news/wayback/skipped/redirect_loop") == 1
    assert query(request)["url"] == ["news.blogs.cnn.com/2013/01/28/mali-post/"]
    with pytest.raises(IgnoreRequest, match="redirect_loop"):
        mw.process_response(request, answer(request))
    assert request.meta[meta.FAILURE] == "redirect_loop"
