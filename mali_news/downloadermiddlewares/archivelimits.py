"""Keep to each archive's limits: a 429 or 503 pauses it all; out of reach, it is probed or given up."""

import logging
import math
import socket
from collections.abc import Callable
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro, deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

from mali_news.archives.handover import next_archive
from mali_news.archives.limits import ArchiveLimits, ArchiveState, limits_of, wall_clock
from mali_news.archives.mementos import is_memento
from mali_news.archives.pqueues import to_lane
from mali_news.archives.registry import TITLES, Endpoint
from mali_news.archives.sharedlimits import SharedClockLost
from mali_news.downloadermiddlewares.retry import retry_after_seconds
from mali_news.errors import LEFT, REDIS_LOST, connection_reason
from mali_news.meta import FAILURE, LANE_TAKEN_AT, LANE_TOKEN, PROBE
from mali_news.scrapyinternals import engine_closing
from mali_news.signals import archive_paused

logger = logging.getLogger(__name__)

PAUSING_STATUSES = frozenset({429, 503})
# Seconds an archive is probed, when nothing at all has answered the crawl yet, before the crawl
# takes the network to be down and ends (status 4) instead of waiting out an outage.
NO_NETWORK_LOOK = 10.0
# When a request of a shared crawl took its group's slot, in Redis's seconds (its pause is
# news only if it was sent after the group's current pause began).
SENT_AT = "mali_news_lane_sent_at"

# What a log line says an archive did, by the connection failure met.
FAILING = {"connection_refused": "refused connections", "timeout": "did not answer in time",
           "connection_lost": "dropped connections", "connection_failed": "could not be connected to",
           "dns_failure": "could not be found (DNS)"}


