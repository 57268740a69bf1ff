"""Refuse redirects that leave CNN, with a reason the spider counts, before they are followed."""

from typing import Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from mali_news.urls import is_cnn_host


class OffsiteRedirectMiddleware:
    """Scrapy's offsite filter drops such a redirect silently at scheduling time; refusing it here
    instead sends it to the request's errback, so it is logged and counted like any failure."""

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def allowed(self, host: str | None) -> bool:
        """CNN, or another host the spider allows (the Wayback Machine in archive mode)."""
        if is_cnn_host(host):
            return True
        spider = self.crawler.spider if self.crawler else None
        domains = getattr(spider, "allowed_domains", None) or []
        return bool(host) and any(host == d or host.endswith("." + d) for d in domains)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not (300 <= response.status < 400 and location):
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        if self.allowed(urlsplit(target).hostname) or request.meta.get("allow_offsite"):
            return response
        raise IgnoreRequest(f"offsite redirect to {target}")
