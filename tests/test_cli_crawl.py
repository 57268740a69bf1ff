"""mali-news crawl as cron runs it: exit statuses, the lock, revisions, kill -9 and resume."""

import fcntl
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mali_news.running import ExitStatus, outcome
from tests.events import Lines, stored_at_least
from tests.helpers import SITE
from tests.mockserver import mirror_server

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))
QUICK = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0")
CHANGED_URL = "https://www.cnn.com/2013/08/12/world/africa/mali-presidential-election/index.html"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    env.update(extra)
    return env


def command(db: Path, *args: str) -> list[str]:
    return [MALI_NEWS, "crawl", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}", *QUICK, *args]


def run(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # Run from a folder without scrapy.cfg, as cron does.
    return subprocess.run(command(db, *args), cwd=db.parent, env=env or clean_env(),
                          capture_output=True, text=True, timeout=300)


def replay(db: Path, *args: str, site: Path = SITE) -> subprocess.CompletedProcess:
    return run(db, "-s", f"MALI_NEWS_REPLAY={site}", *args)


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def articles(db: Path) -> list[tuple]:
    return query(db, "SELECT url, title, body, updated_at FROM articles ORDER BY url")


def children(db: Path) -> list[tuple]:
    return query(db, "SELECT a.url, (SELECT count(*) FROM article_authors WHERE article_id = a.id), "
                     "(SELECT count(*) FROM highlights WHERE article_id = a.id), "
                     "(SELECT count(*) FROM links WHERE article_id = a.id) FROM articles a ORDER BY 1")


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The corpus of one uninterrupted crawl."""
    db = tmp_path_factory.mktemp("reference") / "c.sqlite"
    assert replay(db).returncode == 0
    return db


@pytest.mark.parametrize(("stats", "status"), [
    ({"finish_reason": "finished", "response_received_count": 5, "mali_news/seeds/fetched": 1},
     ExitStatus.OK),
    ({"finish_reason": "shutdown", "response_received_count": 5}, ExitStatus.INTERRUPTED),
    ({"finish_reason": "closespider_pagecount", "response_received_count": 3},
     ExitStatus.INTERRUPTED),
    ({"finish_reason": "finished", "response_received_count": 1, "robotstxt/response_count": 1,
      "mali_news/errors/ConnectionRefusedError": 2}, ExitStatus.NOTHING_FETCHED),
    ({"finish_reason": "finished", "response_received_count": 2, "mali_news/seeds/failed": 1},
     ExitStatus.SEEDS_FAILED),
])
def test_outcome(stats, status):
    assert outcome(stats)[0] == status


def test_success_exits_zero_and_writes_the_log_file(tmp_path):
    log = tmp_path / "crawl.log"
    result = replay(tmp_path / "c.sqlite", "--log-file", str(log))
    assert result.returncode == ExitStatus.OK, result.stderr
    assert result.stderr == ""
    assert "Spider closed (finished)" in log.read_text()
    # The lock is the crawl's while it runs; a crawl that ends leaves no lock file.
    assert not (tmp_path / "c.sqlite.lock").exists()
    assert query(tmp_path / "c.sqlite", "SELECT exit_status, outcome, origin FROM crawl_runs") == [
        (0, None, f"the bundled sample pages ({SITE})")]


def test_nothing_fetched_exits_four_with_a_one_line_reason(tmp_path):
    # The network is down: every connection is refused (a proxy port nobody listens on).
    started = time.monotonic()
    result = run(tmp_path / "c.sqlite", "--log-file", str(tmp_path / "crawl.log"),
                 env=clean_env(http_proxy="http://127.0.0.1:9"))
    assert result.returncode == ExitStatus.NOTHING_FETCHED
    assert result.stderr.count("\n") == 1
    assert "nothing could be fetched (most frequent error: connection_refused)" in result.stderr
    assert time.monotonic() - started < 60


def test_start_urls_outside_cnn_are_refused(tmp_path):
    result = run(tmp_path / "c.sqlite", "-a", "start_urls=http://example.org/2013/01/25/x/index.html",
                 "--log-file", str(tmp_path / "crawl.log"))
    assert result.returncode == ExitStatus.NOTHING_FETCHED
    assert "no start URL is a CNN address" in result.stderr


def test_every_seed_failing_exits_six(tmp_path):
    with mirror_server(SITE) as base_url:
        result = run(tmp_path / "c.sqlite", "-a",
                     "start_urls=http://edition.cnn.com/2013/01/25/world/africa/not-there/index.html",
                     "--log-file", str(tmp_path / "crawl.log"),
                     env=clean_env(http_proxy=base_url))
    assert result.returncode == ExitStatus.SEEDS_FAILED, result.stderr
    assert "none of the start URLs" in result.stderr


def test_bad_option_is_a_usage_error(tmp_path):
    result = run(tmp_path / "c.sqlite", "-a", "depth")
    assert result.returncode == ExitStatus.USAGE
    assert "NAME=VALUE" in result.stderr


SCRAPY = str(Path(sys.executable).with_name("scrapy"))
ROOT = SITE.parent.parent


def both(which: str, db: Path, *args: str) -> subprocess.CompletedProcess:
    """`mali-news crawl` (from a folder without scrapy.cfg, as cron runs it) or `scrapy crawl`
    (from the project)."""
    if which == "mali-news":
        return run(db, *args)
    return subprocess.run([SCRAPY, "crawl", "cnn_mali", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}",
                           *QUICK, *args], cwd=ROOT, env=clean_env(), capture_output=True, text=True,
                          timeout=300)


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("which", ["mali-news", "scrapy"])
@pytest.mark.parametrize(("args", "status", "line"), [
    (("-a", "dept=0"), ExitStatus.USAGE,
     "crawl: argument dept: no such argument; did you mean depth? (got '0')"),
    (("-a", "start_url=http://edition.cnn.com/x"), ExitStatus.USAGE,
     "crawl: argument start_url: no such argument; did you mean start_urls? "
     "(got 'http://edition.cnn.com/x')"),
    (("-s", "mali_news_replay=fixtures/site"), ExitStatus.USAGE,
     "crawl: setting mali_news_replay: no such setting; did you mean MALI_NEWS_REPLAY? "
     "(got 'fixtures/site')"),
])
def test_both_commands_check_every_name(tmp_path, which, args, status, line):
    result = both(which, tmp_path / "c.sqlite", *args)
    assert result.returncode == status
    assert last_line(result).endswith(line)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "c.sqlite").exists()


@pytest.mark.parametrize("which", ["mali-news", "scrapy"])
def test_both_commands_answer_a_held_lock_in_one_line(tmp_path, which):
    db = tmp_path / "c.sqlite"
    with (tmp_path / "c.sqlite.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = both(which, db, "-s", f"MALI_NEWS_REPLAY={SITE}")
    assert result.returncode == ExitStatus.LOCKED
    assert "Traceback" not in result.stderr
    assert last_line(result).endswith(f"crawl: another crawl (another process) is writing to this database; "
                                      f"lock file {db}.lock")


@pytest.mark.parametrize("which", ["mali-news", "scrapy"])
def test_a_replay_that_held_nothing_says_so(tmp_path, which):
    empty = tmp_path / "mirror"
    empty.mkdir()
    result = both(which, tmp_path / "c.sqlite", "-s", f"MALI_NEWS_REPLAY={empty}")
    assert result.returncode == ExitStatus.NOTHING_FETCHED
    assert last_line(result).endswith(f"crawl: the replay {empty} held none of the pages asked for "
                                      "(1 missing); is it the right folder or WARC?")
    assert "network" not in last_line(result)
    assert query(tmp_path / "c.sqlite", "SELECT exit_status FROM crawl_runs") == [(4,)]


def test_lock_held_exits_three_promptly_and_changes_nothing(tmp_path):
    db = tmp_path / "c.sqlite"
    with (tmp_path / "c.sqlite.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        started = time.monotonic()
        result = replay(db)
        elapsed = time.monotonic() - started
    assert result.returncode == ExitStatus.LOCKED
    assert "another crawl" in result.stderr and "c.sqlite.lock" in result.stderr
    assert elapsed < 30
    assert not db.exists()


def test_two_crawls_started_together(tmp_path, reference):
    db = tmp_path / "c.sqlite"
    with mirror_server(SITE, delay=0.2) as base_url:
        env = clean_env(http_proxy=base_url)
        procs = [subprocess.Popen(command(db, "--log-file", str(tmp_path / f"{i}.log")),
                                  cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
                 for i in range(2)]
        statuses = sorted(p.wait(timeout=300) for p in procs)
    assert statuses == [ExitStatus.OK, ExitStatus.LOCKED]
    assert articles(db) == articles(reference)
    assert query(db, "SELECT count(*) FROM crawl_runs") == [(1,)]


def test_kill_minus_nine_leaves_an_intact_database_that_the_next_run_completes(tmp_path, reference):
    db = tmp_path / "c.sqlite"
    with mirror_server(SITE, delay=0.3) as base_url:
        proc, said = start_slow_crawl(db, base_url)
        # Killed once its progress line says three stories are stored (committed, batch size 1).
        said.wait_for(stored_at_least(3), "3 stored")
        assert proc.poll() is None, "the crawl ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    partial = children(db)
    assert 3 <= len(partial) < len(articles(reference))
    # Every stored article is whole: its authors, highlights and links are all there.
    assert set(partial) <= set(children(reference))
    assert query(db, "SELECT finished_at FROM crawl_runs") == [(None,)]

    result = replay(db, "--log-file", str(tmp_path / "next.log"))
    assert result.returncode == ExitStatus.OK, result.stderr
    assert articles(db) == articles(reference)
    assert children(db) == children(reference)


def test_a_changed_story_gives_exactly_one_new_revision(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    db = tmp_path / "c.sqlite"
    assert replay(db, site=site).returncode == 0
    page = site / "edition.cnn.com/2013/08/12/world/africa/mali-presidential-election/index.html"
    html = page.read_text()
    html = html.replace("August 13, 2013 -- Updated 0228 GMT (1028 HKT)",
                        "August 13, 2013 -- Updated 0915 GMT (1715 HKT)")
    html = html.replace("to concede.</p>", "to concede.</p>\n<p class=\"cnn_storypgraphtxt\">"
                        "Keita will be sworn in next month.</p>")
    page.write_text(html)
    assert replay(db, "-s", "MALI_NEWS_RECRAWL_AFTER=0", site=site).returncode == 0
    assert query(db, "SELECT url, version, updated_at FROM article_revisions") == [
        (CHANGED_URL, 1, "2013-08-13 02:28:00")]
    versions = query(db, "SELECT version, updated_at, is_current FROM article_versions "
                         f"WHERE url = '{CHANGED_URL}' ORDER BY version")
    assert versions == [(1, "2013-08-13 02:28:00", 0), (2, "2013-08-13 09:15:00", 1)]
    assert query(db, "SELECT articles_new, articles_updated FROM crawl_runs ORDER BY id") == [
        (11, 0), (0, 1)]


def test_jobdir_pause_and_resume(tmp_path, reference):
    db = tmp_path / "c.sqlite"
    jobdir = tmp_path / "job"
    first = replay(db, "-s", f"JOBDIR={jobdir}", "-s", "CLOSESPIDER_PAGECOUNT=4",
                   "-s", "CONCURRENT_REQUESTS=1")
    assert first.returncode == ExitStatus.INTERRUPTED
    assert "interrupted (closespider_pagecount)" in first.stderr
    assert len(articles(db)) < len(articles(reference))
    second = replay(db, "-s", f"JOBDIR={jobdir}")
    assert second.returncode == ExitStatus.OK, second.stderr
    assert articles(db) == articles(reference)


def start_slow_crawl(db: Path, base_url: str, *args: str) -> tuple[subprocess.Popen, Lines]:
    """A crawl of one page at a time that writes a progress line whenever its figures move, read
    as it comes."""
    proc = subprocess.Popen(
        command(db, "-s", "MALI_NEWS_STORE_BATCH_SIZE=1", "-s", "CONCURRENT_REQUESTS=1",
                "-s", "MALI_NEWS_PROGRESS_INTERVAL=0.1", *args),
        cwd=db.parent, env=clean_env(http_proxy=base_url), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    return proc, Lines(proc.stderr)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_one_signal_pauses_and_the_same_command_completes_the_corpus(tmp_path, reference, signum):
    db, jobdir = tmp_path / "c.sqlite", tmp_path / "job"
    with mirror_server(SITE, delay=0.3) as base_url:
        proc, said = start_slow_crawl(db, base_url, "-s", f"JOBDIR={jobdir}")
        said.wait_for(stored_at_least(2), "2 stored")
        proc.send_signal(signum)
        proc.wait(timeout=120)
        stderr = said.rest()
        # It stopped taking pages, stored what it had and recorded the run.
        assert proc.returncode == ExitStatus.INTERRUPTED, stderr
        assert "the crawl was interrupted (shutdown)" in stderr
        assert query(db, "PRAGMA integrity_check") == [("ok",)]
        assert query(db, "SELECT finish_reason, finished_at IS NOT NULL FROM crawl_runs") == [
            ("shutdown", 1)]
        assert 2 <= len(articles(db)) < len(articles(reference))
        assert set(children(db)) <= set(children(reference))
        again, said = start_slow_crawl(db, base_url, "-s", f"JOBDIR={jobdir}")
        again.wait(timeout=300)
        stderr = said.rest()
    assert again.returncode == ExitStatus.OK, stderr
    assert articles(db) == articles(reference)
    assert children(db) == children(reference)


def test_a_second_signal_stops_at_once_with_an_intact_database(tmp_path, reference):
    db = tmp_path / "c.sqlite"
    with mirror_server(SITE, delay=2.0) as base_url:
        proc, said = start_slow_crawl(db, base_url, "-s", f"JOBDIR={tmp_path / 'job'}")
        said.wait_for(stored_at_least(1), "1 stored")
        proc.send_signal(signal.SIGINT)
        # The second signal once the crawl has heard the first, not after a guessed pause.
        said.wait_for(lambda line: "shutting down gracefully" in line, "shutting down gracefully")
        stored = len(articles(db))
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        stderr = said.rest()
    assert proc.returncode == ExitStatus.INTERRUPTED, stderr
    # It stopped at once: the page in flight (2 s to come) was never stored.
    assert "twice, forcing unclean shutdown" in stderr
    assert len(articles(db)) == stored
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert set(children(db)) <= set(children(reference))
