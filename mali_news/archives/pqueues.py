"""The scheduler's queue: one lane per slot; an archive's lane goes only as its pace and pauses allow."""

from contextlib import suppress
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.pqueues import DownloaderAwarePriorityQueue, ScrapyPriorityQueue

from mali_news.archives.limits import NEVER, ArchiveLimits, limits_of
from mali_news.meta import LANE_TAKEN_AT, LANE_TOKEN
from mali_news.scrapyinternals import next_slot, slot_folder, slots_in_downloader


def to_lane(limits: ArchiveLimits, request: Request) -> str | None:
    """Put an archive's request in its endpoint's lane (its download slot too, so that Scrapy's
    own per-host delay and AutoThrottle leave it to the lane); the lane, or None."""
    endpoint = limits.endpoint_for(request.url)
    if endpoint is None:
        if request.meta.get("download_slot") in limits.lanes:
            # A request copied from an archive's (a redirect away from it) is not in its lane.
            del request.meta["download_slot"]
        return None
    request.meta["download_slot"] = endpoint.lane
    request.meta["autothrottle_dont_adjust_delay"] = True
    return endpoint.lane


class PacedPriorityQueue(DownloaderAwarePriorityQueue):
    """Scrapy's downloader-aware queue (the slot with the fewest requests in the downloader
    goes first, so cnn.com is never starved by an archive), where an archive's lane is skipped
    until its pace allows the next request and its archive is not paused. Requests waiting out
    a pause stay here, not in the downloader: they are not retries, and nothing gives them up."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, downstream_queue_cls: Any, key: str,
                     startprios: dict[str, Any] | None = None, *, start_queue_cls: Any = None) -> Self:
        return cls(crawler, downstream_queue_cls, key, startprios, start_queue_cls=start_queue_cls)

    def __init__(self, crawler: Crawler, downstream_queue_cls: Any, key: str,
                 slot_startprios: dict[str, Any] | None = None, *, start_queue_cls: Any = None) -> None:
        super().__init__(crawler, downstream_queue_cls, key, slot_startprios, start_queue_cls=start_queue_cls)
        self.limits = limits_of(crawler)
        for slot, queue in self.pqueues.items():
            if slot in self.limits.lanes:
                self.limits.lanes[slot].queued += len(queue)

    def push(self, request: Request) -> None:
        lane = to_lane(self.limits, request)
        super().push(request)
        if lane is not None:
            self.limits.lanes[lane].queued += 1

    def pop(self) -> Request | None:
        waits = {slot: self.limits.ready_in(slot) for slot in self.pqueues}
        ready = [(active, slot) for active, slot in slots_in_downloader(self, self.pqueues)
                 if waits[slot] == 0]
        if not ready:
            soonest = min(waits.values(), default=NEVER)
            if soonest < NEVER:
                self.limits.wake(soonest)
            return None
        slot = next_slot(self, ready, update_state=True)
        request = self._pop_from(slot)
        if slot in self.limits.lanes and request is not None:
            self.limits.lanes[slot].queued -= 1
            request.meta[LANE_TOKEN], request.meta[LANE_TAKEN_AT] = self.limits.take(slot)
        return request

    def _pop_from(self, slot: str) -> Request | None:
        queue: ScrapyPriorityQueue = self.pqueues[slot]
        request = queue.pop()
        if len(queue) == 0:
            del self.pqueues[slot]
            queue.close()
            if self.key:
                # As Scrapy's own queue does: the slot's folder in JOBDIR goes with it.
                with suppress(OSError):
                    slot_folder(self.key, slot).rmdir()
        return request

    def peek(self) -> Request | None:
        ready = [(active, slot) for active, slot in slots_in_downloader(self, self.pqueues)
                 if self.limits.ready_in(slot) == 0]
        return self.pqueues[next_slot(self, ready, update_state=False)].peek() if ready else None
