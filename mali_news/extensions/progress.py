"""Progress a person can follow: a log line a minute, and a progress bar on a terminal."""

import logging
import re
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from twisted.internet import task

from mali_news.archives.limits import ArchiveLimits, ArchiveState, Lane, limits_of, wall_clock
from mali_news.ledger import Ledger

logger = logging.getLogger(__name__)


class _AboveBar(logging.Handler):
    """A console handler's lines, written above the progress bar (tqdm.write) instead of through
    it, at the handler's own level and through its own filters and format."""

    def __init__(self, wrapped: logging.StreamHandler) -> None:  # type: ignore[type-arg]
        super().__init__(wrapped.level)
        self.wrapped = wrapped
        self.setFormatter(wrapped.formatter)
        self.filters = list(wrapped.filters)

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        try:
            tqdm.write(self.format(record), file=self.wrapped.stream)
        except Exception:
            self.handleError(record)


@contextmanager
def log_above_bar() -> Iterator[None]:
    """Console log lines above the bar, at the level the crawl was given (tqdm's own redirect
    drops the handler's level, so DEBUG lines and item dumps flooded the terminal)."""
    root = logging.getLogger()
    swapped = [(h, _AboveBar(h)) for h in root.handlers
               if type(h) is logging.StreamHandler]  # files keep their handler
    for old, new in swapped:
        root.removeHandler(old)
        root.addHandler(new)
    try:
        yield
    finally:
        for old, new in swapped:
            root.removeHandler(new)
            root.addHandler(old)


def time_left(waiting: int, per_minute: float) -> str:
    """"about 2 h 05 min" for the requests waiting at the current rate; "unknown" at none."""
    if waiting == 0:
        return "none"
    if per_minute <= 0:
        return "unknown"
    minutes = round(waiting / per_minute)
    if minutes == 0:
        return "under a minute"
    return f"about {minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"about {minutes} min"


def progress_line(now: Ledger, per_minute: float) -> str:
    return (f"Progress: {now.found} candidates found ({now.stored} stored, {now.dropped_total} dropped, "
            f"{now.failed_total} failed); {now.fetched} pages fetched, {now.waiting} requests waiting; "
            f"{time_left(now.waiting, per_minute)} left at {per_minute:.0f} pages/min")


# The bar's own parts: "100%|", a bar of at least 10, "| 1234/5678 [12:34<1:02:03, ", "]"; the
# rate (", 12.5page/s") only where it fits.
BAR_FORMAT_NO_RATE = "{desc}{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}{postfix}]"
BAR_FORMAT = BAR_FORMAT_NO_RATE.replace("{postfix}", ", {rate_fmt}{postfix}")
_FIXED = len("100%|") + 10 + len("| 12345/12345 [12:34<1:02:03, ]")
_RATE = len("123.45page/s, ")
# The description keeps this much before the labels are shortened ("the Wayback Mach…").
_DESCRIPTION = 16
# The counts' labels, shortened step by step on a narrow terminal; the counts are never cut.
_LABELS = (("stored", "dropped", "failed", "found"), ("st", "dr", "fa", "fd"), ("s", "d", "f", "n"))


def bar_parts(description: str, now: Ledger, width: int) -> tuple[str, str, str]:
    """The bar's description, counts and format for a terminal width columns wide: the labels
    shorten, then the rate goes, then the description is cut, before any count would be."""
    values = (now.stored, now.dropped_total, now.failed_total, now.found)
    choices = [(labels, True) for labels in _LABELS] + [(_LABELS[-1], False)]
    for labels, rate in choices:
        counts = " ".join(f"{label}={value}" for label, value in zip(labels, values, strict=True))
        fixed = _FIXED + (_RATE if rate else 0)
        if fixed + len(counts) + min(len(description), _DESCRIPTION) + 2 <= width:
            break
    room = width - fixed - len(counts) - 2
    if len(description) > room:
        description = description[:max(room - 1, 0)] + "…" if room > 1 else ""
    return (f"{description}: " if description else ""), counts, BAR_FORMAT if rate else BAR_FORMAT_NO_RATE


def lane_status(lane: Lane) -> str:
    """"index: 40 waiting, about 2 min at 24/min" for one endpoint of an archive (its pace now:
    slowed after repeated refusals)."""
    pace = f"{lane.per_minute:g}/min"
    if lane.queued == 0:
        return f"{lane.endpoint.name}: none waiting ({pace})"
    left = time_left(lane.queued, lane.per_minute)
    return f"{lane.endpoint.name}: {lane.queued} waiting, {left} at {pace}"


def state_status(state: ArchiveState, now: float, clock: Any = time.monotonic) -> str:
    """What keeps the archive from being asked now, or how often it paused so far."""
    if state.gone:
        return f"given up: it {state.failing}"
    if state.unreachable_since is not None:
        minutes = (now - state.unreachable_since) / 60
        return f"out of reach for {minutes:.0f} min ({state.failing}); being probed"
    plural = "s" if state.pauses != 1 else ""
    so_far = f"{state.pauses} pause{plural} so far, {state.paused_seconds / 60:.0f} min in all"
    if state.paused_until > now:
        return f"paused until {wall_clock(state.paused_until, clock)} after {state.reason} ({so_far})"
    return so_far if state.pauses else "never paused"


