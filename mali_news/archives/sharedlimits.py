"""Each archive's pace, pauses and reach kept in Redis for the workers that share an address."""

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# Every time is Redis's own (TIME), in milliseconds: the workers' clocks never need to agree. The
# last argument of every script is the moment to take for now instead, -1 for Redis's (a test's
# clock moves it on rather than sleeping).
_NOW = """local now = tonumber(ARGV[#ARGV])
if now < 0 then local t = redis.call('TIME') now = t[1] * 1000 + math.floor(t[2] / 1000) end
"""

# The next free slot of a lane: the caller may send at `at` (its wait: at - now). The lane's pace
# (KEYS[2]: factor, cut_at) is halved by slow() and doubles back after each clean spell. A
# worker killed after taking a slot wastes that slot only: nothing is held across a request.
_RESERVE = _NOW + """
local interval = tonumber(ARGV[1]) local clean = tonumber(ARGV[2])
local factor = tonumber(redis.call('HGET', KEYS[2], 'factor') or '1')
local cut_at = tonumber(redis.call('HGET', KEYS[2], 'cut_at') or '0')
if factor < 1 and now - cut_at >= clean then
  factor = math.min(1, factor * 2)
  redis.call('HSET', KEYS[2], 'factor', factor, 'cut_at', now)
end
local gap = math.floor(interval / factor)
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], at + gap, 'PX', at + gap - now + 60000)
return {at - now, at, tostring(factor)}
"""

_SLOW = _NOW + """
local factor = tonumber(redis.call('HGET', KEYS[1], 'factor') or '1')
factor = math.max(factor / 2, tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'factor', factor, 'cut_at', now)
redis.call('PEXPIRE', KEYS[1], 3600000)
return tostring(factor)
"""

# The group's pause after the archive's own 429 or 503 to a request sent at ARGV[1]: as
# ArchiveState.pause, with the strikes and the answers since the last pause counted for the
# whole group. Returns {1 if a new pause began, its length, strikes, ms left of the pause}.
_PAUSE = _NOW + """
local sent = tonumber(ARGV[1]) local base = tonumber(ARGV[2]) local cap = tonumber(ARGV[3])
local clean = tonumber(ARGV[4]) local first = tonumber(ARGV[5]) local asked = tonumber(ARGV[6])
local s = redis.call('HMGET', KEYS[1], 'paused_at', 'paused_until', 'strikes', 'answered', 'pauses')
local paused_at = tonumber(s[1] or '-1') local paused_until = tonumber(s[2] or '-1')
local strikes = tonumber(s[3] or '0') local answered = tonumber(s[4] or '0')
local pauses = tonumber(s[5] or '0')
if sent < paused_at then
  return {0, 0, strikes, math.max(0, paused_until - now)}
end
if pauses > 0 and answered < first and now < paused_until + clean then
  strikes = strikes + 1
else
  strikes = 1
end
if asked < 0 then asked = base end
local length = math.min(asked * 2 ^ (strikes - 1), math.max(cap, asked))
redis.call('HSET', KEYS[1], 'paused_at', now, 'paused_until', now + length, 'strikes', strikes,
           'answered', 0, 'pauses', pauses + 1)
redis.call('PEXPIRE', KEYS[1], length + clean + 3600000)
return {1, length, strikes, length}
"""

_PAUSED_FOR = _NOW + """
local paused_until = tonumber(redis.call('HGET', KEYS[1], 'paused_until') or '-1')
return math.max(0, paused_until - now)
"""

# The worker ARGV[1] probes the archive for ARGV[2] ms more, unless another worker's claim has
# not run out: 1 if it is the prober. A prober killed while probing hands on when its claim ends.
_CLAIM_PROBE = _NOW + """
local holder = redis.call('HGET', KEYS[1], 'worker')
local until_ = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if holder and holder ~= ARGV[1] and until_ > now then return 0 end
redis.call('HSET', KEYS[1], 'worker', ARGV[1], 'until', now + tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 3600000)
return 1
"""

_PROBING = _NOW + """
return tonumber(redis.call('HGET', KEYS[1], 'until') or '0') > now and 1 or 0
"""


# The group's slots are kept this much further apart than the limit allows: Redis hands them out
# to the millisecond, and a slot taken at the very edge of the archive's rolling minute, or a
# request sent a little late after the one before it, would be one too many in that minute.
MARGIN = 1.05


class SharedClockLost(RuntimeError):
    """Redis stopped answering: the shared pace can no longer be kept."""


