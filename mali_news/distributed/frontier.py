"""The crawl's shared frontier in Redis, for several workers: seeds, stories seen, and claims."""

import json
from collections.abc import Callable
from typing import Any

from mali_news.meta import ORIGINAL
from mali_news.urls import canonical_url


class SharedFrontier:
    """Keys are prefixed with the spider's name, like scrapy-redis's own queue and dupefilter.

    - <spider>:start_urls  list of URLs pushed by `mali-news seed`
    - <spider>:seen        set of canonical story URLs already requested by any worker
    - <spider>:claims      hash canonical URL -> the request a worker has taken and not finished
    - <spider>:worker:<n>  a worker's heartbeat, expiring when the worker stops beating
    """

    def __init__(self, url: str, spider: str, heartbeat_ttl: int = 15,
                 clock: Callable[[], float] | None = None) -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self.spider = spider
        self.heartbeat_ttl = heartbeat_ttl
        # The time a heartbeat is stamped with and judged by: the Redis server's, one clock for
        # every worker whatever their machines' clocks say (a test gives its own, not a sleep).
        self.clock = clock or self._server_time

    def _server_time(self) -> float:
        seconds, microseconds = self.redis.time()
        return seconds + microseconds / 1e6

    def key(self, name: str) -> str:
        return f"{self.spider}:{name}"

    def reset(self) -> None:
        """Forget the previous shared crawl: its queue, seen stories, duplicate filter and claims."""
        self.redis.delete(*(self.key(name) for name in
                            ("requests", "dupefilter", "seen", "claims", "start_urls")))

    def push_seeds(self, urls: list[str]) -> int:
        return self.redis.rpush(self.key("start_urls"), *urls) if urls else 0

    def pop_seeds(self, count: int = 16) -> list[str]:
        popped = self.redis.lpop(self.key("start_urls"), count) or []
        return [url.decode() for url in popped]

    def first_time(self, canonical: str) -> bool:
        """True for the first worker to ask about a story, False for every later one."""
        return bool(self.redis.sadd(self.key("seen"), canonical))

    def claim(self, canonical: str, worker: str, url: str, meta: dict[str, Any]) -> None:
        record = {"worker": worker, "url": url, "meta": meta, "at": self.clock()}
        self.redis.hset(self.key("claims"), canonical, json.dumps(record))

    def release_request(self, request: Any) -> None:
        """Release the claim on the page a request (followed through redirects) was for."""
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        self.release(canonical_url(request.meta.get(ORIGINAL) or first))

    def release(self, *canonicals: str) -> None:
        if canonicals:
            self.redis.hdel(self.key("claims"), *canonicals)

    def beat(self, worker: str) -> None:
        # Redis forgets the beat after the TTL; the stamp lets the clock judge it before that.
        self.redis.set(self.key(f"worker:{worker}"), str(self.clock()), ex=self.heartbeat_ttl)

    def _alive(self, worker: str) -> bool:
        """A heartbeat younger than the TTL on the clock."""
        stamp = self.redis.get(self.key(f"worker:{worker}"))
        return stamp is not None and self.clock() - float(stamp) < self.heartbeat_ttl

    def retire(self, worker: str) -> None:
        self.redis.delete(self.key(f"worker:{worker}"))

    def orphans(self) -> list[tuple[str, dict[str, Any]]]:
        """Claims whose worker stopped beating (it was killed): their requests were lost."""
        alive: dict[str, bool] = {}
        found = []
        for canonical, record in self._claims():
            worker = record["worker"]
            if worker not in alive:
                alive[worker] = self._alive(worker)
            if not alive[worker]:
                found.append((canonical, record))
        return found

    def claim_of(self, canonical: str) -> dict[str, Any] | None:
        """The claim on a page: who took it, its URL and what its request needs."""
        raw = self.redis.hget(self.key("claims"), canonical)
        return json.loads(raw) if raw else None

    def take(self, canonical: str) -> bool:
        """Remove a claim; True for the one worker that removed it (and so re-queues it)."""
        return bool(self.redis.hdel(self.key("claims"), canonical))

    def _claims(self) -> list[tuple[str, dict[str, Any]]]:
        return [(key.decode(), json.loads(raw))
                for key, raw in self.redis.hgetall(self.key("claims")).items()]

    def busy_elsewhere(self, worker: str) -> bool:
        """Requests still queued, seeds waiting, or another worker holding a page."""
        if self.redis.zcard(self.key("requests")) or self.redis.llen(self.key("start_urls")):
            return True
        return any(record["worker"] != worker for _, record in self._claims())

    def drop_claims_of(self, worker: str) -> None:
        """A worker that stops normally has finished every page it took."""
        self.release(*(key for key, record in self._claims() if record["worker"] == worker))
