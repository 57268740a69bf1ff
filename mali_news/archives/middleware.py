"""What both archives' downloader middlewares share: which requests are theirs, skips and failures."""

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.statscollectors import StatsCollector

from mali_news.archives.handover import first_archive, next_archive
from mali_news.meta import ARCHIVE_REQUEST, FAILURE, ORIGINAL, SKIPPED
from mali_news.signals import capture_skipped
from mali_news.urls import canonical_url

logger = logging.getLogger(__name__)


def skip_listener(crawler: Crawler) -> Callable[..., Any]:
    """Tells the crawl of each capture that is not the story (the skipped_captures table records it)."""

    def on_skip(**skipped: Any) -> None:
        crawler.signals.send_catch_log(capture_skipped, **skipped)

    return on_skip


class ArchiveMiddleware:
    """An archive's middleware takes a request whose next archive it is and that it has not yet
    taken (no stage of its own); a capture that is not the story is counted, logged and
    recorded on the request; a page it cannot give is asked of the request's next archive, else
    given up (IgnoreRequest) with its reason."""

    # The archive's name in registry.NAMES, stats and settings; its stage's meta key.
    archive: ClassVar[str]
    stage: ClassVar[str]

    def __init__(self, stats: StatsCollector, on_skip: Callable[..., Any] | None = None) -> None:
        self.stats = stats
        self.on_skip = on_skip

    def count(self, key: str, n: int = 1) -> None:
        self.stats.inc_value(f"mali_news/{self.archive}/{key}", n)

    def takes(self, request: Request) -> bool:
        return (bool(request.meta.get(ARCHIVE_REQUEST)) and not request.meta.get(self.stage)
                and first_archive(request) == self.archive)

    def skipped(self, request: Request, capture_url: str, status: int, reason: str) -> list[dict[str, Any]]:
        """The request's skipped captures with this one: counted, logged and told (not stored on
        the request: the caller carries them on)."""
        record = {"archive": self.archive, "capture_url": capture_url, "status": status, "reason": reason}
        original = request.meta[ORIGINAL]
        self.count(f"skipped/{reason}")
        if self.on_skip is not None:
            self.on_skip(url=canonical_url(original), **record)
        logger.info("%s: the capture %s is not the story (%s, HTTP %d)", original, capture_url, reason,
                    status)
        return [*request.meta.get(SKIPPED, []), record]

    def fail(self, request: Request, reason: str, message: str) -> Request:
        """The page asked of the request's next archive; without one, given up (IgnoreRequest)."""
        self.count(reason)
        if (other := next_archive(request, self.stats, reason, message)) is not None:
            return other
        request.meta[FAILURE] = reason
        logger.warning("%s", message)
        raise IgnoreRequest(message)
