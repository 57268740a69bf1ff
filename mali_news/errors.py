"""One short, stable reason per way a fetch can fail, for stats keys and log lines."""

import logging

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    DropItem,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from mali_news import meta
from mali_news.ledger import GIVEN_UP


class Dropped(DropItem):
    """A DropItem that keeps its reason ("missing_body") for whoever records why: raised by
    the pipelines, read by the candidates extension, so it lives below both."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason.replace('_', ' ')}: {url}")
        self.reason = reason

logger = logging.getLogger(__name__)

_BY_TYPE: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, twisted_errors.TimeoutError, twisted_errors.TCPTimedOutError), "timeout"),
    ((CannotResolveHostError, twisted_errors.DNSLookupError), "dns_failure"),
    ((DownloadConnectionRefusedError, twisted_errors.ConnectionRefusedError), "connection_refused"),
    ((ResponseDataLossError, ResponseFailed, ResponseNeverReceived, twisted_errors.ConnectionLost,
      twisted_errors.ConnectionDone, DownloadFailedError), "connection_lost"),
    ((twisted_errors.ConnectError,), "connection_failed"),
)


# Failures of the connection itself, not of one page: an archive that meets them on every request
# is out of reach (blocked at its firewall, or down), and is probed before anything is given up.
CONNECTION_REASONS = frozenset({"timeout", "dns_failure", "connection_refused", "connection_lost",
                                "connection_failed"})


def connection_reason(exception: BaseException) -> str | None:
    """"connection_refused", "timeout", ... when the exception is a failed connection, else None."""
    for types, reason in _BY_TYPE:
        if isinstance(exception, types):
            return reason
    return None


def failure_reason(failure: Failure) -> str:
    """"http_503", "timeout", "too_large", "redirect_loop", "offsite_redirect", ... for a failure."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    message = str(failure.value)
    if failure.check(DownloadCancelledError) and "max size" in message:
        return "too_large"
    if failure.check(IgnoreRequest):
        # The middleware that gave the request up named its reason ("no_capture").
        request = getattr(failure, "request", None)
        if request is not None and (given := request.meta.get(meta.FAILURE)):
            return str(given)
        if "max redirections" in message:
            return "redirect_loop"
        if "offsite" in message.lower():
            return "offsite_redirect"
        if "robots.txt" in message:
            return ROBOTS
        return "ignored"
    for types, reason in _BY_TYPE:
        if failure.check(*types):
            return reason
    return failure.type.__name__ if failure.type else "error"


# A page the site's robots.txt keeps us from: left out on purpose (dropped), not failed.
ROBOTS = "robots_disallowed"
class CrawlLockedError(RuntimeError):
    """Another crawl holds the lock of this database (raised by the lock extension, answered by
    whoever runs the crawl: so it lives below both)."""


# A page left for the next run because its archive was out of reach: never a failure.
LEFT = "archive_unreachable"
# The finish reason of a worker whose shared crawl's Redis stopped answering.
REDIS_LOST = "redis_unreachable"
def report_failure(failure: Failure, stats: StatsCollector) -> str:
    """Count a failed request under its reason and log one line naming the page; the reason."""
    request = failure.request
    if request.meta.get(meta.SEED):
        stats.inc_value("mali_news/seeds/failed")
    reason = failure_reason(failure)
    if reason == "ignored" or request.meta.get(meta.FAILURE):
        # Whoever ignored it (the replay mirror, the content gate, an archive) logged it and
        # counted why in its own terms; the page is counted as failed here.
        if reason not in ("ignored", LEFT):
            stats.inc_value(f"{GIVEN_UP}{reason}")
        return reason
    if reason == ROBOTS:
        stats.inc_value("mali_news/skipped/robots_txt")
        stats.inc_value(f"mali_news/dropped/{ROBOTS}")
        logger.info("Not fetched, robots.txt disallows it: %s", request.url)
        return reason
    stats.inc_value(f"mali_news/errors/{reason}")
    detail = "" if reason.startswith("http_") else f" ({failure.getErrorMessage()})"
    original = request.meta.get(meta.ORIGINAL)
    via = f" via {request.url}" if original else ""
    logger.error("Could not fetch %s%s: %s%s", original or request.url, via, reason, detail)
    return reason


def asked_url(request: Request) -> str:
    """The address a page was asked for, before any archive or redirect took it elsewhere."""
    return (request.meta.get(meta.ORIGINAL) or request.meta.get(meta.TRIAGE_URL)
            or (request.meta.get("redirect_urls") or [request.url])[0])
