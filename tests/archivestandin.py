"""The Wayback Machine keeping its real rules on a scaled clock, and cnn.com re-serving the same world."""

import hashlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mali_news.archives.wayback import parse_timestamp
from mali_news.urls import canonical_url
from tests.archiveworld import Story, World
from tests.cdxserver import cdx_answer, surt
from tests.mockserver import QuietHandler, QuietServer, serve
from tests.recorded import load

# The recorded answer each shape of a story's first capture replays.
SHAPES = {
    "archived_301_same": "wayback_archived_301", "archived_301_front": "wayback_archived_301_path",
    "archived_404": "wayback_archived_404", "archived_429": "wayback_archived_429",
    "archived_500": "wayback_archived_500", "archived_503": "wayback_archived_503",
    "loop": "wayback_archived_303_loop",
}


@dataclass
class _Client:
    """What the archive keeps of one address: its requests of the last minute per endpoint, its
    last 429, since when it ignores them, its blocks."""

    windows: dict[str, deque[float]] = field(default_factory=lambda: {"index": deque(), "captures": deque()})
    last_429: float | None = None
    ignoring_since: float | None = None
    blocks: int = 0
    blocked_until: float = 0.0


@dataclass(frozen=True)
class Shape:
    """A capture that replays a recorded answer (target: where its redirect leads)."""

    recorded: str
    target: str = ""


def _other_host(url: str) -> str:
    """The same story under CNN's other news host (www. for edition., edition. for www.)."""
    host = urlsplit(url).hostname or ""
    other = "www.cnn.com" if host == "edition.cnn.com" else "edition.cnn.com"
    return url.replace(host, other, 1)


@dataclass(frozen=True)
class Rules:
    """The archive's rules, in real seconds, and how much faster than real time the clock runs.

    - index (CDX) queries: at most 24 a minute; captures: 60 a minute (rolling minute, every
      request counted, a 429 too); over that, 429 without Retry-After;
    - an address that goes on sending within a minute of a 429 for more than a minute is
      blocked at the firewall (connections refused) for an hour, doubled for each block after.
    """

    scale: float = 20.0
    index_per_minute: float = 24.0
    captures_per_minute: float = 60.0
    ignored_for: float = 60.0
    block: float = 3600.0

    def seconds(self, real: float) -> float:
        """The stand-in's seconds for that many real seconds."""
        return real / self.scale


@dataclass(frozen=True)
class Logged:
    at: float
    lane: str
    status: int
    path: str