class SharedLimits:
    """The archives' clock of one group of workers (MALI_NEWS_EGRESS: the workers behind one
    address) in a shared crawl: the next free slot of each endpoint, the pause after the
    archive's own 429 or 503 (its strikes counted for the whole group), the endpoint's pace,
    and which worker probes an archive found out of reach. Workers with their own addresses
    name their own groups, and add their paces."""

    def __init__(self, client: Any, crawl: str, group: str, clean: float = 60.0, first: int = 4,
                 min_factor: float = 1 / 8, clock: Callable[[], float] | None = None) -> None:
        # redis is the distributed extra's: imported only by a shared crawl.
        import redis

        self.errors = (redis.RedisError,)
        self.client = client
        self.group = group
        self.prefix = f"mali_news:{crawl}:clock:{group}"
        self.clean_ms = int(clean * 1000)
        self.first = first
        self.min_factor = min_factor
        self._reserve = client.register_script(_RESERVE)
        self._slow = client.register_script(_SLOW)
        self._pause = client.register_script(_PAUSE)
        self._paused_for = client.register_script(_PAUSED_FOR)
        self._claim_probe = client.register_script(_CLAIM_PROBE)
        self._probing = client.register_script(_PROBING)
        # The moment, in seconds, every judgement takes for now: Redis's own when None.
        self.clock = clock

    def _now_ms(self) -> int:
        """The scripts' last argument: the clock's moment, or -1 for Redis's TIME."""
        return int(self.clock() * 1000) if self.clock is not None else -1

    @classmethod
    def connect(cls, url: str, crawl: str, group: str, **kwargs: Any) -> "SharedLimits":
        import redis

        client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=10)
        return cls(client, crawl, group, **kwargs)

    def _key(self, kind: str, name: str) -> str:
        return f"{self.prefix}:{kind}:{name}"

    def _call(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except self.errors as exc:
            raise SharedClockLost(f"{type(exc).__name__}: {exc}") from exc

    def now(self) -> float:
        """The clock's time (Redis's), in seconds."""
        if self.clock is not None:
            return self.clock()
        seconds, micros = self._call(self.client.time)
        return seconds + micros / 1e6

    def reserve(self, lane: str, interval: float) -> tuple[float, float, float]:
        """The group's next slot of the lane, `interval` seconds after the one before at full
        pace: (seconds to wait for it, its moment in Redis's seconds, the lane's share of its
        pace)."""
        wait, at, factor = self._call(lambda: self._reserve(
            keys=[self._key("slot", lane), self._key("pace", lane)],
            args=[int(interval * MARGIN * 1000), self.clean_ms, self._now_ms()]))
        return int(wait) / 1000, int(at) / 1000, float(factor)

    def slow(self, lane: str) -> float:
        """Halve the lane's pace for the group (the first requests after a pause were refused)."""
        return float(self._call(lambda: self._slow(keys=[self._key("pace", lane)],
                                                   args=[self.min_factor, self._now_ms()])))

    def pace(self, lane: str) -> float:
        found = self._call(lambda: self.client.hget(self._key("pace", lane), "factor"))
        return float(found) if found is not None else 1.0

    def pause(self, archive: str, sent_at: float, base: float, cap: float,
              retry_after: float | None = None) -> tuple[bool, float, int]:
        """The group's pause for the archive's own 429 or 503 to a request sent at sent_at
        (Redis's seconds): (whether a new pause began, its length in seconds, the strikes)."""
        asked = -1 if retry_after is None else int(max(retry_after, min(1.0, base)) * 1000)
        began, length, strikes, _ = self._call(lambda: self._pause(
            keys=[self._key("state", archive)],
            args=[int(sent_at * 1000), int(base * 1000), int(cap * 1000), self.clean_ms, self.first, asked,
                  self._now_ms()]))
        return bool(began), int(length) / 1000, int(strikes)

    def paused_for(self, archive: str) -> float:
        """Seconds until the group's pause of the archive ends (0: not paused)."""
        return int(self._call(lambda: self._paused_for(keys=[self._key("state", archive)],
                                                       args=[self._now_ms()]))) / 1000

    def answered(self, archive: str) -> None:
        self._call(lambda: self.client.hincrby(self._key("state", archive), "answered", 1))

    def claim_probe(self, archive: str, worker: str, seconds: float) -> bool:
        """Whether this worker is the one that probes the archive (for the next `seconds`; a
        worker killed while probing hands the task on when they run out)."""
        return bool(self._call(lambda: self._claim_probe(
            keys=[self._key("probe", archive)], args=[worker, int(seconds * 1000), self._now_ms()])))

    def probing(self, archive: str) -> bool:
        key = self._key("probe", archive)
        return bool(self._call(lambda: self._probing(keys=[key], args=[self._now_ms()])))

    def release_probe(self, archive: str, verdict: str) -> None:
        """The probe's verdict ("back", "gone") for the workers that waited for it."""
        def release() -> None:
            with self.client.pipeline() as pipe:
                pipe.set(self._key("verdict", archive), verdict, px=24 * 3600 * 1000)
                pipe.delete(self._key("probe", archive))
                pipe.execute()
        self._call(release)

    def verdict(self, archive: str) -> str:
        found = self._call(lambda: self.client.get(self._key("verdict", archive)))
        return found.decode() if found else ""

    def register(self, worker: str, seconds: float) -> None:
        """This worker paces with this group (for `harvest --plan` and the progress lines)."""
        key = f"{self.prefix.rsplit(':clock:', 1)[0]}:groups"
        self._call(lambda: self.client.zadd(key, {f"{self.group}\t{worker}": self.now() + seconds}))


def groups(client: Any, crawl: str) -> dict[str, set[str]]:
    """The groups of the workers alive in a shared crawl, and their workers."""
    key = f"mali_news:{crawl}:groups"
    seconds, micros = client.time()
    client.zremrangebyscore(key, "-inf", seconds + micros / 1e6)
    found: dict[str, set[str]] = {}
    for member in client.zrange(key, 0, -1):
        group, _, worker = member.decode().partition("\t")
        found.setdefault(group, set()).add(worker)
    return found
