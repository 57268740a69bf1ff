"""One log line per failed fetch: the spider's, which names the URL and the reason."""

import logging
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler

from mali_news.errors import connection_reason

# Scrapy's own lines about failures the spider's errback reports again with its reason.
REPEATS = {
    "scrapy.downloadermiddlewares.retry": "Gave up retrying",
    "scrapy.spidermiddlewares.httperror": "Ignoring response",
    "scrapy.core.downloader.handlers.http11": "larger than download max size",
}


class _Repeats(logging.Filter):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        return self.text not in record.getMessage()


class _NoNetworkTraceback(logging.Filter):
    """A robots.txt that could not be fetched for want of a connection: one warning line (the
    exception's words are in it), not an error with two chained tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            if connection_reason(error) or connection_reason(error.__cause__ or error):
                record.exc_info, record.exc_text = None, None
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class FailureLogExtension:
    def __init__(self) -> None:
        self.filters: dict[str, logging.Filter] = {name: _Repeats(text) for name, text in REPEATS.items()}
        self.filters["scrapy.downloadermiddlewares.robotstxt"] = _NoNetworkTraceback()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls()
        ext.install()
        crawler.signals.connect(ext.uninstall, signal=signals.engine_stopped)
        return ext

    def install(self) -> None:
        for name, log_filter in self.filters.items():
            logging.getLogger(name).addFilter(log_filter)

    def uninstall(self) -> None:
        for name, log_filter in self.filters.items():
            logging.getLogger(name).removeFilter(log_filter)
