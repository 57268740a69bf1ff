"""One log line per failed fetch: the spider's, which names the URL and the reason."""

import logging
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler

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


class FailureLogExtension:
    def __init__(self) -> None:
        self.filters = {name: _Repeats(text) for name, text in REPEATS.items()}

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
