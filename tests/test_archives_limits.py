"""Each endpoint's pace and each archive's pauses, on a clock the tests move."""

import math

import pytest

from mali_news.archives.limits import MIN_FACTOR, ArchiveLimits, ArchiveState, Lane
from mali_news.archives.registry import Endpoint, commoncrawl, endpoint_for, wayback

ARCHIVE = wayback("https://web.archive.org/", 24, 60)
COMMONCRAWL = commoncrawl("https://index.commoncrawl.org", "https://data.commoncrawl.org/", 20, 60)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("url", "lane"), [
    ("https://web.archive.org/cdx/search/cdx?url=cnn.com/2013/", "wayback/index"),
    ("https://web.archive.org/web/20130125id_/http://edition.cnn.com/x", "wayback/captures"),
    ("https://web.archive.org/robots.txt", None),
    ("http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", None),
    ("https://web.archive.org.evil.example/web/2013/x", None),
    ("https://index.commoncrawl.org/CC-MAIN-2013-20-index?url=cnn.com/2013/", "commoncrawl/index"),
    ("https://data.commoncrawl.org/crawl-data/CC-MAIN-2013-20/segments/1/warc/x.warc.gz", "commoncrawl/data"),
    ("https://index.commoncrawl.org/collinfo.json", "commoncrawl/index"),
])
def test_each_address_belongs_to_its_endpoint(url, lane):
    found = endpoint_for(url, [ARCHIVE, COMMONCRAWL])
    assert (found.lane if found else None) == lane


def test_a_lane_lets_requests_go_at_its_pace_and_never_saves_up_a_burst():
    lane = Lane(ARCHIVE.endpoint("index"), concurrency=10)
    assert lane.interval == 2.5
    assert lane.wait(0.0) == 0
    lane.take(0.0, 1)
    assert lane.wait(1.0) == 1.5
    lane.take(2.5, 2)
    # Idle for a minute: the next request may go now, and the one after only 2.5 s later.
    lane.take(63.0, 3)
    assert lane.wait(63.0) == 2.5


def test_a_lane_holds_back_while_its_requests_wait_for_answers():
    lane = Lane(ARCHIVE.endpoint("captures"), concurrency=2, max_age=100)
    lane.take(0.0, 1)
    lane.take(1.0, 2)
    assert lane.wait(5.0) == math.inf
    lane.release(1)
    assert lane.wait(5.0) == 0
    # A token no answer ever gave back (a request dropped on the way) expires.
    lane.take(5.0, 3)
    assert lane.wait(50.0) == math.inf
    assert lane.wait(102.0) == 0


def test_a_pause_doubles_while_429s_keep_coming_and_resets_once_they_stop():
    state = ArchiveState(ARCHIVE, base=60, cap=300)
    assert state.pause(0.0, sent_at=-1.0, reason="HTTP 429")
    assert (state.paused_until, state.wait(30.0)) == (60.0, 30.0)
    # Sent before the pause began: that pause's news, not a new one.
    assert not state.pause(0.5, sent_at=-0.5, reason="HTTP 429")
    assert state.paused_until == 60.0
    # Right after the pause: 120 s, then 240, then the cap.
    assert state.pause(61.0, sent_at=60.5, reason="HTTP 429")
    assert state.length == 120
    assert state.pause(182.0, sent_at=181.5, reason="HTTP 429")
    assert state.length == 240
    assert state.pause(423.0, sent_at=422.5, reason="HTTP 429")
    assert state.length == 300
    # Long after the last pause ended: the first pause again.
    assert state.pause(2000.0, sent_at=1999.0, reason="HTTP 429")
    assert (state.length, state.strikes, state.pauses) == (60, 1, 5)


