"""scrapy-redis's shared scheduler, which also records which worker took each request."""

from typing import Any

from scrapy import Request
from scrapy_redis.scheduler import Scheduler

from mali_news.urls import canonical_url

# What a request needs to be made again by another worker.
CLAIMED_META = ("mali_news_hops", "mali_news_seed", "mali_news_wayback")


class ClaimingScheduler(Scheduler):
    """A request popped from the shared queue is claimed in the frontier until its page is done,
    so a worker that dies holding it does not lose it: another worker re-queues the claim."""

    def next_request(self) -> Request | None:
        request = super().next_request()
        frontier = getattr(self.spider, "frontier", None)
        if request is not None and frontier is not None:
            meta: dict[str, Any] = {k: request.meta[k] for k in CLAIMED_META if k in request.meta}
            frontier.claim(canonical_url(request.meta.get("mali_news_wayback_original", request.url)),
                           self.spider.worker, request.url, meta)
        return request
