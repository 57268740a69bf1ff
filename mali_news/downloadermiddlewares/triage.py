"""Judge a discovered candidate on cnn.com's own page for its address before the archive is asked for it."""

import logging
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import StatsCollector

from mali_news.errors import connection_reason
from mali_news.meta import (
    ARCHIVE_REQUEST,
    CANDIDATE_WHY,
    DISCOVERED,
    DROPPED,
    TRIAGE,
    TRIAGE_URL,
    TRIAGED,
    WAYBACK_STAGE,
)
from mali_news.parsers import UnparsablePage, page_root, parse_page
from mali_news.reference.topic import DateWindow, TopicRule, verdict, why_left
from mali_news.urls import HTML_TYPES, canonical_url

logger = logging.getLogger(__name__)



class TriageMiddleware:
    """Most candidates of the archive's index are found through their section (world/africa),
    not a topic word in their address, and most of those are not about Mali. cnn.com re-serves
    nearly every 2012-2013 story today, at no cost to the archive: such a candidate is first read
    there and judged by the topic rule and date window. Only what passes is fetched from the
    archive, and what cannot be judged live (a 404, a redirect to a front page, a blog host that
    no longer exists) goes there too. What is stored is always the archive's capture.

    Counted as mali_news/triage/address (ruled in by its address: straight to the archive),
    triage/live/on_topic, triage/live/off_topic, triage/live/out_of_window, and
    triage/unjudged/<why>."""

    def __init__(self, rule: TopicRule, window: DateWindow, stats: StatsCollector) -> None:
        self.rule = rule
        self.window = window
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("MALI_NEWS_LIVE_TRIAGE") or settings.get("MALI_NEWS_REPLAY"):
            raise NotConfigured("MALI_NEWS_LIVE_TRIAGE is off, or a replay reads no live page")
        return cls(TopicRule.from_settings(settings), DateWindow(settings.get("MALI_NEWS_DATE_RANGE")),
                   crawler.stats)

    def process_request(self, request: Request) -> Request | None:
        meta = request.meta
        wanted = meta.get(ARCHIVE_REQUEST)
        if (not wanted or not meta.get(DISCOVERED) or meta.get(WAYBACK_STAGE)
                or TRIAGED in meta or TRIAGE in meta):
            return None
        if meta.get(CANDIDATE_WHY, "slug") == "slug":
            self.stats.inc_value("mali_news/triage/address")
            meta[TRIAGED] = "address"
            return None
        live = {k: v for k, v in meta.items() if k != ARCHIVE_REQUEST}
        # A first look, not a fetch that must succeed: what fails goes to the archive at once.
        live.update({TRIAGE: wanted, "max_retry_times": 0, TRIAGE_URL: request.url})
        return request.replace(meta=live, dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if TRIAGE not in request.meta:
            return response
        found = self._judge(response, canonical_url(request.meta[TRIAGE_URL]))
        if found in ("off_topic", "out_of_window"):
            self.stats.inc_value(f"mali_news/triage/live/{found}")
            self.stats.inc_value(f"mali_news/dropped/{found}")
            request.meta[DROPPED] = found
            raise IgnoreRequest(f"judged on its live page, not fetched from the archive: {response.url}")
        if found == "on_topic":
            self.stats.inc_value("mali_news/triage/live/on_topic")
        else:
            self.stats.inc_value(f"mali_news/triage/unjudged/{found}")
            logger.debug("Not judged on its live page (%s), fetched from the archive: %s", found,
                         request.meta[TRIAGE_URL])
        return self._to_archive(request, found)

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if TRIAGE not in request.meta or request.meta.get(DROPPED):
            return None
        why = connection_reason(exception) or type(exception).__name__
        self.stats.inc_value(f"mali_news/triage/unjudged/{why}")
        return self._to_archive(request, why)

    def _judge(self, response: Response, wanted: str) -> str:
        """"on_topic", "off_topic", "out_of_window", or why the page cannot be judged."""
        if response.status != 200:
            return f"http_{response.status}"
        declared = (response.headers.get("Content-Type") or b"").decode("latin-1").split(";")[0].strip()
        # As the content gate: the declared type, else what the body looks like.
        if not isinstance(response, HtmlResponse) if not declared else declared.lower() not in HTML_TYPES:
            return "not_html"
        try:
            page = parse_page(page_root(response), response.url)
        except UnparsablePage:
            return "unparsable"
        if page is None or page.article is None:
            return "not_a_story"  # a front page or a section: the address leads elsewhere now
        if wanted not in (page.article.url, canonical_url(response.url)):
            return "other_story"
        score, left = verdict(self.rule, self.window, page.title, page.topic_text, page.published)
        if left:
            logger.info("%s on its live page, not fetched from the archive: %s",
                        why_left(left, score, page.published), response.url)
        return left or "on_topic"

    def _to_archive(self, request: Request, found: str) -> Request:
        # The project's own meta only: Scrapy's (the live fetch's proxy, redirects, slot, retry
        # limit) belong to cnn.com, not to the archive.
        meta = {k: v for k, v in request.meta.items()
                if k.startswith("mali_news_") and k not in (TRIAGE, TRIAGE_URL)}
        meta.update({ARCHIVE_REQUEST: request.meta[TRIAGE], TRIAGED: found})
        return request.replace(url=request.meta[TRIAGE_URL], meta=meta, dont_filter=True)
