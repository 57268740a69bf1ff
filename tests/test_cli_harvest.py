"""mali-news harvest: its plan and time estimate before it starts, from a fresh or an earlier corpus."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mali_news.cli.harvest import HARVEST_ARGS

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))


def test_the_harvest_is_every_route_from_the_archives():
    assert HARVEST_ARGS == {"discover": "all", "source": "wayback,commoncrawl"}


def plan(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([MALI_NEWS, "harvest", "--db", str(db), "--plan", *args], cwd=db.parent,
                          capture_output=True, text=True, timeout=120)


def test_a_fresh_plan_counts_one_index_query_per_host_and_year(tmp_path):
    result = plan(tmp_path / "mali_2013.sqlite")
    assert result.returncode == 0, result.stderr
    # 2 story hosts + 6 blogs per year (2 years), and 3 transcript hosts per year; the same
    # queries over each of Common Crawl's four crawls, but 2013's over the 2012 crawl (4 x 22 - 11).
    assert "22 index queries to start with" in result.stderr
    assert "77 queries of Common Crawl's indexes" in result.stderr
    assert result.stderr.startswith("Harvesting CNN's Mali coverage (2012-01-01..2013-12-31)")
    assert not (tmp_path / "mali_2013.sqlite").exists()


def test_a_second_plan_continues_what_the_first_run_left(fixture_corpus, tmp_path):
    db = tmp_path / "mali_2013.sqlite"
    db.write_bytes(fixture_corpus.read_bytes())
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO candidates (url, found_url, source, status, first_found_at, updated_at) "
                     "VALUES ('https://www.cnn.com/2013/02/01/world/africa/x/index.html', "
                     "'http://www.cnn.com/2013/02/01/world/africa/x/index.html', 'wayback', 'queued', "
                     "'2026-12-05 00:00:00', '2026-12-05 00:00:00')")
    result = plan(db)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Continuing the harvest of")
    assert "1 candidate found earlier is still to fetch." in result.stderr


def test_a_corpus_that_cannot_be_read_is_said_so_not_planned_as_empty(tmp_path):
    db = tmp_path / "mali_2013.sqlite"
    db.write_bytes(b"not a database" * 100)
    result = plan(db)
    assert result.returncode == 1
    assert result.stderr.startswith("mali-news harvest: ") and str(db) in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_bad_setting_is_one_line(tmp_path):
    result = plan(tmp_path / "m.sqlite", "-s", "MALI_NEWS_DATE_RANGE=2014-01-01..2012-01-01")
    assert result.returncode == 2
    assert result.stderr.startswith("mali-news harvest: setting MALI_NEWS_DATE_RANGE")
    assert result.stderr.count("\n") == 1


def test_with_nothing_reachable_the_harvest_ends_within_seconds_with_status_4(tmp_path):
    import os
    import socket
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens there once closed
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    # cnn.com through a proxy that refuses, every archive at an address that refuses.
    env.update(http_proxy=closed, https_proxy=closed, no_proxy="127.0.0.1")
    started = time.monotonic()
    result = subprocess.run(
        [MALI_NEWS, "harvest", "--db", str(tmp_path / "c.sqlite"), "-s", f"MALI_NEWS_WAYBACK_URL={closed}",
         "-s", f"MALI_NEWS_COMMONCRAWL_INDEX_URL={closed}/cc-index",
         "-s", f"MALI_NEWS_COMMONCRAWL_DATA_URL={closed}",
         "-s", "MALI_NEWS_RETRY_BACKOFF=0.1", "--log-file", str(tmp_path / "c.log")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - started
    assert result.returncode == 4, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("mali-news harvest: nothing could be reached, no archive nor cnn.com")
    assert "is the network up?" in last
    # Not the hour an outage of one archive is waited out.
    assert elapsed < 30, elapsed
