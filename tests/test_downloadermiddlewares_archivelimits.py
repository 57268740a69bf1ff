"""429s and 503s pause the whole archive, never as retries; an archive out of reach is probed or given up."""

import asyncio
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionRefusedError, TimeoutError

from mali_news import meta
from mali_news.archives.limits import ArchiveLimits, use_limits
from mali_news.archives.registry import wayback
from mali_news.downloadermiddlewares.archivelimits import ArchiveLimitsMiddleware
from mali_news.meta import LANE_TAKEN_AT, LANE_TOKEN
from tests.test_archives_limits import Clock

BASE = "https://web.archive.org"
CAPTURE = f"{BASE}/web/20130126000000id_/http://edition.cnn.com/2013/01/25/world/africa/x/index.html"


class Engine:
    """The engine as the middleware sees it: probes answered or refused as a test says, each one
    moving the clock on, and a close it can ask for."""

    def __init__(self, clock: Clock, answers: list[bool]) -> None:
        self.clock, self.answers, self.probes, self.closed = clock, answers, [], []
        self._slot = SimpleNamespace(closing=None)

    async def download_async(self, request: Request) -> Response:
        self.probes.append((self.clock.now, request.url))
        self.clock.now += 10
        if self.answers.pop(0):
            return Response(request.url, status=404)
        raise ConnectionRefusedError("refused")

    async def close_spider_async(self, reason: str) -> None:
        self.closed.append(reason)


def middleware(answers: list[bool] | None = None, blocked_wait: float = 3600,
               pause: float = 60) -> tuple[ArchiveLimitsMiddleware, ArchiveLimits, Clock]:
    crawler = get_crawler()
    clock = Clock()
    crawler.engine = Engine(clock, answers or [])
    crawler.crawling = True
    archive = wayback(BASE, 24, 60)
    limits = use_limits(crawler, ArchiveLimits((archive,), pause=pause, pause_max=960, clock=clock))
    mw = ArchiveLimitsMiddleware(crawler, limits, blocked_wait)
    # The network is up: the crawl has had answers (cnn.com's, the archive's before its outage).
    mw.stats.set_value("response_received_count", 12)
    return mw, limits, clock


def sent(limits: ArchiveLimits, url: str = CAPTURE) -> Request:
    request = Request(url, meta={"download_slot": "wayback/captures", "retry_times": 1})
    request.meta[LANE_TOKEN], request.meta[LANE_TAKEN_AT] = limits.take("wayback/captures")
    return request


@pytest.mark.parametrize("status", [429, 503])
def test_a_429_or_503_pauses_the_whole_archive_and_goes_back_to_the_queue_unretried(status):
    mw, limits, _ = middleware()
    request = sent(limits)
    again = mw.process_response(request, Response(CAPTURE, status=status))
    assert isinstance(again, Request) and again.url == CAPTURE and again.dont_filter
    assert again.meta["retry_times"] == 1 and LANE_TOKEN not in again.meta
    assert limits.ready_in("wayback/index") == 60 and limits.ready_in("wayback/captures") == 60
    assert not limits.lanes["wayback/captures"].in_flight
    stats = mw.stats.get_stats()
    assert stats["mali_news/archive/wayback/pauses"] == 1
    assert stats[f"mali_news/archive/wayback/http_{status}"] == 1
    assert "retry/count" not in stats


def test_retry_after_longer_than_the_pause_is_honoured():
    mw, limits, _ = middleware()
    mw.process_response(sent(limits), Response(CAPTURE, status=429, headers={"Retry-After": "600"}))
    assert limits.ready_in("wayback/captures") == 600


def test_a_request_let_go_just_before_a_pause_began_waits_it_out_unsent():
    mw, limits, clock = middleware()
    request = sent(limits)
    limits.states["wayback"].pause(clock.now, sent_at=clock.now, reason="HTTP 429")
    again = asyncio.run(mw.process_request(request))
    assert isinstance(again, Request) and again.dont_filter


def test_other_answers_and_other_hosts_pass():
    mw, limits, _ = middleware()
    ok = Response(CAPTURE, status=200)
    assert mw.process_response(sent(limits), ok) is ok
    live = Response("http://edition.cnn.com/", status=429)
    assert mw.process_response(Request("http://edition.cnn.com/"), live) is live


def test_a_timeout_on_an_archive_that_answers_is_the_requests_own_failure():
    mw, limits, clock = middleware(answers=[True])
    request = sent(limits)
    # Another capture answered after this one went: the archive works.
    clock.now += 1
    mw.process_response(sent(limits), Response(CAPTURE, status=200))
    assert asyncio.run(mw.process_exception(request, TimeoutError())) is None
    assert mw.crawler.engine.probes == [(1001.0, f"{BASE}/robots.txt")]
    assert limits.ready_in("wayback/captures") == 0