class ArchiveLimitsMiddleware:
    """Closest to the downloader. A request of an archive's endpoint goes only with a token of
    its lane (the paced queue hands them out; a request that came another way waits for one
    here). The archive's own 429 or 503 (no Memento-Datetime: a memento's is the page's answer)
    pauses the whole archive for its Retry-After, else MALI_NEWS_ARCHIVE_PAUSE, doubled up to
    MALI_NEWS_ARCHIVE_PAUSE_MAX and the endpoint's pace halved only while the first requests after
    a pause are refused too; the request goes back to the queue, as do requests let go just
    before a pause began: none is a retry.
    A refused, dropped or timed-out connection has the archive probed (one small request, at
    once, then at growing intervals) for up to MALI_NEWS_ARCHIVE_BLOCKED_WAIT seconds: if it
    answers at once, the failure was the request's own and is retried as usual; if it comes back
    later, the requests that failed meanwhile go back to the queue; if it never does, the crawl
    ends ("archive_unreachable") and what is left stays for the next run."""

    def __init__(self, crawler: Crawler, limits: ArchiveLimits, blocked_wait: float,
                 retry_after_max: float = 3600.0, bind_address: str = "") -> None:
        self.crawler = crawler
        # The local address an archive's requests leave from (MALI_NEWS_BIND_ADDRESS).
        self.bind_address = bind_address
        self.limits = limits
        self.stats = crawler.stats
        self.blocked_wait = blocked_wait
        self.retry_after_max = retry_after_max
        # An archive being probed -> the requests waiting for the verdict.
        self.checks: dict[str, list[Deferred[str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        limits = limits_of(crawler)
        if not limits.archives:
            raise NotConfigured("MALI_NEWS_REPLAY is set: no archive is asked anything")
        settings = crawler.settings
        return cls(crawler, limits, settings.getfloat("MALI_NEWS_ARCHIVE_BLOCKED_WAIT"),
                   settings.getfloat("MALI_NEWS_RETRY_AFTER_MAX"), settings.get("MALI_NEWS_BIND_ADDRESS"))

    def _count(self, endpoint: Endpoint, key: str, n: float = 1) -> None:
        self.stats.inc_value(f"mali_news/archive/{endpoint.archive}/{key}", n)

    async def process_request(self, request: Request) -> Request | None:
        if request.meta.get(PROBE) or (lane := to_lane(self.limits, request)) is None:
            return None
        endpoint = self.limits.lanes[lane].endpoint
        if self.limits.state(endpoint).gone:
            return self._leave(request, endpoint)
        if LANE_TOKEN not in request.meta:
            # Not through the paced queue (a shared crawl's scheduler): wait for a turn here.
            while (wait := self.limits.ready_in(lane)) > 0:
                await self._sleep(min(wait, 1.0))
                if self._closing():
                    raise IgnoreRequest(f"the crawl closed while {request.url} waited for its turn")
            if self.limits.shared is not None:
                await self._group_turn(request, lane, endpoint)
            request.meta[LANE_TOKEN], request.meta[LANE_TAKEN_AT] = self.limits.take(lane)
        elif self.limits.state(endpoint).wait(self.limits.clock()) > 0:
            # Let go just before a pause began: it waits it out in the queue, unsent.
            self._release(request)
            return self._requeue(request, endpoint)
        self._count(endpoint, f"{endpoint.name}/requests")
        if self.bind_address:
            request.meta["bindaddress"] = (self.bind_address, 0)
        return None

    async def _group_turn(self, request: Request, lane: str, endpoint: Endpoint) -> None:
        """Wait for the group's next slot of the lane, and for any pause of the archive that a
        worker of the group met (a pause that began while waiting for the slot is waited out,
        and a new slot taken)."""
        shared = self.limits.shared
        assert shared is not None
        try:
            while True:
                if (paused := shared.paused_for(endpoint.archive)) > 0:
                    await self._sleep(paused)
                else:
                    wait, at, _ = shared.reserve(lane, self.limits.lanes[lane].interval)
                    await self._sleep(wait)
                    if shared.paused_for(endpoint.archive) <= 0:
                        request.meta[SENT_AT] = at
                        return
                if self._closing():
                    raise IgnoreRequest(f"the crawl closed while {request.url} waited for its turn")
        except SharedClockLost as exc:
            raise self._lost(request, exc) from None

    def _lost(self, request: Request, exc: SharedClockLost) -> IgnoreRequest:
        """Redis is gone: this worker stops rather than keep the archives' pace alone."""
        if not self.crawler.stats.get_value("mali_news/worker/redis_lost"):
            self.crawler.stats.set_value("mali_news/worker/redis_lost", str(exc))
            logger.error("The shared crawl's Redis stopped answering (%s): this worker stops rather than "
                         "pace the archives alone", exc)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=REDIS_LOST))
        request.meta[FAILURE] = LEFT
        return IgnoreRequest(f"{request.url} left: the shared crawl's Redis stopped answering")

    def _release(self, request: Request) -> None:
        token = request.meta.pop(LANE_TOKEN, None)
        if token is not None:
            self.limits.release(request.meta.get("download_slot", ""), token)

    def _requeue(self, request: Request, endpoint: Endpoint) -> Request:
        self._count(endpoint, "requeued")
        meta = {k: v for k, v in request.meta.items() if k not in (LANE_TOKEN, LANE_TAKEN_AT)}
        # The same address again: past the duplicate filter, and not counted as a retry.
        return request.replace(meta=meta, dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        endpoint = self.limits.endpoint_for(request.url)
        if endpoint is None:
            return response
        sent_at = request.meta.get(LANE_TAKEN_AT, -math.inf)
        self._release(request)
        state = self.limits.state(endpoint)
        try:
            # A memento's 429 or 503 is the page's answer from then, not the archive's limit.
            memento = is_memento(response.headers)
            if response.status not in PAUSING_STATUSES or request.meta.get(PROBE) or memento:
                state.answered(self.limits.clock())
                if self.limits.shared is not None and not request.meta.get(PROBE):
                    self.limits.shared.answered(endpoint.archive)
                return response
            state.last_answer = max(state.last_answer, self.limits.clock())
            self._pause(endpoint, request, response, sent_at)
        except SharedClockLost as exc:
            raise self._lost(request, exc) from None
        return self._requeue(request, endpoint)

    def _pause(self, endpoint: Endpoint, request: Request, response: Response, sent_at: float) -> None:
        state = self.limits.state(endpoint)
        self._count(endpoint, f"http_{response.status}")
        retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
        if retry_after is not None:
            retry_after = min(retry_after, self.retry_after_max)
        reason = f"HTTP {response.status} from its {endpoint.name}"
        if (shared := self.limits.shared) is not None:
            # The group's pause: its strikes are the whole group's, and every worker keeps it.
            sent = request.meta.get(SENT_AT, shared.now())
            began, length, strikes = shared.pause(endpoint.archive, sent, state.base, state.cap, retry_after)
            if not began:
                return
            state.begin(self.limits.clock(), length, strikes, reason)
        elif not state.pause(self.limits.clock(), sent_at, reason, retry_after):
            return
        self._count(endpoint, "pauses")
        self._count(endpoint, "paused_seconds", round(state.length, 3))
        self.stats.max_value(f"mali_news/archive/{endpoint.archive}/longest_pause", round(state.length, 3))
        doubled = ""
        if state.strikes > 1:
            # The first requests after a pause were refused: the pace itself is too fast.
            lane = self.limits.lanes[endpoint.lane]
            lane.slow(self.limits.clock())
            if shared is not None:
                lane.factor = shared.slow(endpoint.lane)
            self._count(endpoint, f"{endpoint.name}/slowed")
            doubled = (f", doubled {state.strikes - 1} times: they keep coming; its {endpoint.name} "
                       f"slowed to {lane.per_minute:g}/min")
        logger.warning("%s answered %s to %s: nothing goes to it for %.0f s, until %s (pause %d%s)",
                       state.archive.heading, response.status, request.url, state.length,
                       wall_clock(state.paused_until, self.limits.clock), state.pauses, doubled)
        self.crawler.signals.send_catch_log(archive_paused, archive=endpoint.archive,
                                            until=state.paused_until)
        self.limits.wake(state.length)

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        endpoint = self.limits.endpoint_for(request.url)
        if endpoint is None:
            return None
        self._release(request)
        reason = connection_reason(exception)
        if request.meta.get(PROBE) or reason is None:
            return None
        state = self.limits.state(endpoint)
        sent_at = request.meta.get(LANE_TAKEN_AT, -math.inf)
        verdict = await self._check(state, reason)
        if verdict == "answers":
            if state.last_answer >= sent_at:
                return None  # the archive answered others meanwhile: this failure is the request's own
            # A probe answers, yet nothing of its index or captures has since this request went
            # (a front end that drops what it cannot serve): waited out like an outage.
            return self._wait_out(request, endpoint, reason, sent_at)
        if verdict == "back":
            return self._requeue(request, endpoint)
        return self._leave(request, endpoint)

    def _wait_out(self, request: Request, endpoint: Endpoint, reason: str, sent_at: float) -> Request:
        """The request back in the queue behind a pause of the archive; the archive given up once
        its requests have failed so for MALI_NEWS_ARCHIVE_BLOCKED_WAIT seconds."""
        state = self.limits.state(endpoint)
        now = self.limits.clock()
        if state.failing_since is None or state.failing_since < state.last_answer:
            state.failing_since = now
        self._count(endpoint, f"{endpoint.name}/{reason}")
        if now - state.failing_since >= self.blocked_wait:
            state.unreachable(state.failing_since, FAILING.get(reason, reason))
            self._give_up(state, now - state.failing_since)
            return self._leave(request, endpoint)
        if state.pause(now, sent_at, f"{FAILING.get(reason, reason)} by its {endpoint.name}"):
            self._count(endpoint, "pauses")
            self._count(endpoint, "paused_seconds", round(state.length, 3))
            logger.warning("%s answers, but %s to %s: nothing goes to it for %.0f s, until %s",
                           state.archive.heading, FAILING.get(reason, reason), request.url, state.length,
                           wall_clock(state.paused_until, self.limits.clock))
            self.crawler.signals.send_catch_log(archive_paused, archive=endpoint.archive,
                                                until=state.paused_until)
            self.limits.wake(state.length)
        return self._requeue(request, endpoint)

    def _leave(self, request: Request, endpoint: Endpoint) -> Request:
        """A request of an archive given up: asked of its next archive, else left for the next run."""
        self._release(request)
        title = self.limits.state(endpoint).archive.title
        other = next_archive(request, self.stats, "unreachable", f"{title} is out of reach")
        if other is not None:
            return other
        self._count(endpoint, "left")
        request.meta[FAILURE] = LEFT
        raise IgnoreRequest(f"{request.url} left for the next run: {title} is out of reach")

    async def _check(self, state: ArchiveState, reason: str) -> str:
        """"answers", "back" (after being out of reach), "gone" or "stopped" (the crawl closed):
        one probing at a time per archive, every failed request waiting for its verdict."""
        name = state.archive.name
        if state.gone:
            return "gone"
        if name in self.checks:
            waiting: Deferred[str] = Deferred()
            self.checks[name].append(waiting)
            return await deferred_to_future(waiting)
        self.checks[name] = []
        try:
            verdict = await self._group_check(state, reason)
        finally:
            waiters = self.checks.pop(name, [])
        for waiting in waiters:
            waiting.callback(verdict)
        return verdict

    async def _group_check(self, state: ArchiveState, reason: str) -> str:
        """In a shared crawl one worker of the group probes the archive and the others wait for
        its verdict; a crawl of its own probes it itself."""
        shared = self.limits.shared
        if shared is None:
            return await self._probe_until_back(state, reason)
        name, worker = state.archive.name, self._worker()
        hold = self.limits.pause_max + 60
        try:
            if not shared.claim_probe(name, worker, hold):
                return await self._await_probe(state)
            verdict = await self._probe_until_back(state, reason,
                                                   lambda: shared.claim_probe(name, worker, hold))
            shared.release_probe(name, "gone" if verdict == "gone" else "back")
            return verdict
        except SharedClockLost as exc:
            self._lost(Request(state.archive.probe_url), exc)
            return "stopped"

    async def _await_probe(self, state: ArchiveState) -> str:
        """Another worker of the group probes the archive: its requests wait for the verdict."""
        shared = self.limits.shared
        assert shared is not None
        name, started = state.archive.name, self.limits.clock()
        self.stats.inc_value(f"mali_news/archive/{name}/probed_by_another_worker")
        while shared.probing(name):
            state.unreachable(started, state.failing or "being probed by another worker")
            await self._sleep(1.0)
            if self._closing():
                return "stopped"
        if shared.verdict(name) == "gone":
            return self._give_up(state, self.limits.clock() - started)
        state.reachable()
        self.limits.wake(0)
        return "back"

    def _worker(self) -> str:
        return getattr(self.crawler.spider, "worker", "") or socket.gethostname()

    async def _probe_until_back(self, state: ArchiveState, reason: str,
                                still_mine: Callable[[], bool] = lambda: True) -> str:
        clock, archive = self.limits.clock, state.archive
        started = clock()
        deadline, delay, probes = started + self.blocked_wait, 0.0, 0
        state.unreachable(started, FAILING.get(reason, reason))
        self.crawler.signals.send_catch_log(archive_paused, archive=archive.name, until=math.inf)
        while True:
            if delay:
                await self._sleep(min(delay, max(deadline - clock(), 0.0)))
            if self._closing():
                return "stopped"
            probes += 1
            # A shared crawl's prober keeps its claim alive while it probes.
            still_mine()
            self.stats.inc_value(f"mali_news/archive/{archive.name}/probes")
            failed = await self._probe(archive.probe_url)
            if failed:
                reason = failed
                state.unreachable(clock(), FAILING.get(failed, failed))
            else:
                state.reachable()
                self.limits.wake(0)
                if probes == 1:
                    return "answers"
                logger.warning("%s answers again after %.0f s out of reach; the crawl goes on",
                               archive.heading, clock() - started)
                return "back"
            if probes == 1:
                self.stats.inc_value(f"mali_news/archive/{archive.name}/unreachable")
            # Nothing has answered this crawl at all, no host, no archive: no network (or a
            # proxy, or DNS, that refuses everything). A short look, not the outage's wait.
            silent = not self.stats.get_value("response_received_count", 0)
            looked = clock() - started >= min(NO_NETWORK_LOOK, self.blocked_wait)
            if clock() >= deadline or (silent and looked):
                return self._give_up(state, clock() - started)
            delay = self.limits.pause if delay == 0 else min(delay * 2, self.limits.pause_max)
            if silent:
                delay = min(delay, NO_NETWORK_LOOK / 3)
            logger.warning("%s %s (%s): nothing goes to it; probing it again in %.0f s, until %s at the "
                           "latest", archive.heading, state.failing, reason,
                           min(delay, max(deadline - clock(), 0.0)), wall_clock(deadline, clock))

    async def _probe(self, url: str) -> str:
        """"" when the archive answers one small request at all (any HTTP status), else why not."""
        probe = Request(url, dont_filter=True, meta={
            PROBE: True, "dont_retry": True, "dont_redirect": True, "dont_obey_robotstxt": True})
        try:
            await self.crawler.engine.download_async(probe)
        except Exception as exc:
            return connection_reason(exc) or type(exc).__name__
        return ""

    def _give_up(self, state: ArchiveState, seconds: float) -> str:
        state.gone = True
        name = state.archive.name
        self.stats.set_value(f"mali_news/archive/{name}/gave_up_after", round(seconds))
        self.stats.set_value(f"mali_news/archive/{name}/gave_up_because", state.failing)
        # With nothing answering at all, no other archive would do better: the crawl ends now.
        others = self._others(name) if self.stats.get_value("response_received_count", 0) else []
        if others:
            # Only this archive's work stops: its pages are asked of the others, and the crawl
            # ends incomplete (ARCHIVE_UNREACHABLE) when the rest is done.
            state.handing_over = True
            self.limits.wake(0)
            logger.error("%s %s for %.0f min: giving it up; its pages are asked of %s, and what "
                         "none can give stays for the next run", state.archive.heading, state.failing,
                         seconds / 60, " and ".join(TITLES.get(o, o) for o in others))
            return "gone"
        logger.error("%s %s for %.0f min: giving up; what is left stays for the next run",
                     state.archive.heading, state.failing, seconds / 60)
        # Not awaited: the engine's close waits for the requests that wait for this verdict.
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=LEFT))
        return "gone"

    def _others(self, name: str) -> list[str]:
        """The archives, other than this one and not given up, that the crawl reads pages from
        (-a source) or has asked anything: they go on without it."""
        args = getattr(self.crawler.spider, "args", None)
        named = set(getattr(args, "archives", ()) or ())
        asked = {lane.endpoint.archive for lane in self.limits.lanes.values() if lane.sent or lane.queued}
        return [archive.name for archive in self.limits.archives
                if archive.name != name and archive.name in named | asked
                and not self.limits.states[archive.name].gone]

    def _closing(self) -> bool:
        return engine_closing(self.crawler)

    async def _sleep(self, seconds: float) -> None:
        """Sleep, waking each second to see whether the crawl is closing."""
        from twisted.internet import reactor

        end = self.limits.clock() + seconds
        while (left := end - self.limits.clock()) > 0 and not self._closing():
            await deferred_to_future(deferLater(reactor, min(left, 1.0), lambda: None))
