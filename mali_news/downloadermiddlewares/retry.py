"""Retries that wait longer each time (and as long as Retry-After asks) before trying again."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_to_future
from twisted.internet.task import deferLater

from mali_news.archives.mementos import is_memento
from mali_news.errors import connection_reason


def backoff_delay(retry: int, base: float, cap: float, retry_after: float | None = None,
                  retry_after_cap: float = 3600.0) -> float:
    """Seconds to wait before retry number `retry` (1, 2, ...): base, 2 base, 4 base ... up to cap;
    a server's Retry-After is honoured in full, up to retry_after_cap."""
    delay = min(base * 2 ** (retry - 1), cap) if base > 0 else 0.0
    if retry_after is not None:
        delay = max(delay, min(retry_after, retry_after_cap))
    return delay


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date; None if unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("MALI_NEWS_RETRY_BACKOFF")
        self.cap = settings.getfloat("MALI_NEWS_RETRY_BACKOFF_MAX")
        self.retry_after_cap = settings.getfloat("MALI_NEWS_RETRY_AFTER_MAX")
        # Hosts that answered in this crawl: a DNS failure of one of them is worth retrying.
        self.resolved: set[str] = set()

    async def _wait(self, result: Any, retry_after: float | None = None) -> Any:
        if isinstance(result, Request):
            delay = backoff_delay(result.meta.get("retry_times", 1), self.base, self.cap, retry_after,
                                  self.retry_after_cap)
            if delay > 0:
                from twisted.internet import reactor  # the one Scrapy installed

                await deferred_to_future(deferLater(reactor, delay, lambda: None))
        return result

    async def process_response(self, request: Request, response: Response) -> Any:  # type: ignore[override]
        self.resolved.add(urlsplit(request.url).hostname or "")
        if is_memento(response.headers):
            # An archived page's answer (its 500, its 429) is the same however often it is asked.
            return response
        result = super().process_response(request, response)
        return await self._wait(result, retry_after_seconds(response.headers.get(b"Retry-After")))

    async def process_exception(self, request: Request, exception: Exception) -> Any:  # type: ignore[override]
        host = urlsplit(request.url).hostname
        if connection_reason(exception) == "dns_failure" and host not in self.resolved:
            # A name that never resolved in this crawl (no network, a mistyped host) will not
            # resolve a few seconds later: fail now rather than after every backoff.
            return None
        return await self._wait(super().process_exception(request, exception))
