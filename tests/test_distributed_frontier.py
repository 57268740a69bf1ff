"""The shared frontier's bookkeeping in Redis (skipped without redis-server)."""

import pytest

from mali_news.distributed.frontier import SharedFrontier

pytestmark = pytest.mark.redis


class Clock:
    """The frontier's clock, moved by the test: heartbeats expire without a sleep."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def frontier(redis_url, clock):
    return SharedFrontier(redis_url, "cnn_mali", heartbeat_ttl=45, clock=clock)


def test_seeds_are_taken_once_in_order(frontier):
    assert frontier.push_seeds(["http://a", "http://b"]) == 2
    assert frontier.pop_seeds(1) == ["http://a"]
    assert frontier.pop_seeds() == ["http://b"]
    assert frontier.pop_seeds() == []


def test_a_story_is_new_to_one_worker_only(frontier, redis_url):
    other = SharedFrontier(redis_url, "cnn_mali")
    assert frontier.first_time("https://www.cnn.com/x")
    assert not other.first_time("https://www.cnn.com/x")


def test_claims_of_a_silent_worker_become_orphans_and_are_taken_once(frontier, clock):
    frontier.beat("alive")
    frontier.beat("doomed")
    frontier.claim("https://www.cnn.com/a", "alive", "http://edition.cnn.com/a", {"mali_news_hops": 1})
    frontier.claim("https://www.cnn.com/b", "doomed", "http://edition.cnn.com/b", {"mali_news_hops": 2})
    assert frontier.orphans() == []
    assert frontier.busy_elsewhere("alive")
    clock.now += 46  # both heartbeats expire; only "alive" beats again
    frontier.beat("alive")
    (orphan,) = frontier.orphans()
    assert orphan[0] == "https://www.cnn.com/b"
    assert orphan[1]["url"] == "http://edition.cnn.com/b" and orphan[1]["meta"] == {"mali_news_hops": 2}
    assert frontier.take("https://www.cnn.com/b")
    assert not frontier.take("https://www.cnn.com/b")
    frontier.drop_claims_of("alive")
    assert not frontier.busy_elsewhere("other")


def test_fresh_start_forgets_the_last_crawl(frontier):
    frontier.first_time("https://www.cnn.com/x")
    frontier.push_seeds(["http://a"])
    frontier.reset()
    assert frontier.first_time("https://www.cnn.com/x")
    assert frontier.pop_seeds() == []
