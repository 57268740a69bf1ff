"""The shared scheduler claims each request it gives out, as JSON the other workers can read."""

import json
from types import SimpleNamespace

from scrapy import Request
from scrapy_redis.scheduler import Scheduler

from mali_news.archives.commoncrawl import Record
from mali_news.distributed.scheduler import ClaimingScheduler
from mali_news.meta import ARCHIVE_REQUEST, HOPS

STORY = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"


def test_a_claim_leaves_out_the_record_a_route_named_and_the_request_keeps_it(monkeypatch):
    record = Record("CC-MAIN-2013-20", STORY, "20130518101010", "200", "text/html", "AAAA", "f.warc", 7, 70)
    wanted = {"date": "", "archives": ["commoncrawl"], "record": record}
    request = Request(STORY, meta={ARCHIVE_REQUEST: wanted, HOPS: 0})
    monkeypatch.setattr(Scheduler, "next_request", lambda self: request)
    claims: list[tuple] = []
    scheduler = ClaimingScheduler.__new__(ClaimingScheduler)
    scheduler.spider = SimpleNamespace(frontier=SimpleNamespace(claim=lambda *found: claims.append(found)),
                                       worker="w1")
    assert scheduler.next_request() is request
    ((_key, worker, url, meta),) = claims
    assert (worker, url) == ("w1", STORY)
    # The worker that re-queues the claim asks the crawl's index again.
    claimed = {ARCHIVE_REQUEST: {"date": "", "archives": ["commoncrawl"]}, HOPS: 0}
    assert json.loads(json.dumps(meta)) == claimed
    assert request.meta[ARCHIVE_REQUEST]["record"] is record
