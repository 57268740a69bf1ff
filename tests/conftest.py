import pytest

from tests.corpus_helpers import build_corpus


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory):
    """The SQLite corpus of one replay crawl over fixtures/site (read it, do not change it)."""
    return build_corpus(tmp_path_factory.mktemp("corpus") / "corpus.sqlite")
