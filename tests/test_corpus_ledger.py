"""One ledger of a crawl: the counts by reason, and every report reading the same ones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mali_news.ledger import Ledger, counts, totals
from tests.corpus_helpers import assert_one_ledger
from tests.helpers import ROOT, SITE

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))


def test_the_ledger_reads_every_way_a_page_is_stored_dropped_or_failed():
    ledger = Ledger.of({
        "mali_news/articles/new": 5, "mali_news/articles/updated": 2, "mali_news/articles/unchanged": 1,
        "mali_news/articles/refreshed": 1, "mali_news/dropped/off_topic": 3,
        "mali_news/dropped/unparsable": 0, "mali_news/errors/http_404": 2,
        "mali_news/failed/no_memento": 1, "mali_news/store/failed/OperationalError": 1,
        "mali_news/wayback/skipped/archived_5xx": 2, "response_received_count": 20,
        "scheduler/enqueued": 9, "scheduler/dequeued": 7})
    assert (ledger.stored, ledger.unchanged, ledger.fetched, ledger.waiting) == (9, 2, 20, 2)
    assert ledger.dropped == {"off_topic": 3}  # a reason never met is not listed
    assert ledger.failed == {"http_404": 2, "no_memento": 1, "store: OperationalError": 1}
    assert ledger.skipped == {"archived_5xx": 2}
    assert ledger.columns()["items_dropped"] == 3


@pytest.mark.parametrize(("by_reason", "expected"), [
    ({}, "none"),
    ({"off_topic": 0}, "none"),
    ({"out_of_window": 1, "off_topic": 1, "unparsable": 4}, "4 unparsable, 1 off_topic, 1 out_of_window"),
])
def test_counts_most_frequent_first(by_reason, expected):
    assert counts(by_reason) == expected


def test_totals_of_a_crawl_runs_row():
    assert totals({"dropped": {"off_topic": 1, "out_of_window": 1}, "failed": {}}) == (
        "2 dropped (1 off_topic, 1 out_of_window), 0 failed")
    assert totals({"dropped": None, "failed": None}) == "0 dropped, 0 failed"


# A whole crawl: pytest -m "not slow" leaves it out.
@pytest.mark.slow
def test_the_sample_crawl_gives_one_set_of_numbers_everywhere(tmp_path):
    db = tmp_path / "sample.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALI_NEWS_")}
    result = subprocess.run(
        [MALI_NEWS, "crawl", "-s", f"MALI_NEWS_REPLAY={SITE}", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}",
         "-s", "MALI_NEWS_SUMMARY=true", "--log-file", str(tmp_path / "crawl.log")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    # The sample leaves a story out of the mirror, one off topic and one out of the window.
    assert "Dropped: 1 off_topic, 1 out_of_window" in result.stderr
    assert "Failed: 1 not_in_replay" in result.stderr
    assert assert_one_ledger(db, result.stderr, (tmp_path / "crawl.log").read_text()) == {
        "stored": 11, "dropped": 2, "failed": 1}
