"""How fast each archive endpoint may be asked, and when an archive is paused or out of reach."""

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from mali_news.archives.registry import Archive, Endpoint, configured, endpoint_for
from mali_news.archives.sharedlimits import SharedLimits

NEVER = math.inf
# A lane slowed again and again keeps at least this share of its pace.
MIN_FACTOR = 1 / 8


class Lane:
    """One endpoint's pace: requests at least 60/per_minute seconds apart, and no more than
    `concurrency` of them waiting for an answer. A request takes a token when it is let go and
    gives it back when its answer (or failure) comes; a token never given back (a request some
    other middleware dropped on the way) expires after max_age seconds."""

    def __init__(self, endpoint: Endpoint, concurrency: int = 4, max_age: float = 600.0,
                 clean: float = 60.0) -> None:
        self.endpoint = endpoint
        self.interval = 60.0 / endpoint.per_minute
        self.concurrency = concurrency
        self.max_age = max_age
        # The share of its pace the lane keeps: halved each time the archive refuses the first
        # requests after a pause (the pace was still too fast), doubled back after each clean
        # spell of `clean` seconds.
        self.factor = 1.0
        self.clean = clean
        self.cut_at = -NEVER
        self.next_at = -NEVER
        self.in_flight: dict[int, float] = {}
        self.sent = 0
        # Requests of this lane waiting in the scheduler (kept by the priority queue).
        self.queued = 0

    def wait(self, now: float) -> float:
        """Seconds until a request may go (0: now; NEVER while `concurrency` are unanswered)."""
        for token, taken in list(self.in_flight.items()):
            if now - taken > self.max_age:
                del self.in_flight[token]
        if len(self.in_flight) >= self.concurrency:
            return NEVER
        return max(0.0, self.next_at - now)

    @property
    def per_minute(self) -> float:
        """The pace it keeps now."""
        return self.endpoint.per_minute * self.factor

    def slow(self, now: float) -> None:
        self.factor, self.cut_at = max(self.factor / 2, MIN_FACTOR), now

    def take(self, now: float, token: int) -> None:
        if self.factor < 1 and now - self.cut_at >= self.clean:
            self.factor, self.cut_at = min(1.0, self.factor * 2), now
        # From now, not from a time long past: an idle lane does not save up a burst.
        self.next_at = max(now, self.next_at) + self.interval / self.factor
        self.in_flight[token] = now
        self.sent += 1

    def release(self, token: int) -> None:
        self.in_flight.pop(token, None)


@dataclass
class ArchiveState:
    """Whether an archive may be asked now: paused after its own 429 or 503 for what it asked
    (Retry-After), else base seconds; the pause doubles, up to cap, only while the archive
    keeps refusing the first requests let go after one (the pace is still too fast), and
    that is forgotten after a clean spell of `clean` seconds. Out of reach while it is probed,
    or given up."""

    archive: Archive
    base: float = 60.0
    cap: float = 960.0
    clean: float = 60.0
    # How many requests answered after a pause make a 429 a new event, not a repeat.
    first: int = 4
    paused_at: float = -NEVER
    paused_until: float = -NEVER
    length: float = 0.0
    strikes: int = 0
    reason: str = ""
    pauses: int = 0
    paused_seconds: float = 0.0
    # Answers of the archive (not pauses) since the last pause began, and when the last came.
    answered_since: int = 0
    last_answer: float = -NEVER
    # Since when its index or captures have failed on connection with no answer between.
    failing_since: float | None = None
    unreachable_since: float | None = None
    # Why it is out of reach ("refused connections"), as a sentence goes on after the archive's name.
    failing: str = ""
    gone: bool = False
    # Given up while another archive goes on: its requests are let go at once, to be asked of
    # the next archive of their order (or left for the next run) instead of waiting for ever.
    handing_over: bool = False

    def wait(self, now: float) -> float:
        """Seconds until the archive may be asked (NEVER while it is probed or given up)."""
        if self.gone and self.handing_over:
            return 0.0
        if self.gone or self.unreachable_since is not None:
            return NEVER
        return max(0.0, self.paused_until - now)

    def answered(self, now: float = -NEVER) -> None:
        self.answered_since += 1
        self.last_answer = max(self.last_answer, now)

    def pause(self, now: float, sent_at: float, reason: str, retry_after: float | None = None) -> bool:
        """Pause for the archive's 429 or 503 to a request sent at sent_at; False when that
        request was sent before the current pause began (its answer is that pause's news)."""
        if sent_at < self.paused_at:
            return False
        # One of the first requests after the last pause refused again, within a clean spell of
        # its end: the archive is still pressed, and the pause doubles.
        repeated = (self.pauses > 0 and self.answered_since < self.first
                    and now < self.paused_until + self.clean)
        self.strikes = self.strikes + 1 if repeated else 1
        asked = self.base if retry_after is None else max(retry_after, min(1.0, self.base))
        self.begin(now, min(asked * 2 ** (self.strikes - 1), max(self.cap, asked)), self.strikes, reason)
        return True

    def begin(self, now: float, length: float, strikes: int, reason: str) -> None:
        """A pause of `length` seconds from now (this crawl's, or its group's in a shared crawl)."""
        self.paused_at, self.paused_until, self.length, self.strikes = now, now + length, length, strikes
        self.reason = reason
        self.pauses += 1
        self.paused_seconds += length
        self.answered_since = 0

    def unreachable(self, now: float, failing: str) -> None:
        if self.unreachable_since is None:
            self.unreachable_since = now
        self.failing = failing

    def reachable(self) -> None:
        self.unreachable_since = None


