"""Fetch pages from the Wayback Machine: playback first, the CDX index for a story's other addresses."""

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from mali_news.archives.capture import Capture
from mali_news.archives.cdx import parse_cdx
from mali_news.archives.mementos import (
    MAX_HOPS,
    address,
    archive_source,
    is_playback_redirect,
    judge,
    location,
    memento_time,
    redirect_verdict,
)
from mali_news.archives.middleware import ArchiveMiddleware, skip_listener
from mali_news.archives.wayback import (
    Snapshot,
    capture_date,
    capture_url,
    cdx_url,
    lookup_variants,
    parse_timestamp,
    preferred,
    split_archive_url,
)
from mali_news.meta import ADDRESSES, ARCHIVE_REQUEST, CAPTURE, ORIGINAL, SKIPPED, WAYBACK_STAGE
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


def _tried(capture: Snapshot) -> str:
    return f"{capture.timestamp} {canonical_url(capture.original)}"


class WaybackMiddleware(ArchiveMiddleware):
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

    archive = "wayback"
    stage = WAYBACK_STAGE

    def __init__(self, base_url: str, stats: StatsCollector,
                 on_skip: Callable[..., Any] | None = None) -> None:
        super().__init__(stats, on_skip)
        self.base_url = base_url.rstrip("/")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.get("MALI_NEWS_WAYBACK_URL"), crawler.stats, skip_listener(crawler))

    def process_request(self, request: Request) -> Request | None:
        if not self.takes(request):
            return None
        wanted = request.meta[ARCHIVE_REQUEST]
        meta = {**request.meta, ORIGINAL: request.url, _CHAIN: [address(request.url)], _STEPS: 0,
                # The archive's redirects are judged here, never followed blindly.
                "dont_redirect": True}
        if wanted.get("timestamp"):
            url = capture_url(self.base_url, Snapshot(wanted["timestamp"], request.url))
            return request.replace(url=url, meta={**meta, WAYBACK_STAGE: "capture"})
        url = capture_url(self.base_url, Snapshot(capture_date(request.url, wanted), request.url))
        return request.replace(url=url, meta={**meta, WAYBACK_STAGE: "playback"})

    def _lookup(self, request: Request, index: int) -> Request:
        """The CDX query for the index-th address variant of the request's story."""
        original = request.meta[ORIGINAL]
        variant = lookup_variants(original, url_kind(original))[index]
        url = cdx_url(self.base_url, variant.url, capture_date(original, request.meta[ARCHIVE_REQUEST]),
                      match_type=variant.match_type)
        # Each variant is asked once per story; past the duplicate filter, which would drop the
        # story silently were two of its lookups ever spelled alike.
        return request.replace(url=url, meta={**request.meta, WAYBACK_STAGE: "cdx", _VARIANT: index},
                               dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        stage = request.meta.get(WAYBACK_STAGE)
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
                self.count("playback_redirects")
                return request.replace(url=target, meta={**meta, WAYBACK_STAGE: "capture"}, dont_filter=True)
            return self._redirect(request, response, target)
        if moment is None and response.status in _NOTHING:
            if meta[WAYBACK_STAGE] == "playback" and len(meta[_CHAIN]) == 1:
                # Nothing under the address itself (www. and edition. are one key, http and
                # https too): the index, under the story's other addresses.
                self.count("playback_missed")
                return self._lookup(request, 1)
            return self._skip(request, response, "no_memento")
        if moment is None and response.status >= 400:
            # The archive's own error, after its retries: the archive failed, not the page.
            return self.fail(request, f"archive_http_{response.status}", f"the Wayback Machine answered "
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
        # The archive's own word for when it captured the page; the address's when it gives none.
        when = moment if moment is not None else (parse_timestamp(found[0]) if found else None)
        meta[CAPTURE] = Capture(self.archive, meta[ORIGINAL], response.url, when, response.status,
                                archive_source(response.headers))
        key = canonical_url(meta[ORIGINAL])
        meta[ADDRESSES] = [a for a in dict.fromkeys(meta.get(_CHAIN, [])) if canonical_url(a) == key]
        self.count("captures")
        if meta[WAYBACK_STAGE] == "playback":
            self.count("found_via/exact")
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
        self.count("archived_redirects_followed")
        meta = {**request.meta, WAYBACK_STAGE: "capture", _CHAIN: [*chain, address(found[1])]}
        return request.replace(url=target, meta=meta, dont_filter=True)

    def _skip(self, request: Request, response: Response, reason: str) -> Request:
        """A capture that is not the story: the next the index names, else the index under the
        story's next address, else the next archive, else a failure with this reason."""
        meta = request.meta
        original = meta[ORIGINAL]
        skipped = self.skipped(request, response.url, response.status, reason)
        tried = list(meta.get(_TRIED, []))
        if (found := split_archive_url(response.url)) is not None:
            tried.append(_tried(Snapshot(*found)))
        meta = {**meta, SKIPPED: skipped, _TRIED: tried}
        rest = [Snapshot(*c) for c in meta.get(_CANDIDATES, []) if _tried(Snapshot(*c)) not in tried]
        if rest:
            return self._capture(request.replace(meta=meta), rest)
        index = meta.get(_VARIANT)
        following = 1 if index is None else index + 1
        if following < len(lookup_variants(original, url_kind(original))):
            return self._lookup(request.replace(meta=meta), following)
        return self.fail(request.replace(meta=meta), reason,
                         f"no capture of {original} is the story: the last was {response.url} ({reason})")

    def _capture(self, request: Request, candidates: list[Snapshot]) -> Request:
        """A request for the first of candidates, the others kept for when it is not the story."""
        first, rest = candidates[0], candidates[1:]
        meta = {**request.meta, WAYBACK_STAGE: "capture", _CHAIN: [address(first.original)], _STEPS: 0,
                _CANDIDATES: [(c.timestamp, c.original) for c in rest],
                _TRIED: [*request.meta.get(_TRIED, []), _tried(first)]}
        return request.replace(url=capture_url(self.base_url, first), meta=meta, dont_filter=True)

    def _capture_request(self, request: Request, response: Response) -> Request:
        original = request.meta[ORIGINAL]
        if response.status != 200:
            return self.fail(request, "cdx_failed",
                              f"the CDX query for {original} answered HTTP {response.status}")
        try:
            answer = parse_cdx(response.text)
        except (ValueError, AttributeError) as exc:
            return self.fail(request, "bad_cdx", f"the CDX answer for {original} is not CDX: {exc}")
        if answer.malformed:
            self.count("malformed_rows", answer.malformed)
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
                return self.fail(request, last["reason"], f"no capture of {original} is the story: the "
                                  f"last was {last['capture_url']} ({last['reason']})")
            return self.fail(request, "no_capture", f"the Wayback Machine has no capture of {original} "
                              f"under any of its {len(variants)} addresses")
        self.count(f"found_via/{variants[index].name}")
        return self._capture(request, candidates)
