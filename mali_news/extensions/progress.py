"""Progress a person can follow: a log line a minute, and a progress bar on a terminal."""

import logging
import time
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from twisted.internet import task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """What the crawl has done, read from its stats."""

    found: int
    stored: int
    dropped: int
    failed: int
    fetched: int
    waiting: int

    @classmethod
    def of(cls, stats: dict[str, Any]) -> "Progress":
        def n(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        return cls(found=n("mali_news/candidates/found"), stored=n("mali_news/candidates/stored"),
                   dropped=n("mali_news/candidates/dropped"), failed=n("mali_news/candidates/failed"),
                   fetched=n("response_received_count"),
                   waiting=max(n("scheduler/enqueued") - n("scheduler/dequeued"), 0))


def time_left(waiting: int, per_minute: float) -> str:
    """"about 2 h 05 min" for the requests waiting at the current rate; "unknown" at none."""
    if waiting == 0:
        return "none"
    if per_minute <= 0:
        return "unknown"
    minutes = round(waiting / per_minute)
    return f"about {minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"about {minutes} min"


def progress_line(now: Progress, per_minute: float) -> str:
    return (f"Progress: {now.found} candidates found ({now.stored} stored, {now.dropped} dropped, "
            f"{now.failed} failed); {now.fetched} pages fetched, {now.waiting} requests waiting; "
            f"{time_left(now.waiting, per_minute)} left at {per_minute:.0f} pages/min")


class ProgressExtension:
    """Every MALI_NEWS_PROGRESS_INTERVAL seconds the log says what was found, stored, dropped
    and failed, and the time left at the current rate. With MALI_NEWS_PROGRESS_BAR (set by
    mali-news crawl on a terminal) a tqdm bar shows the same; under cron it stays off."""

    def __init__(self, stats: StatsCollector, interval: float, bar: bool) -> None:
        self.stats = stats
        self.interval = interval
        self.bar_wanted = bar
        self.bar: Any = None
        self.loops: list[task.LoopingCall] = []
        self.stack = ExitStack()
        self.last: tuple[float, int] = (time.monotonic(), 0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        ext = cls(crawler.stats, settings.getfloat("MALI_NEWS_PROGRESS_INTERVAL"),
                  settings.getbool("MALI_NEWS_PROGRESS_BAR"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.last = (time.monotonic(), 0)
        if self.interval > 0:
            self._loop(self.log, self.interval)
        if self.bar_wanted:
            from tqdm import tqdm
            from tqdm.contrib.logging import logging_redirect_tqdm

            self.bar = self.stack.enter_context(tqdm(total=0, unit="page", desc="mali-news", leave=True))
            # Log lines go above the bar instead of through it.
            self.stack.enter_context(logging_redirect_tqdm())
            self._loop(self.refresh, 1.0)

    def _loop(self, function: Any, seconds: float) -> None:
        loop = task.LoopingCall(function)
        loop.start(seconds, now=False)
        self.loops.append(loop)

    def rate(self, fetched: int) -> float:
        """Pages a minute since the last progress line."""
        now = time.monotonic()
        since, before = self.last
        self.last = (now, fetched)
        return (fetched - before) * 60 / (now - since) if now > since else 0.0

    def log(self) -> None:
        progress = Progress.of(self.stats.get_stats())
        logger.info("%s", progress_line(progress, self.rate(progress.fetched)))

    def refresh(self) -> None:
        progress = Progress.of(self.stats.get_stats())
        self.bar.total = progress.fetched + progress.waiting
        self.bar.n = progress.fetched
        self.bar.set_postfix(found=progress.found, stored=progress.stored, dropped=progress.dropped,
                             failed=progress.failed, refresh=False)
        self.bar.refresh()

    def spider_closed(self) -> None:
        for loop in self.loops:
            if loop.running:
                loop.stop()
        if self.bar is not None:
            self.refresh()
        self.stack.close()