def test_retry_after_is_honoured_as_asked_longer_or_shorter_than_the_base():
    state = ArchiveState(ARCHIVE, base=60, cap=300)
    state.pause(0.0, sent_at=-1.0, reason="HTTP 503", retry_after=900)
    assert state.length == 900
    state = ArchiveState(ARCHIVE, base=60, cap=300)
    state.pause(0.0, sent_at=-1.0, reason="HTTP 429", retry_after=1)
    assert state.length == 1
    # Retry-After: 0 still waits a second: it is no licence to hammer.
    state.pause(500.0, sent_at=499.0, reason="HTTP 429", retry_after=0)
    assert state.length == 1


def test_a_lone_429_among_answered_requests_costs_what_it_asked_and_never_grows():
    state = ArchiveState(ARCHIVE, base=60, cap=960)
    for n in range(10):
        now = n * 5.0
        state.pause(now, sent_at=now - 0.5, reason="HTTP 429", retry_after=1)
        # Hundreds of requests answered between two sporadic 429s.
        for _ in range(200):
            state.answered()
        assert (state.length, state.strikes) == (1, 1)
    assert state.paused_seconds == 10


def test_strikes_count_only_the_first_requests_after_a_pause_and_a_clean_spell_forgets_them():
    state = ArchiveState(ARCHIVE, base=60, cap=960, clean=60, first=4)
    state.pause(0.0, sent_at=-1.0, reason="HTTP 429")
    # Three answered, then the fourth refused: still among the first after the pause.
    for _ in range(3):
        state.answered()
    state.pause(61.0, sent_at=60.5, reason="HTTP 429")
    assert (state.strikes, state.length) == (2, 120)
    # Four answered before the next 429: a new event, not a repeat.
    for _ in range(4):
        state.answered()
    state.pause(182.0, sent_at=181.5, reason="HTTP 429")
    assert (state.strikes, state.length) == (1, 60)
    # Refused at once after the pause, but only after a clean minute past its end: forgotten.
    state.pause(303.0, sent_at=302.0, reason="HTTP 429")
    assert state.strikes == 1


def test_a_slowed_lane_keeps_a_share_of_its_pace_and_climbs_back_after_clean_spells():
    lane = Lane(Endpoint("wayback", "captures", "http://a/web/", 60.0), clean=60.0)
    lane.slow(0.0)
    lane.slow(1.0)
    assert lane.per_minute == 15
    lane.take(2.0, 1)
    assert lane.next_at == 6.0  # 4 s apart, not 1
    for _ in range(5):
        lane.slow(3.0)
    assert lane.factor == MIN_FACTOR
    lane.take(70.0, 2)
    assert lane.factor == MIN_FACTOR * 2
    lane.take(131.0, 3)
    assert lane.factor == MIN_FACTOR * 4


def test_an_archive_out_of_reach_or_given_up_lets_nothing_go():
    state = ArchiveState(ARCHIVE)
    state.unreachable(10.0, "refused connections")
    assert state.wait(11.0) == math.inf
    state.reachable()
    assert state.wait(11.0) == 0
    state.gone = True
    assert state.wait(11.0) == math.inf


def test_an_archive_given_up_while_another_goes_on_lets_its_requests_go_to_be_handed_over():
    state = ArchiveState(COMMONCRAWL)
    state.unreachable(10.0, "refused connections")
    state.gone = state.handing_over = True
    assert state.wait(11.0) == 0


def test_limits_combine_the_lane_and_its_archive_and_leave_other_slots_alone():
    clock = Clock()
    limits = ArchiveLimits((ARCHIVE,), pause=60, clock=clock)
    assert limits.ready_in("edition.cnn.com") == 0
    assert limits.ready_in("wayback/index") == 0
    token, taken = limits.take("wayback/index")
    assert taken == clock.now
    assert limits.ready_in("wayback/index") == 2.5
    # A capture does not wait behind an index query.
    assert limits.ready_in("wayback/captures") == 0
    limits.states["wayback"].pause(clock.now, sent_at=clock.now, reason="HTTP 429")
    assert limits.ready_in("wayback/captures") == 60
    assert limits.ready_in("edition.cnn.com") == 0
    limits.release("wayback/index", token)
