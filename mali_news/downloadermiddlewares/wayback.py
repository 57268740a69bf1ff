"""Fetch pages from the Wayback Machine: playback first, the CDX index for a story's other addresses."""

import logging
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from mali_news.cdx import parse_cdx
from mali_news.handover import first_archive, next_archive
from mali_news.meta import ARCHIVE, CAPTURE_URL, CAPTURED_AT, FAILURE, WAYBACK
from mali_news.meta import WAYBACK_ORIGINAL as ORIGINAL
from mali_news.meta import WAYBACK_STAGE as _STAGE
from mali_news.urls import canonical_url, url_kind
from mali_news.wayback import (
    Capture,
    capture_date,
    capture_url,
    cdx_url,
    lookup_variants,
    nearest,
    split_archive_url,
)

logger = logging.getLogger(__name__)

# Which of the story's addresses the index is being asked about (an index into its variants).
_VARIANT = "mali_news_wayback_variant"
# The archive's own answer that it holds nothing at an address.
_NOTHING = frozenset({404, 410})


class WaybackMiddleware:
    """A request for an original URL becomes a request for its capture (id_ form: no toolbar,
    original links), which comes back under the original URL. A capture the index named is read
    at once; otherwise the archive's playback address (/web/<date>id_/<url>) is asked, which
    redirects to the capture nearest the date: one request to the captures and none to the
    index, whose limit is far lower.

    The archive often holds a 2013 story only under the address a link gave it (a tracking
    query, the other host, without index.html): when playback finds nothing at the exact
    address, the index is asked under each of the story's other addresses in turn."""

    def __init__(self, base_url: str, stats: StatsCollector) -> None:
        self.base_url = base_url.rstrip("/")
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.get("MALI_NEWS_WAYBACK_URL"), crawler.stats)

    def process_request(self, request: Request) -> Request | None:
        wanted = request.meta.get(WAYBACK)
        if not wanted or request.meta.get(_STAGE) or first_archive(request) != "wayback":
            return None
        meta = {**request.meta, ORIGINAL: request.url}
        if wanted.get("timestamp"):
            url = capture_url(self.base_url, Capture(wanted["timestamp"], request.url))
            return request.replace(url=url, meta={**meta, _STAGE: "capture"})
        url = capture_url(self.base_url, Capture(capture_date(request.url, wanted), request.url))
        return request.replace(url=url, meta={**meta, _STAGE: "playback"})

    def _lookup(self, request: Request, index: int) -> Request:
        """The CDX query for the index-th address variant of the request's story."""
        original = request.meta[ORIGINAL]
        variant = lookup_variants(original, url_kind(original))[index]
        url = cdx_url(self.base_url, variant.url, capture_date(original, request.meta[WAYBACK]),
                      match_type=variant.match_type)
        return request.replace(url=url, meta={**request.meta, _STAGE: "cdx", _VARIANT: index})

    def process_response(self, request: Request, response: Response) -> Request | Response:
        stage = request.meta.get(_STAGE)
        if stage == "cdx":
            return self._capture_request(request, response)
        if stage in ("capture", "playback") and response.status == 200:
            found = split_archive_url(response.url)
            request.meta[CAPTURE_URL] = response.url
            request.meta[CAPTURED_AT] = found[0] if found else None
            request.meta[ARCHIVE] = "wayback"
            self.stats.inc_value("mali_news/wayback/captures")
            if stage == "playback":
                self.stats.inc_value("mali_news/wayback/found_via/exact")
            return response.replace(url=request.meta[ORIGINAL])
        if stage == "playback" and response.status in _NOTHING:
            # Nothing under the address itself (www. and edition. are one key, http and
            # https too): the index, under the story's other addresses.
            self.stats.inc_value("mali_news/wayback/playback_missed")
            return self._lookup(request, 1)
        return response

    def _capture_request(self, request: Request, response: Response) -> Request:
        original = request.meta[ORIGINAL]
        if response.status != 200:
            return self._fail(request, "cdx_failed",
                              f"the CDX query for {original} answered HTTP {response.status}")
        try:
            answer = parse_cdx(response.text)
        except (ValueError, AttributeError) as exc:
            return self._fail(request, "bad_cdx", f"the CDX answer for {original} is not CDX: {exc}")
        if answer.malformed:
            self.stats.inc_value("mali_news/wayback/malformed_rows", answer.malformed)
            logger.warning("Skipped %d malformed rows of the CDX answer for %s", answer.malformed, original)
        key = canonical_url(original)
        # A prefix matches other stories too (mali-unrest-2/...): only this story's captures.
        capture = nearest([c for c in answer.captures if canonical_url(c.original) == key],
                          capture_date(original, request.meta[WAYBACK]))
        index = request.meta.get(_VARIANT, 0)
        variants = lookup_variants(original, url_kind(original))
        if capture is None:
            if index + 1 < len(variants):
                return self._lookup(request, index + 1)
            return self._fail(request, "no_capture", f"the Wayback Machine has no capture of {original} "
                              f"under any of its {len(variants)} addresses")
        self.stats.inc_value(f"mali_news/wayback/found_via/{variants[index].name}")
        return request.replace(url=capture_url(self.base_url, capture),
                               meta={**request.meta, _STAGE: "capture"})

    def _fail(self, request: Request, reason: str, message: str) -> Request:
        """The page asked of the request's next archive; without one, given up (IgnoreRequest)."""
        self.stats.inc_value(f"mali_news/wayback/{reason}")
        if (other := next_archive(request, self.stats, reason, message)) is not None:
            return other
        request.meta[FAILURE] = reason
        logger.warning("%s", message)
        raise IgnoreRequest(message)
