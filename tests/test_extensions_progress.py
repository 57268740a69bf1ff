"""The progress line and the archive lines under it: time left, each endpoint's queue, pauses."""

import logging
import time

import pytest

from mali_news.archives import commoncrawl, wayback
from mali_news.extensions.progress import (
    Progress,
    ProgressExtension,
    archive_lines,
    held_status,
    lane_status,
    progress_line,
    state_status,
    time_left,
)
from mali_news.limits import ArchiveLimits, Lane

ARCHIVE = wayback("https://web.archive.org/", 24, 60)


class Clock:
    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("waiting", "per_minute", "expected"), [
    (0, 24, "none"),
    (12, 24, "under a minute"),
    (48, 24, "about 2 min"),
    (1500, 24, "about 1 h 02 min"),
    (10, 0, "unknown"),
])
def test_time_left(waiting, per_minute, expected):
    assert time_left(waiting, per_minute) == expected


@pytest.mark.parametrize(("queued", "expected"), [
    (0, "index: none waiting (24/min)"),
    (120, "index: 120 waiting, about 5 min at 24/min"),
])
def test_a_lane_says_its_queue_and_the_time_left_at_its_limit(queued, expected):
    lane = Lane(ARCHIVE.endpoint("index"))
    lane.queued = queued
    assert lane_status(lane) == expected


def test_an_archive_says_whether_it_is_paused_out_of_reach_or_given_up():
    clock = Clock()
    limits = ArchiveLimits((ARCHIVE,), clock=clock)
    state = limits.states["wayback"]
    assert state_status(state, clock.now, clock) == "never paused"
    state.pause(clock.now, clock.now, "HTTP 429 from its index")
    paused = state_status(state, clock.now, clock)
    assert paused.startswith("paused until ") and paused.endswith(
        " UTC after HTTP 429 from its index (1 pause so far, 1 min in all)")
    assert held_status(state, clock.now, clock).startswith("the Wayback Machine paused until ")
    clock.now += 61
    assert state_status(state, clock.now, clock) == "1 pause so far, 1 min in all"
    state.unreachable(clock.now, "refused connections")
    clock.now += 300
    assert state_status(state, clock.now, clock) == (
        "out of reach for 5 min (refused connections); being probed")
    assert held_status(state, clock.now, clock) == "the Wayback Machine out of reach"
    state.gone = True
    assert state_status(state, clock.now, clock) == "given up: it refused connections"


def test_one_line_per_archive_with_both_endpoints():
    clock = Clock()
    limits = ArchiveLimits((ARCHIVE,), clock=clock)
    limits.lanes["wayback/index"].queued = 48
    limits.lanes["wayback/captures"].queued = 30
    assert archive_lines(limits) == [
        "The Wayback Machine: index: 48 waiting, about 2 min at 24/min; "
        "captures: 30 waiting, under a minute at 60/min; never paused"]
    assert archive_lines(ArchiveLimits()) == []


def test_the_log_gives_the_progress_line_then_the_archive_lines(caplog):
    class Stats:
        def get_stats(self) -> dict:
            return {"mali_news/candidates/found": 9, "mali_news/candidates/stored": 4,
                    "response_received_count": 30, "scheduler/enqueued": 50, "scheduler/dequeued": 30}

    limits = ArchiveLimits((ARCHIVE, commoncrawl("http://cc-index", "http://cc-data", 20, 60)), clock=Clock())
    limits.lanes["wayback/index"].sent = 3
    extension = ProgressExtension(Stats(), 60, False, limits)
    with caplog.at_level(logging.INFO, logger="mali_news.extensions.progress"):
        extension.log()
    # Common Crawl, never asked, has no line.
    first, second = [r.getMessage() for r in caplog.records]
    assert first.startswith("Progress: 9 candidates found (4 stored, 0 dropped, 0 failed); "
                            "30 pages fetched, 20 requests waiting; ")
    assert second.startswith("The Wayback Machine: index: none waiting (24/min)")
    assert progress_line(Progress.of({}), 0) == (
        "Progress: 0 candidates found (0 stored, 0 dropped, 0 failed); 0 pages fetched, "
        "0 requests waiting; none left at 0 pages/min")
