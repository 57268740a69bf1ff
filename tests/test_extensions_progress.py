"""The progress line and the archive lines under it: time left, each endpoint's queue, pauses."""

import io
import logging
import time

import pytest

from mali_news.archives.limits import ArchiveLimits, Lane
from mali_news.archives.registry import commoncrawl, wayback
from mali_news.extensions.progress import (
    BAR_FORMAT,
    ProgressExtension,
    archive_lines,
    bar_parts,
    held_status,
    lane_status,
    progress_line,
    state_status,
    time_left,
)
from mali_news.ledger import Ledger

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
            return {"mali_news/candidates/found": 9, "mali_news/articles/new": 4,
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
    assert progress_line(Ledger.of({}), 0) == (
        "Progress: 0 candidates found (0 stored, 0 dropped, 0 failed); 0 pages fetched, "
        "0 requests waiting; none left at 0 pages/min")


def test_the_progress_line_counts_what_the_summary_counts():
    stats = {"mali_news/candidates/found": 3, "mali_news/articles/new": 11,
             "mali_news/dropped/off_topic": 1, "mali_news/dropped/out_of_window": 1,
             "mali_news/failed/not_in_replay": 1, "response_received_count": 16}
    assert progress_line(Ledger.of(stats), 0).startswith(
        "Progress: 3 candidates found (11 stored, 2 dropped, 1 failed); 16 pages fetched")


LEDGER = Ledger(new=1180, updated=7, dropped={"off_topic": 342, "out_of_window": 20},
                failed={"http_404": 12}, found=2045)


@pytest.mark.parametrize(("width", "counts", "rate"), [
    (160, "stored=1187 dropped=362 failed=12 found=2045", True),
    (120, "st=1187 dr=362 fa=12 fd=2045", True),
    (104, "s=1187 d=362 f=12 n=2045", True),
    (100, "s=1187 d=362 f=12 n=2045", False),
    (40, "s=1187 d=362 f=12 n=2045", False),
])
def test_the_bar_shortens_labels_then_drops_the_rate_never_a_count(width, counts, rate):
    description, shown, bar_format = bar_parts("the Wayback Machine paused until 14:05 UTC", LEDGER, width)
    assert shown == counts
    assert (bar_format == BAR_FORMAT) == rate
    # The title is cut to what is left; on the narrowest it goes.
    assert description == "" or description.startswith("the Way")


@pytest.mark.parametrize("width", [120, 80, 60])
def test_the_drawn_bar_fits_the_terminal_with_every_count(width):
    from tqdm import tqdm

    out = io.StringIO()
    description, counts, bar_format = bar_parts("the Wayback Machine paused until 14:05 UTC", LEDGER, width)
    bar = tqdm(total=12345, initial=1199, file=out, ncols=width, bar_format=bar_format, unit="page")
    bar.set_description_str(description, refresh=False)
    bar.set_postfix_str(counts)
    bar.close()
    line = out.getvalue().split("\r")[-1].rstrip("\n")
    assert len(line) <= width, line
    for value in ("1187", "362", "12", "2045"):
        assert f"={value}" in line
    assert ("page/s" in line) == (bar_format == BAR_FORMAT) == (width >= 104)


def test_under_cron_an_unchanged_crawl_writes_a_line_every_ten_minutes(caplog):
    stats = {"mali_news/articles/new": 4, "response_received_count": 30}

    class Stats:
        def get_stats(self) -> dict:
            return stats

    clock = Clock()
    clock.now = 100_000.0  # whole seconds: ten steps of 60 are exactly 600 later
    limits = ArchiveLimits((ARCHIVE,), clock=clock)
    limits.lanes["wayback/index"].queued = 48
    limits.states["wayback"].unreachable(clock.now, "refused connections")
    extension = ProgressExtension(Stats(), 60, False, limits, quiet=600, clock=clock)
    written = []
    with caplog.at_level(logging.INFO, logger="mali_news.extensions.progress"):
        for minute in range(31):  # the archive out of reach for half an hour, nothing moving
            if minute == 12:
                stats["mali_news/failed/no_memento"] = 1
            extension.log()
            written += [minute] * sum(r.getMessage().startswith("Progress:") for r in caplog.records)
            caplog.clear()
            clock.now += 60
        extension.log(final=True)
    assert written == [0, 10, 12, 22]
    assert caplog.records[0].getMessage().startswith(
        "Progress: 0 candidates found (4 stored, 0 dropped, 1 failed)")
