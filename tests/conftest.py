import pytest

from tests import pgserver, redisserver
from tests.corpus_helpers import build_corpus


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory):
    """The SQLite corpus of one replay crawl over fixtures/site (read it, do not change it)."""
    return build_corpus(tmp_path_factory.mktemp("corpus") / "corpus.sqlite")


@pytest.fixture(scope="session")
def postgresql():
    """A PostgreSQL cluster on 127.0.0.1 (skips the test where PostgreSQL is not installed)."""
    reason = pgserver.available()
    if reason:
        pytest.skip(f"PostgreSQL: {reason}")
    with pgserver.postgresql_server() as cluster:
        yield cluster


@pytest.fixture
def redis_url():
    """A fresh redis-server on 127.0.0.1 (skips the test where Redis is not installed)."""
    reason = redisserver.available()
    if reason:
        pytest.skip(f"Redis: {reason}")
    with redisserver.redis_server() as url:
        yield url
