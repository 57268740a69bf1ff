"""scrapy-redis's shared scheduler, which also records which worker took each request."""

from typing import Any

from scrapy import Request
from scrapy_redis.scheduler import Scheduler

from mali_news.meta import ARCHIVE_REQUEST, CLAIMED, ORIGINAL
from mali_news.urls import canonical_url


class ClaimingScheduler(Scheduler):
    """A request popped from the shared queue is claimed in the frontier until its page is done,
    so a worker that dies holding it does not lose it: another worker re-queues the claim."""

    def next_request(self) -> Request | None:
        request = super().next_request()
        frontier = getattr(self.spider, "frontier", None)
        if request is not None and frontier is not None:
            meta: dict[str, Any] = {k: request.meta[k] for k in CLAIMED if k in request.meta}
            if isinstance(wanted := meta.get(ARCHIVE_REQUEST), dict) and "record" in wanted:
                # A claim is JSON: without the Common Crawl record a discovery route named, the
                # worker that re-queues it asks the crawl's index again.
                meta[ARCHIVE_REQUEST] = {k: v for k, v in wanted.items() if k != "record"}
            # The page's own address, not an archive's step towards it (a playback, an index
            # query): a worker that re-queues the claim asks the archives for the page afresh.
            original = request.meta.get(ORIGINAL, request.url)
            frontier.claim(canonical_url(original), self.spider.worker, original, meta)
        return request
