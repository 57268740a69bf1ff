"""Fetch pages from the Wayback Machine: ask the CDX API for the nearest capture, then fetch it."""

import logging
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from mali_news.meta import CAPTURE_URL, CAPTURED_AT, WAYBACK
from mali_news.meta import WAYBACK_ORIGINAL as ORIGINAL
from mali_news.meta import WAYBACK_STAGE as _STAGE
from mali_news.wayback import Capture, capture_url, cdx_url, nearest, parse_cdx, split_archive_url

logger = logging.getLogger(__name__)



class WaybackMiddleware:
    """A request for an original URL becomes a CDX query, then a request for the chosen capture
    (id_ form: no toolbar, original links); the capture comes back under the original URL."""

    def __init__(self, base_url: str, stats: StatsCollector) -> None:
        self.base_url = base_url.rstrip("/")
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.get("MALI_NEWS_WAYBACK_URL"), crawler.stats)

    def process_request(self, request: Request) -> Request | None:
        wanted = request.meta.get(WAYBACK)
        if not wanted or request.meta.get(_STAGE):
            return None
        meta = {**request.meta, ORIGINAL: request.url}
        if "timestamp" in wanted:
            url = capture_url(self.base_url, Capture(wanted["timestamp"], request.url))
            return request.replace(url=url, meta={**meta, _STAGE: "capture"})
        return request.replace(url=cdx_url(self.base_url, request.url, wanted["date"]),
                               meta={**meta, _STAGE: "cdx"})

    def process_response(self, request: Request, response: Response) -> Request | Response:
        stage = request.meta.get(_STAGE)
        if stage == "cdx":
            return self._capture_request(request, response)
        if stage == "capture" and response.status == 200:
            found = split_archive_url(response.url)
            request.meta[CAPTURE_URL] = response.url
            request.meta[CAPTURED_AT] = found[0] if found else None
            self.stats.inc_value("mali_news/wayback/captures")
            return response.replace(url=request.meta[ORIGINAL])
        return response

    def _capture_request(self, request: Request, response: Response) -> Request:
        original = request.meta[ORIGINAL]
        if response.status != 200:
            self._fail("cdx_failed", f"the CDX query for {original} answered HTTP {response.status}")
        try:
            captures = parse_cdx(response.text)
        except (ValueError, AttributeError) as exc:
            self._fail("bad_cdx", f"the CDX answer for {original} is not CDX JSON: {exc}")
        capture = nearest(captures, request.meta[WAYBACK]["date"])
        if capture is None:
            self._fail("no_capture", f"the Wayback Machine has no capture of {original}")
        return request.replace(url=capture_url(self.base_url, capture),
                               meta={**request.meta, _STAGE: "capture"})

    def _fail(self, reason: str, message: str) -> Any:
        self.stats.inc_value(f"mali_news/wayback/{reason}")
        logger.warning("%s", message)
        raise IgnoreRequest(message)
