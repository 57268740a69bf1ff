"""Waiting on what a process or a shared crawl says happened: a line of output, a Redis key's change."""

import queue
import re
import threading
import time
from collections.abc import Callable
from typing import IO, Any

# A progress line's stored count: "Progress: 5 candidates found (3 stored, ...".
_STORED = re.compile(r"^.*Progress: \d+ candidates found \((\d+) stored", re.MULTILINE)


class Lines:
    """A process's output read line by line as it comes, by a thread of its own (so a pipe never
    fills), for a test to wait on the line that says what it waits for."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, matches: Callable[[str], bool], what: str, timeout: float = 120) -> str:
        """The first line from now on that matches; AssertionError when the output ends first."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise AssertionError(f"no line said {what} in {timeout:g} s") from None
            if line is None:
                self._queue.put(None)
                raise AssertionError(f"the output ended before a line said {what}:\n{''.join(self.lines)}")
            self.lines.append(line)
            if matches(line):
                return line

    def rest(self, timeout: float = 120) -> str:
        """Everything the process says until its output ends (it has exited)."""
        try:
            self.wait_for(lambda line: False, "nothing", timeout)
        except AssertionError as ended:
            if "ended before" not in str(ended):
                raise
        return "".join(self.lines)


def stored_at_least(count: int) -> Callable[[str], bool]:
    """A progress line (MALI_NEWS_PROGRESS_INTERVAL) that counts at least this many stored."""
    return lambda line: (found := _STORED.match(line)) is not None and int(found[1]) >= count


def on_change(client: Any, key: str, happened: Callable[[], bool], what: str, timeout: float = 60,
              alive: Callable[[], bool] = lambda: True) -> None:
    """Wait until happened() holds, asked again each time Redis says the key changed (keyspace
    notifications), never on a timer."""
    client.config_set("notify-keyspace-events", "KA")
    subscription = client.pubsub()
    subscription.subscribe(f"__keyspace@0__:{key}")
    deadline = time.monotonic() + timeout
    try:
        while not happened():
            assert alive(), f"the process ended before {what}"
            left = deadline - time.monotonic()
            assert left > 0, f"not {what} in {timeout:g} s"
            subscription.get_message(ignore_subscribe_messages=True, timeout=min(left, 1.0))
    finally:
        subscription.close()
