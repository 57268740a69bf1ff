"""Only HTML reaches the parsers: other content types are counted and left; truncated pages are flagged."""

import logging
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import StatsCollector

from mali_news import meta
from mali_news.urls import HTML_TYPES

logger = logging.getLogger(__name__)



class ContentGateMiddleware:
    """Trusts the declared Content-Type; only a page that declares none is judged by its content.
    (The page size limit is Scrapy's DOWNLOAD_MAXSIZE, set from MALI_NEWS_MAX_PAGE_BYTES.)"""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        stage = request.meta.get(meta.WAYBACK_STAGE)
        if (response.status >= 300 or meta.HOPS not in request.meta or stage == "cdx"
                or request.meta.get(meta.COMMONCRAWL_STAGE)):
            # Redirects and errors are for the middlewares after this one; robots.txt and the
            # archives' index answers are not pages of the crawl, nor is a byte range of a WARC
            # file (the Common Crawl middleware judges the page inside).
            return response
        declared = (response.headers.get("Content-Type") or b"").decode(
            "latin-1").split(";")[0].strip().lower()
        # A memento that is not HTML is a capture to skip for another, which the Wayback
        # middleware does; not a page to leave.
        if not stage and (declared not in HTML_TYPES if declared else not isinstance(response, HtmlResponse)):
            media_type = (declared or "unknown").replace("/", "_")
            self.stats.inc_value(f"mali_news/pages/not_html/{media_type}")
            logger.warning("Not an HTML page (%s), skipped: %s", declared or "unknown", response.url)
            request.meta[meta.FAILURE] = "not_html"
            raise IgnoreRequest(f"not an HTML page ({declared or 'unknown'}): {response.url}")
        if b"</html" not in response.body[-4096:].lower():
            # Cut off in transfer or at the source: kept if what arrived is an article.
            self.stats.inc_value("mali_news/pages/truncated")
            logger.warning("Truncated HTML (no </html>): %s", response.url)
        return response
