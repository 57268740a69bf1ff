"""Refuse redirects that leave CNN, with a reason the spider counts, before they are followed."""

import logging
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from mali_news.urls import is_cnn_host

logger = logging.getLogger(__name__)


class OffsiteRedirectMiddleware:
    """Scrapy's offsite filter drops such a redirect silently at scheduling time; refusing it here
    instead sends it to the request's errback, so it is logged and counted like any failure."""

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not (300 <= response.status < 400 and location):
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        if is_cnn_host(urlsplit(target).hostname) or request.meta.get("allow_offsite"):
            return response
        raise IgnoreRequest(f"offsite redirect to {target}")