def wall_clock(moment: float, clock: Callable[[], float] = time.monotonic) -> str:
    """"14:05:03 UTC" for a moment of the monotonic clock."""
    return datetime.fromtimestamp(time.time() + moment - clock(), UTC).strftime("%H:%M:%S UTC")


@dataclass
class ArchiveLimits:
    """The crawl's lanes and archive states, shared by the priority queue (which lets a request
    go only when its lane and archive allow), the middleware that sees the archive's answers,
    and the progress line. `wake` asks the engine to look at the queue again after some seconds."""

    archives: tuple[Archive, ...] = ()
    concurrency: int = 4
    pause: float = 60.0
    pause_max: float = 960.0
    # A clean spell (no 429 or 503 from an archive) after which its strikes are forgotten and a
    # slowed lane climbs back: a minute, or the base pause where that is set shorter.
    clean: float = 60.0
    clock: Callable[[], float] = time.monotonic
    wake: Callable[[float], None] = lambda seconds: None
    # A shared crawl's group clock (MALI_NEWS_REDIS_URL): the pace, pauses and probing of each
    # archive kept in Redis for every worker of the group; None for a crawl of its own.
    shared: SharedLimits | None = None
    lanes: dict[str, Lane] = field(init=False)
    states: dict[str, ArchiveState] = field(init=False)
    _tokens: "itertools.count[int]" = field(init=False, default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.lanes = {e.lane: Lane(e, self.concurrency, clean=self.clean)
                      for a in self.archives for e in a.endpoints}
        self.states = {a.name: ArchiveState(a, self.pause, self.pause_max, self.clean, self.concurrency)
                       for a in self.archives}

    @classmethod
    def from_settings(cls, settings: Any, crawl: str = "cnn_mali", **kwargs: Any) -> "ArchiveLimits":
        """The settings' archives and limits; crawl names a shared crawl's keys in Redis."""
        if settings.get("MALI_NEWS_REPLAY"):
            # A replay reads files on disk: no archive is asked anything.
            return cls(**kwargs)
        pause = settings.getfloat("MALI_NEWS_ARCHIVE_PAUSE")
        clean = min(60.0, pause)
        shared = None
        if redis_url := settings.get("MALI_NEWS_REDIS_URL"):
            shared = SharedLimits.connect(redis_url, crawl, egress(settings), clean=clean)
        return cls(configured(settings), pause=pause, clean=clean,
                   pause_max=settings.getfloat("MALI_NEWS_ARCHIVE_PAUSE_MAX"), shared=shared, **kwargs)

    def endpoint_for(self, url: str) -> Endpoint | None:
        return endpoint_for(url, self.archives)

    def state(self, endpoint: Endpoint) -> ArchiveState:
        return self.states[endpoint.archive]

    def ready_in(self, lane: str) -> float:
        """Seconds until a request of this lane may go: 0 for any key that is no archive's."""
        found = self.lanes.get(lane)
        if found is None:
            return 0.0
        now = self.clock()
        return max(self.states[found.endpoint.archive].wait(now), found.wait(now))

    def take(self, lane: str) -> tuple[int, float]:
        """A token for one request of the lane, and the moment it was taken."""
        token, now = next(self._tokens), self.clock()
        self.lanes[lane].take(now, token)
        return token, now

    def release(self, lane: str, token: int) -> None:
        if lane in self.lanes:
            self.lanes[lane].release(token)


_CRAWLS: "WeakKeyDictionary[Any, ArchiveLimits]" = WeakKeyDictionary()


def egress(settings: Any) -> str:
    """The group of workers whose archive requests leave by one address (MALI_NEWS_EGRESS):
    they share each archive's pace; "shared" when none is named (the whole crawl is one group)."""
    return settings.get("MALI_NEWS_EGRESS") or "shared"


def pacing(limits: ArchiveLimits) -> str:
    """"; it paces the archives with group shared (the Wayback Machine's index 24/min, ...)",
    or "" for a crawl of its own or a replay."""
    if limits.shared is None or not limits.archives:
        return ""
    paces = ", ".join(f"{lane.endpoint.archive} {lane.endpoint.name} {lane.per_minute:g}/min"
                      for lane in limits.lanes.values())
    return f"; it paces the archives with group {limits.shared.group} ({paces}, for the whole group)"


def limits_of(crawler: Any) -> ArchiveLimits:
    """The crawl's one ArchiveLimits, made from its settings by the first component that asks."""
    found = _CRAWLS.get(crawler)
    if found is None:
        name = getattr(getattr(crawler, "spidercls", None), "name", None) or "cnn_mali"
        found = _CRAWLS[crawler] = ArchiveLimits.from_settings(crawler.settings, wake=_waker(crawler),
                                                               crawl=name)
    return found


def use_limits(crawler: Any, limits: ArchiveLimits) -> ArchiveLimits:
    """Give the crawl these limits (a test's, on a clock it moves) instead of its settings'."""
    _CRAWLS[crawler] = limits
    return limits


def _waker(crawler: Any) -> Callable[[float], None]:
    """A wake-up for the engine: after `seconds` it looks at the scheduler again. The engine's
    own heartbeat does it only every 5 seconds, far too seldom for a lane paced 2.5 s apart."""
    pending: list[Any] = []

    def poke() -> None:
        pending.clear()
        from mali_news.scrapyinternals import wake_engine

        wake_engine(crawler)

    def wake(seconds: float) -> None:
        from twisted.internet import reactor

        due = time.monotonic() + seconds
        if pending and pending[0][0] <= due + 0.001:
            return
        if pending:
            pending[0][1].cancel()
            pending.clear()
        pending.append((due, reactor.callLater(max(seconds, 0.0), poke)))  # type: ignore[attr-defined]

    return wake
