"""The one way a crawl is run and answered: outcomes, the summary, the chatty loggers kept quiet."""

import logging
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from mali_news.running import (
    CHATTY_ON_A_TERMINAL,
    ExitStatus,
    outcome,
    quiet_for_a_terminal,
    summary,
    without_empty_corpus,
)
from tests.helpers import ROOT, SITE


def test_a_replay_that_held_nothing_is_not_the_networks_fault():
    stats = {"finish_reason": "finished", "response_received_count": 0, "mali_news/replay/missing": 3}
    assert outcome(stats, replay="/data/mirror") == (
        ExitStatus.NOTHING_FETCHED,
        "the replay /data/mirror held none of the pages asked for (3 missing); "
        "is it the right folder or WARC?")
    assert outcome(stats)[1].endswith("is the network up?")


def test_an_archive_given_up_makes_the_run_incomplete_even_when_the_other_delivered():
    stats = {"finish_reason": "finished", "response_received_count": 40,
             "mali_news/archive/wayback/gave_up_after": 3600,
             "mali_news/archive/wayback/gave_up_because": "refused connections",
             "mali_news/archive/wayback/handed_over/unreachable": 12, "mali_news/candidates/left": 2}
    assert outcome(stats) == (
        ExitStatus.ARCHIVE_UNREACHABLE,
        "The Wayback Machine refused connections for 1 h (12 pages asked of another archive "
        "instead): 2 candidates and 0 index pages left for the next run")
    del stats["mali_news/archive/wayback/gave_up_after"]
    assert outcome(stats, seeds=False)[0] == ExitStatus.OK


def test_the_summary_says_what_was_stored_left_out_and_what_next():
    stats = {"mali_news/articles/new": 9, "mali_news/articles/updated": 1, "mali_news/articles/unchanged": 2,
             "response_received_count": 30, "mali_news/dropped/off_topic": 4,
             "mali_news/dropped/out_of_window": 1, "mali_news/errors/http_404": 2,
             "log_count/WARNING": 3}
    assert summary(stats, "/srv/mali.sqlite", ExitStatus.OK).splitlines() == [
        "Stored: 9 new, 1 updated, 2 unchanged (30 pages fetched)",
        "Dropped: 4 off_topic, 1 out_of_window",
        "Failed: 2 http_404",
        "Log: 3 warnings, 0 errors",
        "Corpus: /srv/mali.sqlite",
        "Next: mali-news stats --db /srv/mali.sqlite; mali-news coverage --db /srv/mali.sqlite",
    ]
    assert summary({}, "c.sqlite", ExitStatus.INTERRUPTED).endswith(
        "Next: run the same command again; it continues where this one stopped")


def test_the_summary_names_each_skipped_capture_and_each_story_given_up_by_reason():
    stats = {"mali_news/articles/new": 11, "response_received_count": 60,
             "mali_news/wayback/skipped/archived_5xx": 2, "mali_news/wayback/skipped/redirect_loop": 1,
             "mali_news/commoncrawl/skipped/archived_404": 1, "mali_news/failed/redirect_loop": 1,
             "mali_news/errors/http_404": 1}
    lines = summary(stats, "c.sqlite", ExitStatus.OK).splitlines()
    assert "Failed: 1 http_404, 1 redirect_loop" in lines  # ties in the order of their names
    assert "Skipped captures (not the story): 2 archived_5xx, 1 archived_404, 1 redirect_loop" in lines


def test_the_chatty_loggers_keep_only_their_warnings(caplog):
    quiet_for_a_terminal()
    quiet_for_a_terminal()  # twice: one filter each
    chatty = logging.getLogger(CHATTY_ON_A_TERMINAL[0])
    assert len(chatty.filters) == 1
    with caplog.at_level(logging.INFO):
        chatty.info("Enabled extensions: [...]")
        chatty.warning("Disabled something")
        logging.getLogger("mali_news.spiders").info("Off topic")
    assert [r.getMessage() for r in caplog.records] == ["Disabled something", "Off topic"]
    for name in CHATTY_ON_A_TERMINAL:
        for log_filter in list(logging.getLogger(name).filters):
            logging.getLogger(name).removeFilter(log_filter)


def test_an_archive_given_up_with_no_answer_from_anything_is_no_network():
    stats = {"finish_reason": "archive_unreachable", "mali_news/archive/wayback/gave_up_after": 10,
             "mali_news/archive/wayback/gave_up_because": "could not be found (DNS)",
             "response_received_count": 0}
    status, why = outcome(stats)
    assert status == ExitStatus.NOTHING_FETCHED
    assert why.startswith("nothing could be reached, no archive nor cnn.com (could not be found (DNS));")
    # With answers from anywhere, it is an archive's outage: waited out, then status 7.
    assert outcome({**stats, "response_received_count": 40})[0] == ExitStatus.ARCHIVE_UNREACHABLE


# Moments of start-up, each an event the test waits for on the command's stderr: the end of an
# import (python -X importtime writes one line per module as it is loaded), or a log line.
MOMENTS = [
    ("mali-news", "import sqlalchemy.orm"),      # the commands' own imports
    ("mali-news", "import scrapy.crawler"),      # the crawl's: Scrapy and Twisted
    ("mali-news", "INFO: Scrapy "),              # Scrapy's process set up, the crawler not yet
    ("mali-news", "INFO: Spider opened"),        # the database opened, the crawl under way
    ("scrapy", "INFO: Scrapy "),
    ("scrapy", "INFO: Spider opened"),
]


def reached(moment: str, line: str) -> bool:
    if moment.startswith("import "):
        return line.startswith("import time:") and line.rsplit("|", 1)[-1].strip() == moment[len("import "):]
    return moment in line


# A whole crawl: pytest -m "not slow" leaves it out.
@pytest.mark.slow
@pytest.mark.parametrize(("command", "moment"), MOMENTS)
def test_ctrl_c_at_any_moment_of_start_up_exits_5_with_one_line_and_no_empty_corpus(tmp_path, command,
                                                                                      moment):
    db = tmp_path / "new.sqlite"
    program = (["-m", "mali_news.cli", "crawl"] if command == "mali-news"
               else ["-m", "scrapy", "crawl", "cnn_mali"])
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALI_NEWS_")}
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", *program, "-s", f"MALI_NEWS_REPLAY={SITE}",
         "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:
            if reached(moment, line):
                process.send_signal(signal.SIGINT)
                break
        else:
            pytest.fail(f"never reached {moment!r}")
        _, rest = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
    said = [line for line in rest.splitlines() if "import time:" not in line]
    assert process.returncode == 5, "\n".join(said[-20:])
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in said), "\n".join(said)
    # No database, or one that holds what the crawl stored before it stopped: never an empty one.
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    assert not (tmp_path / "new.sqlite.lock").exists() or db.exists()


def test_an_interrupted_crawl_keeps_a_corpus_that_was_there_before(tmp_path):
    db = tmp_path / "old.sqlite"
    db.write_bytes(b"")

    def interrupted() -> int:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        without_empty_corpus(f"sqlite:///{db}", interrupted)
    assert db.exists()
    fresh = tmp_path / "fresh.sqlite"

    def stopped_after_creating_it() -> int:
        fresh.write_bytes(b"")
        return ExitStatus.INTERRUPTED

    assert without_empty_corpus(f"sqlite:///{fresh}", stopped_after_creating_it) == ExitStatus.INTERRUPTED
    assert not fresh.exists()