def held_status(state: ArchiveState, now: float, clock: Any = time.monotonic) -> str:
    """A few words for the bar on why the archive is not asked: "the Wayback Machine paused until ..."."""
    if state.gone:
        return f"{state.archive.title} given up"
    if state.unreachable_since is not None:
        return f"{state.archive.title} out of reach"
    return f"{state.archive.title} paused until {wall_clock(state.paused_until, clock)}"


def archive_lines(limits: ArchiveLimits) -> list[str]:
    """One line per archive the crawl asks: each endpoint's queue and time left at its limit,
    and whether the archive is paused or out of reach."""
    now = limits.clock()
    lines = []
    for archive in limits.archives:
        state = limits.states[archive.name]
        if not (state.gone or state.wait(now) or any(
                limits.lanes[e.lane].sent or limits.lanes[e.lane].queued for e in archive.endpoints)):
            continue  # an archive this crawl has not asked
        lanes = [lane_status(limits.lanes[e.lane]) for e in archive.endpoints]
        # In a shared crawl the paces are the group's, shared with its other workers.
        group = f" (group {limits.shared.group}'s pace)" if limits.shared is not None else ""
        lines.append(f"{archive.heading}{group}: {'; '.join(lanes)}; "
                     f"{state_status(limits.states[archive.name], now, limits.clock)}")
    return lines


# What an archive line says that moves with the clock alone: the time left, how long out of reach.
_STEADY = re.compile(r"(about|under) [^;]*? at |(?<=out of reach) for \d+ min")


class ProgressExtension:
    """Every MALI_NEWS_PROGRESS_INTERVAL seconds the log says what was found, stored, dropped
    and failed, and the time left at the current rate, then a line per archive with the time left
    at its limits and any pause. With MALI_NEWS_PROGRESS_BAR (set by
    mali-news crawl on a terminal) a tqdm bar shows the same; under cron it stays off."""

    def __init__(self, stats: StatsCollector, interval: float, bar: bool,
                 limits: ArchiveLimits | None = None, file: Any = None, width: int = 0,
                 quiet: float = 600.0, clock: Any = time.monotonic) -> None:
        self.stats = stats
        self.quiet = quiet
        self.clock = clock
        self.logged: Any = None
        self.logged_at = 0.0
        # Where the bar is drawn and how wide (the terminal's stderr and width unless given).
        self.file = file
        self.width = width
        self.limits = limits or ArchiveLimits()
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
                  settings.getbool("MALI_NEWS_PROGRESS_BAR"), limits_of(crawler),
                  quiet=settings.getfloat("MALI_NEWS_PROGRESS_QUIET"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.last = (time.monotonic(), 0)
        if self.interval > 0:
            self._loop(self.log, self.interval)
        if self.bar_wanted:
            from tqdm import tqdm

            self.bar = self.stack.enter_context(tqdm(total=0, unit="page", leave=True, file=self.file,
                                                     bar_format=BAR_FORMAT))
            self.stack.enter_context(log_above_bar())
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

    def log(self, final: bool = False) -> None:
        """The progress line and the archive lines, when something changed since the last ones,
        or every MALI_NEWS_PROGRESS_QUIET seconds when nothing did (a cron log of a crawl waiting
        out an archive is not a wall of identical lines); always when the crawl ends."""
        progress = Ledger.of(self.stats.get_stats())
        lines = archive_lines(self.limits)
        # The figures without the rate and time left, which move even when nothing happens.
        state = (progress, tuple(_STEADY.sub("", line) for line in lines))
        now = self.clock()
        if not final and state == self.logged and now - self.logged_at < self.quiet:
            return
        self.logged, self.logged_at = state, now
        logger.info("%s", progress_line(progress, self.rate(progress.fetched)))
        for line in lines:
            logger.info("%s", line)

    def refresh(self) -> None:
        import shutil

        progress = Ledger.of(self.stats.get_stats())
        self.bar.total = progress.fetched + progress.waiting
        self.bar.n = progress.fetched
        # A paused or unreachable archive is why the bar stands still: say so on the bar.
        now = self.limits.clock()
        held = [held_status(state, now, self.limits.clock)
                for state in self.limits.states.values() if state.wait(now) > 0]
        width = self.width or shutil.get_terminal_size().columns
        description, counts, self.bar.bar_format = bar_parts("; ".join(held) or "mali-news", progress, width)
        self.bar.ncols = width
        self.bar.set_description_str(description, refresh=False)
        self.bar.set_postfix_str(counts, refresh=False)
        self.bar.refresh()

    def spider_closed(self) -> None:
        for loop in self.loops:
            if loop.running:
                loop.stop()
        if self.interval > 0:
            self.log(final=True)  # the crawl's last figures, the summary's own
        if self.bar is not None:
            self.refresh()
        self.stack.close()
