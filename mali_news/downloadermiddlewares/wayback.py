"""Fetch pages from the Wayback Machine: playback first, the CDX index for a story's other addresses."""

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from mali_news.archives.cdx import parse_cdx
from mali_news.archives.handover import first_archive, next_archive
from mali_news.archives.mementos import (
    MAX_HOPS,
    address,
    archive_source,
    is_playback_redirect,
    judge,
    location,
    memento_time,
    redirect_verdict,
    stamp,
)
from mali_news.archives.wayback import (
    Capture,
    capture_date,
    capture_url,
    cdx_url,
    lookup_variants,
    preferred,
    split_archive_url,
)
from mali_news.meta import (
    ADDRESSES,
    ARCHIVE,
    ARCHIVE_REQUEST,
    ARCHIVE_SOURCE,
    CAPTURE_URL,
    CAPTURED_AT,
    FAILURE,
    SKIPPED,
)
from mali_news.meta import WAYBACK_ORIGINAL as ORIGINAL
from mali_news.meta import WAYBACK_STAGE as _STAGE
from mali_news.signals import capture_skipped
from mali_news.urls import canonical_url, url_kind

logger = logging.getLogger(__name__)

# Which of the story's addresses the index was last asked about (an index into its variants).
_VARIANT = "mali_news_wayback_variant"
# The captures that index answer named and that are not read yet, best first.
_CANDIDATES = "mali_news_wayback_candidates"
# The mementos asked for this story ("timestamp original"): none is asked twice.
_TRIED = "mali_news_wayback_tried"
# The original addresses the current capture's archived redirects went through, and how many
# requests that capture has taken (the archive's own playback redirects included).
_CHAIN = "mali_news_wayback_chain"
_STEPS = "mali_news_wayback_steps"
# The archive's own answer that it holds nothing at an address.
_NOTHING = frozenset({404, 410})


def _tried(capture: Capture) -> str:
    return f"{capture.timestamp} {canonical_url(capture.original)}"


