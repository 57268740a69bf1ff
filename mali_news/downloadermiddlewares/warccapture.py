"""Write every response the crawl receives, with its request, to rotated gzipped WARC files."""

import logging
from pathlib import Path
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from mali_news.archives.warc import RotatingWarcWriter

logger = logging.getLogger(__name__)


def _pairs(headers: object) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]  # type: ignore[attr-defined]


class WarcCaptureMiddleware:
    """Close to the downloader, so it keeps the bytes as they came (still compressed)."""

    def __init__(self, writer: RotatingWarcWriter, stats: StatsCollector) -> None:
        self.writer = writer
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        directory = crawler.settings.get("MALI_NEWS_WARC_DIR")
        if not directory:
            raise NotConfigured
        writer = RotatingWarcWriter(Path(directory), crawler.settings.getint("MALI_NEWS_WARC_MAX_BYTES"))
        mw = cls(writer, crawler.stats)
        crawler.signals.connect(mw.close, signal=signals.engine_stopped)
        return mw

    def process_response(self, request: Request, response: Response) -> Response:
        if "replay" in response.flags:
            return response  # it already is in an archive
        self.writer.write(response.url, request.method, _pairs(request.headers), response.status,
                          _pairs(response.headers), response.body)
        self.stats.inc_value("mali_news/warc/records")
        return response

    def close(self) -> None:
        self.writer.close()
        logger.info("Wrote WARC files: %s", ", ".join(str(p) for p in self.writer.paths) or "none")