def test_dropped_connections_while_a_probe_answers_are_waited_out_then_given_up():
    mw, limits, clock = middleware(answers=[True] * 10, blocked_wait=300)
    from twisted.web._newclient import ResponseNeverReceived

    # Nothing of the archive's captures answers, though its robots.txt does.
    again = asyncio.run(mw.process_exception(sent(limits), ResponseNeverReceived([])))
    assert isinstance(again, Request) and again.dont_filter and "retry_times" in again.meta
    assert limits.states["wayback"].wait(clock.now) == 60
    clock.now += 400
    with pytest.raises(IgnoreRequest, match="left for the next run"):
        asyncio.run(mw.process_exception(sent(limits), ResponseNeverReceived([])))
    assert mw.stats.get_value("mali_news/archive/wayback/captures/connection_lost") == 2
    assert mw.crawler.engine.closed == ["archive_unreachable"]


def test_an_archive_that_comes_back_gets_the_failed_request_again_unretried():
    mw, limits, _ = middleware(answers=[False, False, True], pause=0)
    request = sent(limits)
    again = asyncio.run(mw.process_exception(request, ConnectionRefusedError()))
    assert isinstance(again, Request) and again.url == CAPTURE and again.meta["retry_times"] == 1
    assert len(mw.crawler.engine.probes) == 3
    assert mw.stats.get_value("mali_news/archive/wayback/unreachable") == 1
    assert limits.ready_in("wayback/captures") == 0


def test_an_archive_out_of_reach_past_the_wait_ends_the_crawl_and_leaves_the_request():
    mw, limits, _ = middleware(answers=[False] * 10, blocked_wait=35, pause=0)
    request = sent(limits)
    with pytest.raises(IgnoreRequest, match="left for the next run"):
        asyncio.run(mw.process_exception(request, ConnectionRefusedError()))
    assert request.meta[meta.FAILURE] == "archive_unreachable"
    assert mw.crawler.engine.closed == ["archive_unreachable"]
    stats = mw.stats.get_stats()
    assert stats["mali_news/archive/wayback/gave_up_after"] == 40
    assert stats["mali_news/archive/wayback/gave_up_because"] == "refused connections"
    assert limits.states["wayback"].gone


def recorded_response(name: str) -> Response:
    from tests.recorded import load

    status, headers, body = load(name).replay(BASE, "20130126000000",
                                              "http://edition.cnn.com/2013/01/25/world/africa/x/index.html")
    return Response(CAPTURE, status=status, headers=headers, body=body.encode())


@pytest.mark.parametrize("name", ["wayback_archived_429", "wayback_archived_503"])
def test_an_archived_429_or_503_is_the_pages_answer_and_never_pauses_the_archive(name):
    mw, limits, clock = middleware()
    response = recorded_response(name)
    assert mw.process_response(sent(limits), response) is response
    assert limits.states["wayback"].wait(clock.now) == 0
    # Only the lane's own pace (a second between captures) holds the next one.
    assert limits.ready_in("wayback/captures") == 1
    assert "mali_news/archive/wayback/pauses" not in mw.stats.get_stats()


def test_the_archives_own_429_without_retry_after_pauses_it_for_the_base_time():
    mw, limits, _ = middleware()
    again = mw.process_response(sent(limits), recorded_response("wayback_own_429"))
    assert isinstance(again, Request)
    assert limits.ready_in("wayback/captures") == 60


def test_a_429_to_the_first_request_after_a_pause_doubles_it_and_slows_the_pace():
    mw, limits, clock = middleware()
    mw.process_response(sent(limits), recorded_response("wayback_own_429"))
    clock.now += 61
    mw.process_response(sent(limits), recorded_response("wayback_own_429"))
    assert limits.ready_in("wayback/captures") == 120
    assert limits.lanes["wayback/captures"].per_minute == 30
    assert mw.stats.get_value("mali_news/archive/wayback/captures/slowed") == 1


def test_with_no_answer_from_anything_the_archive_is_given_up_after_a_short_look():
    mw, limits, clock = middleware(answers=[False] * 10, blocked_wait=3600)
    mw.stats.set_value("response_received_count", 0)
    with pytest.raises(IgnoreRequest, match="left for the next run"):
        asyncio.run(mw.process_exception(sent(limits), ConnectionRefusedError()))
    # Probed at short intervals for the look, not for the hour an outage is waited out.
    assert clock.now - 1000 < 60
    assert mw.crawler.engine.closed == ["archive_unreachable"]