class WaybackMiddleware:
    """A request for an original URL becomes a request for its capture (id_ form: no toolbar,
    original links), which comes back under the original URL. A capture the index named is read
    at once; otherwise the archive's playback address (/web/<date>id_/<url>) is asked, which
    redirects to the capture nearest the date: one request to the captures and none to the
    index, whose limit is far lower.

    An answer with Memento-Datetime is the page's answer when it was captured: an archived
    error, a redirect away from the story (to the front page, a login), a loop, an empty or
    non-HTML page are not the story, and the capture is skipped for the index's next good
    capture of the story's addresses, then the next archive. An archived redirect that stays
    on the story (another host, index.html or not, https) is followed, its address kept.

    The archive often holds a 2013 story only under the address a link gave it (a tracking
    query, the other host, without index.html): when playback finds nothing at the exact
    address, the index is asked under each of the story's other addresses in turn."""

    def __init__(self, base_url: str, stats: StatsCollector,
                 on_skip: Callable[..., Any] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.stats = stats
        # Told of each capture that is not the story (the skipped_captures table records it).
        self.on_skip = on_skip

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        def on_skip(**skipped: Any) -> None:
            crawler.signals.send_catch_log(capture_skipped, **skipped)

        return cls(crawler.settings.get("MALI_NEWS_WAYBACK_URL"), crawler.stats, on_skip)

    def process_request(self, request: Request) -> Request | None:
        wanted = request.meta.get(ARCHIVE_REQUEST)
        if not wanted or request.meta.get(_STAGE) or first_archive(request) != "wayback":
            return None
        meta = {**request.meta, ORIGINAL: request.url, _CHAIN: [address(request.url)], _STEPS: 0,
                # The archive's redirects are judged here, never followed blindly.
                "dont_redirect": True}
        if wanted.get("timestamp"):
            url = capture_url(self.base_url, Capture(wanted["timestamp"], request.url))
            return request.replace(url=url, meta={**meta, _STAGE: "capture"})
        url = capture_url(self.base_url, Capture(capture_date(request.url, wanted), request.url))
        return request.replace(url=url, meta={**meta, _STAGE: "playback"})

    def _lookup(self, request: Request, index: int) -> Request:
        """The CDX query for the index-th address variant of the request's story."""
        original = request.meta[ORIGINAL]
        variant = lookup_variants(original, url_kind(original))[index]
        url = cdx_url(self.base_url, variant.url, capture_date(original, request.meta[ARCHIVE_REQUEST]),
                      match_type=variant.match_type)
        # Each variant is asked once per story; past the duplicate filter, which would drop the
        # story silently were two of its lookups ever spelled alike.
        return request.replace(url=url, meta={**request.meta, _STAGE: "cdx", _VARIANT: index},
                               dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        stage = request.meta.get(_STAGE)
        if stage == "cdx":
            return self._capture_request(request, response)
        if stage in ("capture", "playback"):
            return self._answer(request, response)
        return response

    def _answer(self, request: Request, response: Response) -> Request | Response:
        """A capture's answer: the story, a redirect to follow, or a capture to skip."""
        moment = memento_time(response.headers)
        meta = request.meta
        meta[_STEPS] = meta.get(_STEPS, 0) + 1
        if 300 <= response.status < 400 and (target := location(response.url, response.headers)):
            if is_playback_redirect(response.headers, response.url, target):
                if meta[_STEPS] > 2 * MAX_HOPS + 1:
                    return self._skip(request, response, "redirect_loop")
                self.stats.inc_value("mali_news/wayback/playback_redirects")
                return request.replace(url=target, meta={**meta, _STAGE: "capture"}, dont_filter=True)
            return self._redirect(request, response, target)
        if moment is None and response.status in _NOTHING:
            if meta[_STAGE] == "playback" and len(meta[_CHAIN]) == 1:
                # Nothing under the address itself (www. and edition. are one key, http and
                # https too): the index, under the story's other addresses.
                self.stats.inc_value("mali_news/wayback/playback_missed")
                return self._lookup(request, 1)
            return self._skip(request, response, "no_memento")
        if moment is None and response.status >= 400:
            # The archive's own error, after its retries: the archive failed, not the page.
            return self._fail(request, f"archive_http_{response.status}", f"the Wayback Machine answered "
                              f"HTTP {response.status} for {meta[ORIGINAL]}")
        found = split_archive_url(response.url)
        original = found[1] if found else meta[ORIGINAL]
        verdict = judge(response.status, (response.headers.get("Content-Type") or b"").decode("latin-1"),
                        response.body, original, meta[ORIGINAL])
        if not verdict.readable:
            return self._skip(request, response, verdict.reason)
        return self._read(request, response, moment, found)

    def _read(self, request: Request, response: Response, moment: datetime | None,
              found: tuple[str, str] | None) -> Response:
        meta = request.meta
        meta[CAPTURE_URL] = response.url
        # The archive's own word for when it captured the page; the address's when it gives none.
        meta[CAPTURED_AT] = stamp(moment) if moment is not None else (found[0] if found else None)
        meta[ARCHIVE] = "wayback"
        meta[ARCHIVE_SOURCE] = archive_source(response.headers)
        key = canonical_url(meta[ORIGINAL])
        meta[ADDRESSES] = [a for a in dict.fromkeys(meta.get(_CHAIN, [])) if canonical_url(a) == key]
        self.stats.inc_value("mali_news/wayback/captures")
        if meta[_STAGE] == "playback":
            self.stats.inc_value("mali_news/wayback/found_via/exact")
        return response.replace(url=meta[ORIGINAL])

    def _redirect(self, request: Request, response: Response, target: str) -> Request:
        """An archived redirect: followed while it may lead on to the story."""
        found = split_archive_url(target)
        if found is None:
            return self._skip(request, response, "archived_redirect_elsewhere")
        chain = request.meta.get(_CHAIN, [])
        verdict = redirect_verdict(found[1], chain, request.meta[ORIGINAL])
        if not verdict.readable:
            return self._skip(request, response, verdict.reason)
        self.stats.inc_value("mali_news/wayback/archived_redirects_followed")
        meta = {**request.meta, _STAGE: "capture", _CHAIN: [*chain, address(found[1])]}
        return request.replace(url=target, meta=meta, dont_filter=True)

    def _skip(self, request: Request, response: Response, reason: str) -> Request:
        """A capture that is not the story: the next the index names, else the index under the
        story's next address, else the next archive, else a failure with this reason."""
        meta = request.meta
        original = meta[ORIGINAL]
        self.stats.inc_value(f"mali_news/wayback/skipped/{reason}")
        record = {"archive": "wayback", "capture_url": response.url, "status": response.status,
                  "reason": reason}
        skipped = [*meta.get(SKIPPED, []), record]
        if self.on_skip is not None:
            self.on_skip(url=canonical_url(original), **record)
        logger.info("%s: the capture %s is not the story (%s, HTTP %d); looking for another", original,
                    response.url, reason, response.status)
        tried = list(meta.get(_TRIED, []))
        if (found := split_archive_url(response.url)) is not None:
            tried.append(_tried(Capture(*found)))
        meta = {**meta, SKIPPED: skipped, _TRIED: tried}
        rest = [Capture(*c) for c in meta.get(_CANDIDATES, []) if _tried(Capture(*c)) not in tried]
        if rest:
            return self._capture(request.replace(meta=meta), rest)
        index = meta.get(_VARIANT)
        following = 1 if index is None else index + 1
        if following < len(lookup_variants(original, url_kind(original))):
            return self._lookup(request.replace(meta=meta), following)
        return self._fail(request.replace(meta=meta), reason,
                          f"no capture of {original} is the story: the last was {response.url} ({reason})")

    def _capture(self, request: Request, candidates: list[Capture]) -> Request:
        """A request for the first of candidates, the others kept for when it is not the story."""
        first, rest = candidates[0], candidates[1:]
        meta = {**request.meta, _STAGE: "capture", _CHAIN: [address(first.original)], _STEPS: 0,
                _CANDIDATES: [(c.timestamp, c.original) for c in rest],
                _TRIED: [*request.meta.get(_TRIED, []), _tried(first)]}
        return request.replace(url=capture_url(self.base_url, first), meta=meta, dont_filter=True)

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
        tried = set(request.meta.get(_TRIED, []))
        # A prefix matches other stories too (mali-unrest-2/...): only this story's captures,
        # and none already asked for.
        candidates = preferred([c for c in answer.captures
                                if canonical_url(c.original) == key and _tried(c) not in tried],
                               capture_date(original, request.meta[ARCHIVE_REQUEST]))
        index = request.meta.get(_VARIANT, 0)
        variants = lookup_variants(original, url_kind(original))
        if not candidates:
            if index + 1 < len(variants):
                return self._lookup(request, index + 1)
            skipped = request.meta.get(SKIPPED)
            if skipped:
                # The story was captured, but never as itself: fail it with what its capture was.
                last = skipped[-1]
                return self._fail(request, last["reason"], f"no capture of {original} is the story: the "
                                  f"last was {last['capture_url']} ({last['reason']})")
            return self._fail(request, "no_capture", f"the Wayback Machine has no capture of {original} "
                              f"under any of its {len(variants)} addresses")
        self.stats.inc_value(f"mali_news/wayback/found_via/{variants[index].name}")
        return self._capture(request, candidates)

    def _fail(self, request: Request, reason: str, message: str) -> Request:
        """The page asked of the request's next archive; without one, given up (IgnoreRequest)."""
        self.stats.inc_value(f"mali_news/wayback/{reason}")
        if (other := next_archive(request, self.stats, reason, message)) is not None:
            return other
        request.meta[FAILURE] = reason
        logger.warning("%s", message)
        raise IgnoreRequest(message)