@dataclass
class ArchiveStandIn:
    world: World
    rules: Rules = field(default_factory=Rules)
    log: list[Logged] = field(default_factory=list)
    # (start, end) of each time the archive refused connections: blocks and outages.
    refusals: list[tuple[float, float, str]] = field(default_factory=list)
    # The keys of stories the archive lost: it has no capture of them.
    lost: frozenset[str] = frozenset()
    # Story key -> the answer its first capture, made on the day it was published, recorded
    # (SHAPES): an archived error, a redirect, a loop. Its good captures come later (none for
    # a loop).
    shapes: dict[str, str] = field(default_factory=dict)
    # The share of captures that answer the archive's own 429 once, with Retry-After: 1 (an
    # everyday fault of a busy archive, not its rate limit).
    sporadic: float = 0.0
    # Keep the limits, and block, per client address (workers that leave by addresses of their
    # own), instead of for everyone who asks.
    per_address: bool = False

    def __post_init__(self) -> None:
        self.index = [row for row in self.world.index_rows() if canonical_url(row[2]) not in self.lost]
        for key, shape in self.shapes.items():
            self.index = [row for row in self.index if canonical_url(row[2]) != key or row[3] != "200"
                          or shape != "loop"]
            self.index += self._shaped(self.world.by_key[key], shape)
        if any(shape == "archived_301_same" for shape in self.shapes.values()):
            self.index = [self._moved(row) for row in self.index]
        self.index.sort(key=lambda row: (row[0], row[1]))
        self.captures: dict[str, list[tuple[str, str, object]]] = {}
        for key, stamp, original, status, story in self.index:
            if status == "200" or isinstance(story, Shape):
                self.captures.setdefault(key, []).append((stamp, original, story))
        self.sporadic_sent: set[str] = set()
        # Connections accepted and closed unanswered until then (an overloaded front end).
        self.dropping_until = 0.0
        self.dropped = 0
        self.lock = threading.Lock()
        self.clients: dict[str, _Client] = {}
        self.load_factor, self.load_until = 1.0, 0.0
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        # Set when the stand-in stops for good: an outage in progress ends with it.
        self.stopped = threading.Event()
        self.pending_outage: tuple[int, float, bool] | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    def _shaped(self, story: Story, shape: str) -> list[tuple[str, str, str, str, object]]:
        """The index rows of a story's first capture that meets shape (and of the login page
        its loop goes through)."""
        bad = f"{story.published:%Y%m%d}180000"
        recorded, target = SHAPES[shape], ""
        if shape == "archived_301_same":
            target = _other_host(story.url)
        elif shape == "archived_301_front":
            target = f"{story.url.split('/')[0]}//{story.url.split('/')[2]}/"
        elif shape == "loop":
            target = f"http://audience.cnn.com/services/cnn/login?redirect_uri={story.url}"
        rows = [(surt(story.url), bad, story.url, str(load(recorded).status), Shape(recorded, target))]
        if shape == "loop":
            back = f"{story.published:%Y%m%d}180500"
            rows.append((surt(target), back, target, "302",
                         Shape("wayback_archived_302_loop_back", story.url)))
        return rows

    def _moved(self, row: tuple[str, str, str, str, object]) -> tuple[str, str, str, str, object]:
        """A good capture of a story whose first capture redirected to its other host: under that host."""
        _, stamp, original, status, story = row
        if isinstance(story, Story) and self.shapes.get(story.key) == "archived_301_same" and status == "200":
            moved = _other_host(original)
            return surt(moved), stamp, moved, status, story
        return row

    def digest(self, row: tuple[str, str, str, str, object]) -> str:
        """A capture's content digest, as the index gives it: the same for identical captures."""
        _, stamp, _, _, story = row
        if story is None:
            return f"redirect-{stamp}"
        return hashlib.sha1(self.world.capture(story, stamp).encode()).hexdigest()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # The archive's moods.

    def load(self, factor: float, real_seconds: float) -> None:
        """Others press the archive: its limits are divided by factor for a while."""
        with self.lock:
            self.load_factor, self.load_until = factor, time.monotonic() + self.rules.seconds(real_seconds)

    def outage(self, real_seconds: float, after_requests: int = 0, drop: bool = False) -> None:
        """The archive is down: connections refused (or, with drop, accepted and closed
        unanswered) for that long, from now, or from when it has answered after_requests more
        requests of its endpoints."""
        if after_requests:
            self.pending_outage = (len(self.archive_requests()) + after_requests, real_seconds, drop)
            return
        if drop:
            start = time.monotonic()
            self.dropping_until = start + self.rules.seconds(real_seconds)
            self.refusals.append((start, self.dropping_until, "dropped"))
            return
        self._refuse(self.rules.seconds(real_seconds), "outage")

    def blocked(self) -> bool:
        return any(why == "block" for _, _, why in self.refusals)

    # Serving.

    def start(self) -> None:
        handler = type("Handler", (_Handler,), {"archive": self})
        self.server = _Server(("127.0.0.1", self.port), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self._close()

    def _close(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def _refuse(self, seconds: float, why: str) -> None:
        """Close the listening socket (connections refused), and open it again after seconds."""
        start = time.monotonic()
        self.refusals.append((start, start + seconds, why))

        def run() -> None:
            self._close()
            # The outage's length, or less when the stand-in stops during it.
            if not self.stopped.wait(max(start + seconds - time.monotonic(), 0)):
                self.start()

        threading.Thread(target=run, daemon=True).start()

    def admit(self, lane: str, address: str = "") -> int:
        """200, or 429 over the lane's limit; blocks the address that ignores 429s."""
        now = time.monotonic()
        minute = self.rules.seconds(60)
        client = self.clients.setdefault(address if self.per_address else "", _Client())
        window = client.windows[lane]
        while window and window[0] <= now - minute:
            window.popleft()
        per_minute = self.rules.index_per_minute if lane == "index" else self.rules.captures_per_minute
        if now < self.load_until:
            per_minute /= self.load_factor
        status = 429 if len(window) >= per_minute else 200
        window.append(now)
        ignoring = client.last_429 is not None and now - client.last_429 < minute
        if not ignoring:
            client.ignoring_since = None
        elif client.ignoring_since is None:
            client.ignoring_since = now
        elif now - client.ignoring_since > self.rules.seconds(self.rules.ignored_for):
            client.blocks += 1
            client.ignoring_since = None
            length = self.rules.seconds(self.rules.block * 2 ** (client.blocks - 1))
            if self.per_address:
                # That address alone: its connections are closed unanswered.
                client.blocked_until = now + length
                self.refusals.append((now, now + length, "block"))
            else:
                self._refuse(length, "block")
        if status == 429:
            client.last_429 = now
        return status

    def answer(self, path: str) -> tuple[int, dict[str, str], str]:
        parts = urlsplit(path)
        if parts.path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, "User-agent: *\nAllow: /\n"
        if parts.path == "/cdx/search/cdx":
            return 200, {"Content-Type": "application/json"}, cdx_answer(self.index, parse_qs(parts.query),
                                                                         self.digest)
        found = re.match(r"^/web/(\d{4,14})(id_)?/(.+)$", path)
        if not found:
            return 404, {}, "not found"
        stamp, flags, original = found.groups()
        rows = self.captures.get(surt(original), [])
        if not rows:
            status, headers, body = load("wayback_no_memento_404").replay(self.base_url)
            return status, dict(headers), body
        exact = [row for row in rows if row[0] == stamp]
        if not exact:
            asked = parse_timestamp(stamp)
            best = min(rows, key=lambda row: abs((parse_timestamp(row[0]) - asked).total_seconds()))
            status, headers, body = load("wayback_playback_redirect").replay(
                self.base_url, target=best[1], target_timestamp=best[0])
            # The recorded Location is absolute; this archive keeps the asked form (id_ or not).
            return status, {**dict(headers), "Location": f"/web/{best[0]}{flags or ''}/{best[1]}"}, body
        stamp, captured, payload = exact[0]
        if isinstance(payload, Shape):
            recorded = load(payload.recorded)
            status, headers, body = recorded.replay(self.base_url, stamp, captured, payload.target, stamp)
            return status, dict(headers), body
        _, headers, _ = load("wayback_memento_200").replay(self.base_url, stamp, captured)
        return 200, {**dict(headers), "Content-Type": "text/html; charset=utf-8"}, \
            self.world.capture(payload, stamp)  # type: ignore[arg-type]

    # What a test reads.

    def archive_requests(self) -> list[Logged]:
        return [entry for entry in self.log if entry.lane in ("index", "captures")]

    def requests_inside_pauses(self, pause_real: float, grace: float = 0.1) -> list[Logged]:
        """Requests that arrived after a 429 had been answered (grace seconds, for those already
        on the way) and before the shortest pause the client was told to keep had ended."""
        pause = self.rules.seconds(pause_real)
        answered = [e.at for e in self.log if e.status == 429]
        return [e for e in self.log for t in answered if t + grace < e.at < t + pause]


class _Server(QuietServer):
    allow_reuse_address = True


class _Handler(QuietHandler):
    archive: ArchiveStandIn

    def do_GET(self) -> None:
        archive = self.archive
        path = self.path
        lane = "index" if path.startswith("/cdx/") else "captures" if path.startswith("/web/") else "other"
        with archive.lock:
            drawn = int(hashlib.sha1(path.encode()).hexdigest()[:8], 16) % 10_000 / 10_000
            once = lane == "captures" and path not in archive.sporadic_sent and drawn < archive.sporadic
            if once:
                archive.sporadic_sent.add(path)
                archive.log.append(Logged(time.monotonic(), lane, 429, path))
        if once:
            status, headers, body = load("wayback_own_429").replay(archive.base_url)
            self.send_body(body, "text/html", 429, {"Retry-After": "1"})
            return
        address = self.client_address[0]
        with archive.lock:
            client = archive.clients.get(address if archive.per_address else "")
            if client is not None and time.monotonic() < client.blocked_until:
                self.close_connection = True
                return
            if time.monotonic() < archive.dropping_until and lane != "other":
                # The index and captures behind an overloaded front end: the connection closed
                # before a byte of an answer (its robots.txt, served in front, still answers).
                archive.dropped += 1
                self.close_connection = True
                return
            status = archive.admit(lane, address) if lane != "other" else 200
            archive.log.append(Logged(time.monotonic(), lane, status, path))
        if status == 429:
            status, headers, body = load("wayback_own_429").replay(archive.base_url)
            content_type = dict(headers).pop("Content-Type", "text/html")
            self.send_body(body, content_type, 429, {k: v for k, v in headers if k != "Content-Type"})
        else:
            status, headers, body = archive.answer(path)
            content_type = headers.pop("Content-Type", "text/html; charset=utf-8")
            self.send_body(body, content_type, status, headers)
        with archive.lock:
            due = archive.pending_outage
            if due and len(archive.archive_requests()) >= due[0]:
                archive.pending_outage = None
                archive.outage(due[1], drop=due[2])


class _LiveHandler(QuietHandler):
    """cnn.com today, as an HTTP proxy for its hosts: a blog host that no longer exists answers
    as a proxy does for a name it cannot resolve (502)."""

    world: World
    gone_hosts: frozenset[str]
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        host = urlsplit(self.path).hostname or ""
        if host in self.gone_hosts:
            self.send_body("cannot resolve host", "text/plain", 502)
            return
        status, headers, body = self.world.live(self.path)
        content_type = headers.pop("Content-Type", "text/html; charset=utf-8")
        self.send_body(body, content_type, status, headers)


@contextmanager
def standin(world: World, rules: Rules | None = None, lost: frozenset[str] = frozenset(),
            shapes: dict[str, str] | None = None, sporadic: float = 0.0,
            per_address: bool = False) -> Iterator[tuple[ArchiveStandIn, str, list[str]]]:
    """The archive (without the stories whose keys are in lost, with the first captures shapes
    names answering as recorded) and cnn.com for the world: yields the archive, cnn.com's proxy
    address and the list of requests cnn.com received."""
    archive = ArchiveStandIn(world, rules or Rules(), lost=lost, shapes=shapes or {}, sporadic=sporadic,
                             per_address=per_address)
    archive.start()
    gone = frozenset(s.url.split("/")[2] for s in world.stories if s.live == "no_host")
    requests: list[str] = []
    handler = type("Live", (_LiveHandler,), {"world": world, "gone_hosts": gone, "requests": requests})
    try:
        with serve(handler) as live:
            yield archive, live, requests
    finally:
        archive.stop()


def scaled_settings(scale: float, blocked_wait: float | None = None) -> list[str]:
    """-s options that run a crawl on the stand-in's clock: the archive's limits, its pause and
    wait, and the crawl's own delays and timeouts, all that much faster (blocked_wait: the
    crawl's wait in the stand-in's seconds, else an hour scaled)."""
    values = {
        "MALI_NEWS_WAYBACK_INDEX_PER_MINUTE": 24 * scale, "MALI_NEWS_WAYBACK_CAPTURES_PER_MINUTE": 60 * scale,
        "MALI_NEWS_COMMONCRAWL_INDEX_PER_MINUTE": 20 * scale,
        "MALI_NEWS_COMMONCRAWL_DATA_PER_MINUTE": 60 * scale,
        "MALI_NEWS_ARCHIVE_PAUSE": 60 / scale, "MALI_NEWS_ARCHIVE_PAUSE_MAX": 960 / scale,
        "MALI_NEWS_ARCHIVE_BLOCKED_WAIT": blocked_wait if blocked_wait is not None else 3600 / scale,
        "MALI_NEWS_ARCHIVE_INDEX_TIMEOUT": 90 / scale, "DOWNLOAD_TIMEOUT": max(30 / scale, 0.5),
        "MALI_NEWS_RETRY_BACKOFF": 2 / scale, "MALI_NEWS_RETRY_BACKOFF_MAX": 60 / scale,
        "MALI_NEWS_RETRY_AFTER_MAX": 3600 / scale, "DOWNLOAD_DELAY": 0.5 / scale,
        "AUTOTHROTTLE_START_DELAY": 1 / scale, "AUTOTHROTTLE_MAX_DELAY": 30 / scale,
        "MALI_NEWS_PROGRESS_INTERVAL": 60 / scale, "MALI_NEWS_FIND_BACKGROUND": 0,
    }
    return [option for name, value in values.items() for option in ("-s", f"{name}={value:g}")]


def crawl_world(archive: ArchiveStandIn, live: str, db: Path, scale: float, *args: str,
                blocked_wait: float | None = None) -> subprocess.CompletedProcess:
    """`mali-news crawl -a discover=archive -a depth=0` of the whole coverage, cnn.com through
    the live stand-in, the archive at the stand-in, on its clock."""
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    env.update(http_proxy=live, no_proxy="127.0.0.1")
    command = [str(Path(sys.executable).with_name("mali-news")), "crawl", "-a", "discover=archive",
               "-a", "depth=0", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}",
               "-s", f"MALI_NEWS_WAYBACK_URL={archive.base_url}", *scaled_settings(scale, blocked_wait),
               "--log-file", str(db.with_suffix(f".{len(list(db.parent.glob('*.log')))}.log")), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
