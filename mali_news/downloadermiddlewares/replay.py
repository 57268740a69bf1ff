"""Answer requests from a wget --mirror style directory instead of the network."""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector

from mali_news.urls import MAIN_HOSTS

logger = logging.getLogger(__name__)


class ReplayMiddleware:
    """Serve DIR/<host>/<path> (index.html for a directory, query ignored); never the network."""

    def __init__(self, root: Path, stats: StatsCollector, maxsize: int = 0) -> None:
        self.root = root.resolve()
        self.stats = stats
        self.maxsize = maxsize

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ReplayMiddleware":
        root = crawler.settings.get("MALI_NEWS_REPLAY")
        if not root:
            raise NotConfigured
        path = Path(root)
        if not path.is_dir():
            raise NotConfigured(f"MALI_NEWS_REPLAY={root!r} is not a directory")
        return cls(path, crawler.stats, crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def path_for(self, url: str) -> Path | None:
        """The mirror file for a URL, or None when it is missing or outside the mirror.

        CNN serves one story under www., edition. and the bare domain, so a story missing
        under its own host is looked for under the others.
        """
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        hosts = [host, *sorted(MAIN_HOSTS - {host})] if host in MAIN_HOSTS else [host]
        relative = unquote(parts.path or "/")
        for candidate_host in hosts:
            candidate = (self.root / candidate_host / relative.lstrip("/")).resolve()
            if not candidate.is_relative_to(self.root / candidate_host):
                return None
            if relative.endswith("/") or candidate.is_dir():
                candidate = candidate / "index.html"
            if candidate.is_file():
                return candidate
        return None

    def process_request(self, request: Request) -> Response:
        path = self.path_for(request.url)
        if path is None:
            if urlsplit(request.url).path == "/robots.txt":
                # A mirror without robots.txt is a site without one.
                return Response(request.url, status=404, request=request, flags=["replay"])
            self.stats.inc_value("mali_news/replay/missing")
            logger.warning("Replay: %s is not in the mirror %s", request.url, self.root)
            raise IgnoreRequest(f"not in the replay mirror: {request.url}")
        size = path.stat().st_size
        if self.maxsize and size > self.maxsize:
            # The same failure a live download of that size gets.
            raise DownloadCancelledError(
                f"Expected to receive {size} bytes which is larger than download max size "
                f"({self.maxsize}) in request {request}.")
        body = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = Headers({"Content-Type": content_type})
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        self.stats.inc_value("mali_news/replay/served")
        return cls(url=request.url, status=200, headers=headers, body=body, request=request,
                   flags=["replay"])
