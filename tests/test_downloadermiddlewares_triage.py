"""A candidate found through its section is judged on cnn.com's re-served page before the archive is asked."""

from datetime import date

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError

from mali_news import meta
from mali_news.downloadermiddlewares.triage import TriageMiddleware
from mali_news.reference.topic import DateWindow, TopicRule
from tests.archiveworld import Story, World

URL = "http://edition.cnn.com/2013/01/20/world/africa/france-troops-west-africa/index.html"
OTHER = "http://www.cnn.com/2013/01/20/world/africa/kenya-election/index.html"
SPEC = {"timestamp": "20130121090000"}
WORLD = World([
    Story(URL, "French troops press north in Mali", ("French troops moved on Gao in northern Mali.",
                                                     "Malian officials said Timbuktu was calm."),
          date(2013, 1, 20), True),
    Story(OTHER, "Kenya votes", ("Kenyans queued to vote in Nairobi.",), date(2013, 1, 20),
          False),
])


def middleware() -> TriageMiddleware:
    rule = TopicRule(["Mali", "Malian", "Timbuktu"], ["Gao"])
    return TriageMiddleware(rule, DateWindow("2012-01-01..2013-12-31"), MemoryStatsCollector(get_crawler()))


def candidate(url: str = URL, why: str = "section") -> Request:
    return Request(url, meta={meta.ARCHIVE_REQUEST: dict(SPEC), meta.DISCOVERED: "archive",
                              meta.CANDIDATE_WHY: why, meta.HOPS: 0})


def live(request: Request, url: str | None = None) -> Response:
    status, headers, body = WORLD.live(url or request.url)
    url = url or request.url
    return HtmlResponse(url, status=status, headers=headers, body=body.encode(), request=request)


def test_a_candidate_its_address_rules_in_goes_straight_to_the_archive():
    mw = middleware()
    request = candidate(why="slug")
    assert mw.process_request(request) is None
    assert request.meta[meta.TRIAGED] == "address"
    assert mw.stats.get_value("mali_news/triage/address") == 1


def test_an_on_topic_live_page_sends_the_candidate_to_the_archive_capture():
    mw = middleware()
    first = mw.process_request(candidate())
    assert meta.ARCHIVE_REQUEST not in first.meta and first.meta[meta.TRIAGE] == SPEC and first.dont_filter
    # Redirected on the way (edition. to www.), and the proxy's meta: none of it goes to the archive.
    first.meta.update({"proxy": "http://127.0.0.1:9", "redirect_urls": [URL]})
    archive = mw.process_response(first, live(first, URL.replace("edition.", "www.")))
    assert archive.url == URL and archive.meta[meta.ARCHIVE_REQUEST] == SPEC and archive.dont_filter
    assert archive.meta[meta.TRIAGED] == "on_topic"
    assert not {"proxy", "redirect_urls", meta.TRIAGE} & set(archive.meta)
    assert mw.process_request(archive) is None
    assert mw.stats.get_value("mali_news/triage/live/on_topic") == 1


def test_an_off_topic_live_page_is_dropped_and_the_archive_never_asked():
    mw = middleware()
    first = mw.process_request(candidate(OTHER))
    with pytest.raises(IgnoreRequest):
        mw.process_response(first, live(first))
    assert first.meta[meta.DROPPED] == "off_topic"
    assert mw.stats.get_value("mali_news/triage/live/off_topic") == 1
    assert mw.stats.get_value("mali_news/dropped/off_topic") == 1


@pytest.mark.parametrize(("answer", "why"), [
    (lambda r: Response(r.url, status=404, request=r), "http_404"),
    (lambda r: HtmlResponse("http://www.cnn.com/", body=WORLD.live("http://www.cnn.com/")[2].encode(),
                            request=r), "not_a_story"),
    (lambda r: Response(r.url, status=200, headers={"Content-Type": "application/pdf"}, body=b"%PDF",
                        request=r), "not_html"),
])
def test_what_cannot_be_judged_live_is_fetched_from_the_archive(answer, why):
    mw = middleware()
    first = mw.process_request(candidate())
    archive = mw.process_response(first, answer(first))
    assert archive.meta[meta.ARCHIVE_REQUEST] == SPEC and archive.meta[meta.TRIAGED] == why
    assert mw.stats.get_value(f"mali_news/triage/unjudged/{why}") == 1


def test_a_blog_host_that_no_longer_exists_is_fetched_from_the_archive():
    mw = middleware()
    first = mw.process_request(candidate())
    archive = mw.process_exception(first, DNSLookupError("security.blogs.cnn.com"))
    assert archive.meta[meta.ARCHIVE_REQUEST] == SPEC
    assert mw.stats.get_value("mali_news/triage/unjudged/dns_failure") == 1
