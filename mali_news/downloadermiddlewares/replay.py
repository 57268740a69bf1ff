"""Answer requests from a wget --mirror folder or from WARC files instead of the network."""

import logging
import mimetypes
from pathlib import Path
from typing import Self
from urllib.parse import unquote, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector

from mali_news.archives.warc import Stored, WarcIndex, warc_files
from mali_news.config.checks import SettingError
from mali_news.meta import FAILURE
from mali_news.urls import MAIN_HOSTS

logger = logging.getLogger(__name__)


class MirrorArchive:
    """DIR/<host>/<path>, index.html for a directory, the query ignored."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

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

    def size(self, url: str) -> int | None:
        path = self.path_for(url)
        return path.stat().st_size if path else None

    def get(self, url: str) -> Stored | None:
        path = self.path_for(url)
        if path is None:
            return None
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Stored(200, [("Content-Type", content_type)], path.read_bytes())


class ReplayMiddleware:
    """MALI_NEWS_REPLAY: a mirror folder, a .warc/.warc.gz file, or a folder of WARC files."""

    def __init__(self, archive: MirrorArchive | WarcIndex, stats: StatsCollector,
                 maxsize: int = 0) -> None:
        self.archive = archive
        self.stats = stats
        self.maxsize = maxsize

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        root = crawler.settings.get("MALI_NEWS_REPLAY")
        if not root:
            raise NotConfigured
        path = Path(root)
        if files := warc_files(path):
            archive: MirrorArchive | WarcIndex = WarcIndex(files)
        elif path.is_dir():
            archive = MirrorArchive(path)
        else:
            # Never switched off: a replay that cannot be read must not become a live crawl
            # (config.check_settings ends the run before this, with one line).
            raise SettingError("MALI_NEWS_REPLAY", "no such folder or WARC file", root)
        return cls(archive, crawler.stats, crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_request(self, request: Request) -> Response:
        stored = self.archive.get(request.url)
        if stored is None:
            if urlsplit(request.url).path == "/robots.txt":
                # An archive without robots.txt is a site without one.
                return Response(request.url, status=404, request=request, flags=["replay"])
            self.stats.inc_value("mali_news/replay/missing")
            logger.warning("Replay: %s is not in %s", request.url, self.describe())
            request.meta[FAILURE] = "not_in_replay"
            raise IgnoreRequest(f"not in the replay archive: {request.url}")
        if self.maxsize and len(stored.body) > self.maxsize:
            # The same failure a live download of that size gets.
            raise DownloadCancelledError(
                f"Expected to receive {len(stored.body)} bytes which is larger than download "
                f"max size ({self.maxsize}) in request {request}.")
        headers = Headers(stored.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=stored.body)
        self.stats.inc_value("mali_news/replay/served")
        return cls(url=request.url, status=stored.status, headers=headers, body=stored.body,
                   request=request, flags=["replay"])

    def describe(self) -> str:
        if isinstance(self.archive, MirrorArchive):
            return f"the mirror {self.archive.root}"
        return f"the WARC files {', '.join(str(p) for p in self.archive.files)}"
