"""The paced queue: an archive's lane waits for its pace and pauses; cnn.com never waits for it."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.squeues import FifoMemoryQueue
from scrapy.utils.test import get_crawler

from mali_news.archives.limits import ArchiveLimits, use_limits
from mali_news.archives.pqueues import PacedPriorityQueue
from mali_news.archives.registry import wayback
from mali_news.meta import LANE_TAKEN_AT, LANE_TOKEN
from tests.test_archives_limits import Clock

BASE = "https://web.archive.org"
INDEX = f"{BASE}/cdx/search/cdx?url=cnn.com/2013/&matchType=prefix"
LIVE = "http://edition.cnn.com/2013/01/25/world/africa/{}/index.html"


def capture(n: int) -> str:
    return f"{BASE}/web/20130126000000id_/http://edition.cnn.com/2013/01/25/world/africa/story-{n}/index.html"


def queue() -> tuple[PacedPriorityQueue, ArchiveLimits, Clock, list[float]]:
    crawler = get_crawler()
    downloader = SimpleNamespace(slots={}, get_slot_key=lambda r: r.meta.get("download_slot")
                                 or urlsplit(r.url).hostname)
    crawler.engine = SimpleNamespace(downloader=downloader)
    clock, wakes = Clock(), []
    limits = use_limits(crawler, ArchiveLimits((wayback(BASE, 24, 60),), pause=60, clock=clock,
                                              wake=wakes.append))
    return PacedPriorityQueue(crawler, FifoMemoryQueue, ""), limits, clock, wakes


def test_an_archive_request_goes_to_its_endpoints_lane_and_slot():
    pq, limits, _, _ = queue()
    request = Request(INDEX)
    pq.push(request)
    assert request.meta["download_slot"] == "wayback/index"
    assert request.meta["autothrottle_dont_adjust_delay"] is True
    assert limits.lanes["wayback/index"].queued == 1
    popped = pq.pop()
    assert popped is request and popped.meta[LANE_TOKEN] and popped.meta[LANE_TAKEN_AT] == 1000.0
    assert limits.lanes["wayback/index"].queued == 0


def test_the_index_waits_for_its_pace_while_captures_and_cnn_go_on():
    pq, _, clock, wakes = queue()
    for n in range(2):
        pq.push(Request(f"{INDEX}&page={n}"))
    pq.push(Request(capture(1)))
    pq.push(Request(LIVE.format("a")))
    got = [pq.pop() for _ in range(4)]
    wanted = sorted([f"{INDEX}&page=0", capture(1), LIVE.format("a")])
    assert sorted(r.url for r in got if r is not None) == wanted
    assert got[-1] is None
    # The engine is woken when the second index query may go, 2.5 s on.
    assert wakes[-1] == 2.5
    clock.now += 2.5
    assert pq.pop().url == f"{INDEX}&page=1"


def test_a_paused_archive_keeps_its_requests_in_the_queue_and_cnn_is_not_held_up():
    pq, limits, clock, wakes = queue()
    limits.states["wayback"].pause(clock.now, sent_at=clock.now, reason="HTTP 429")
    pq.push(Request(capture(1)))
    pq.push(Request(LIVE.format("b")))
    assert pq.pop().url == LIVE.format("b")
    assert pq.pop() is None and len(pq) == 1
    assert wakes[-1] == 60
    clock.now += 60
    assert pq.pop().url == capture(1)


def test_a_request_copied_away_from_the_archive_leaves_its_lane():
    pq, _, _, _ = queue()
    request = Request(LIVE.format("c"), meta={"download_slot": "wayback/captures"})
    pq.push(request)
    assert "download_slot" not in request.meta
