"""The archives' clock a group of workers keeps in Redis (skipped without redis-server)."""

import pytest

from mali_news.archives.sharedlimits import MARGIN, SharedClockLost, SharedLimits, groups
from tests.redisserver import available, redis_server

pytestmark = [pytest.mark.redis, pytest.mark.skipif(bool(available()), reason=available() or "")]


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture
def crawl(request):
    return f"test-{request.node.name}"


class Clock:
    """The workers' one clock, moved on by the test instead of a sleep."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def moment():
    return Clock()


def clock(url: str, crawl: str, group: str = "office", **kwargs) -> SharedLimits:
    return SharedLimits.connect(url, crawl, group, **kwargs)


def test_the_workers_of_a_group_take_the_slots_of_one_pace_and_another_group_keeps_its_own(redis_url, crawl):
    one, two, elsewhere = clock(redis_url, crawl), clock(redis_url, crawl), clock(redis_url, crawl, "home")
    waits = [one.reserve("wayback/captures", 1.0)[0], two.reserve("wayback/captures", 1.0)[0],
             one.reserve("wayback/captures", 1.0)[0]]
    # One slot a second for the group (and the margin), whoever takes it (Redis's clock: a few
    # ms may pass).
    assert waits[0] == pytest.approx(0, abs=0.05)
    assert waits[1] == pytest.approx(MARGIN, abs=0.05) and waits[2] == pytest.approx(2 * MARGIN, abs=0.05)
    assert elsewhere.reserve("wayback/captures", 1.0)[0] == pytest.approx(0, abs=0.05)
    # Another endpoint has a pace of its own.
    assert one.reserve("wayback/index", 2.5)[0] == pytest.approx(0, abs=0.05)


def test_a_slot_taken_by_a_worker_that_died_holds_the_others_for_that_slot_only(redis_url, crawl, moment):
    dead, alive = clock(redis_url, crawl, clock=moment), clock(redis_url, crawl, clock=moment)
    dead.reserve("wayback/captures", 0.2)  # and never sends
    wait, _, _ = alive.reserve("wayback/captures", 0.2)
    assert wait <= 0.2 * MARGIN
    moment.advance(wait)  # the slot's own time
    assert alive.reserve("wayback/captures", 0.2)[0] <= 0.2 * MARGIN


def test_a_429_seen_by_one_worker_pauses_the_group_and_the_strikes_are_the_groups(redis_url, crawl, moment):
    one, two = (clock(redis_url, crawl, clean=60, clock=moment) for _ in range(2))
    sent = one.now()
    began, length, strikes = one.pause("wayback", sent, base=0.3, cap=10)
    assert (began, length, strikes) == (True, 0.3, 1)
    assert 0 < two.paused_for("wayback") <= 0.3
    # Sent before that pause began: the same news, no second pause.
    assert two.pause("wayback", sent - 0.01, base=0.3, cap=10)[0] is False
    moment.advance(0.35)
    assert two.paused_for("wayback") == 0
    # The first request after the pause, refused again by another worker: the group's second strike.
    assert two.pause("wayback", two.now(), base=0.3, cap=10) == (True, 0.6, 2)
    moment.advance(0.65)
    # Four answered, to any worker of the group: a 429 after them is news, not a repeat.
    for worker in (one, two, one, two):
        worker.answered("wayback")
    assert one.pause("wayback", one.now(), base=0.3, cap=10, retry_after=1) == (True, 1.0, 1)


def test_the_pace_slowed_for_the_group_climbs_back_after_a_clean_spell(redis_url, crawl, moment):
    one, two = (clock(redis_url, crawl, clean=0.3, clock=moment) for _ in range(2))
    assert one.slow("wayback/captures") == 0.5 and two.slow("wayback/captures") == 0.25
    assert two.reserve("wayback/captures", 1.0)[2] == 0.25
    # Four times the gap while slowed: the next slot is 4 s (and the margin) after this one.
    assert one.reserve("wayback/captures", 1.0)[0] == pytest.approx(4 * MARGIN, abs=0.05)
    moment.advance(0.35)
    assert one.pace("wayback/captures") == 0.25
    assert one.reserve("wayback/captures", 1.0)[2] == 0.5


def test_one_worker_probes_an_archive_out_of_reach_and_the_others_read_its_verdict(redis_url, crawl, moment):
    one, two = clock(redis_url, crawl, clock=moment), clock(redis_url, crawl, clock=moment)
    assert one.claim_probe("wayback", "w1", 5)
    assert not two.claim_probe("wayback", "w2", 5)
    # The prober keeps its claim as it goes on probing.
    assert one.claim_probe("wayback", "w1", 5)
    assert two.probing("wayback")
    one.release_probe("wayback", "back")
    assert not two.probing("wayback") and two.verdict("wayback") == "back"
    # A prober that died lets another take over once its claim runs out.
    assert two.claim_probe("commoncrawl", "w2", 0.2)
    moment.advance(0.3)
    assert one.claim_probe("commoncrawl", "w1", 5)


def test_the_groups_of_the_live_workers(redis_url, crawl):
    import redis

    clock(redis_url, crawl, "office").register("w1", 5)
    clock(redis_url, crawl, "office").register("w2", 5)
    clock(redis_url, crawl, "home").register("w3", 5)
    clock(redis_url, crawl, "gone").register("w4", -1)
    assert groups(redis.Redis.from_url(redis_url), crawl) == {"office": {"w1", "w2"}, "home": {"w3"}}


def test_redis_lost_is_one_error_naming_what_happened():
    with redis_server() as url:
        shared = clock(url, "lost")
        shared.reserve("wayback/captures", 1.0)
    with pytest.raises(SharedClockLost, match="ConnectionError"):
        shared.reserve("wayback/captures", 1.0)
