"""Several workers, one Redis frontier and one PostgreSQL corpus (skipped without both)."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis
import sqlalchemy
from sqlalchemy import text

from mali_news.settings import ITEM_PIPELINES
from tests.corpus_helpers import build_corpus, corpus_rows
from tests.events import on_change
from tests.helpers import ROOT, SEED_EDITION_URL, SITE
from tests.mockserver import mirror_server

pytestmark = [pytest.mark.slow, pytest.mark.redis, pytest.mark.postgresql]

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))
@pytest.fixture(scope="module")
def single_run(tmp_path_factory) -> dict[str, list[tuple]]:
    """The corpus of one ordinary process into SQLite."""
    return corpus_rows(f"sqlite:///{build_corpus(tmp_path_factory.mktemp('single') / 'c.sqlite')}")


def env(redis_url: str, proxy: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items()
            if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    return {**base, "MALI_NEWS_REDIS_URL": redis_url, "http_proxy": proxy}


def worker(name: str, database: str, environment: dict[str, str], log: Path,
           *settings: str) -> subprocess.Popen:
    return subprocess.Popen(
        [MALI_NEWS, "crawl", "--worker", "--worker-name", name, "-s", f"MALI_NEWS_DATABASE_URL={database}",
         "-s", "MALI_NEWS_WORKER_HEARTBEAT=0.5", "-s", "MALI_NEWS_WORKER_IDLE_CLOSE=3",
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=1",
         *settings, "--log-file", str(log)],
        cwd=log.parent, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def seed(redis_url: str) -> None:
    subprocess.run([MALI_NEWS, "seed", "--redis", redis_url, SEED_EDITION_URL], check=True,
                   capture_output=True)


def runs(database: str) -> list[dict]:
    engine = sqlalchemy.create_engine(database)
    with engine.connect() as conn:
        # A killed worker's run has no stats: it never finished.
        found = [row[0] if isinstance(row[0], dict) else json.loads(row[0])
                 for row in conn.execute(text("SELECT stats FROM crawl_runs WHERE stats IS NOT NULL"))]
    engine.dispose()
    return found


def test_three_workers_build_the_single_process_corpus(redis_url, postgresql, tmp_path, single_run):
    database = postgresql.new_database()
    seed(redis_url)
    # Slow pages: an idle worker looks at the shared queue every 5 s (Scrapy's idle beat).
    with mirror_server(SITE, delay=1.0) as proxy:
        procs = [worker(f"w{i}", database, env(redis_url, proxy), tmp_path / f"w{i}.log") for i in range(3)]
        statuses = [p.wait(timeout=300) for p in procs]
    assert statuses == [0, 0, 0], [p.stderr.read() for p in procs]
    assert corpus_rows(database) == single_run
    stats = runs(database)
    assert len(stats) == 3
    # The work was shared: more than one worker fetched pages.
    assert sum(1 for s in stats if s.get("response_received_count", 0) > 1) >= 2
    assert sum(s.get("mali_news/articles/new", 0) for s in stats) == len(single_run["articles"])


def test_a_killed_worker_loses_nothing(redis_url, postgresql, tmp_path, single_run):
    database = postgresql.new_database()
    seed(redis_url)
    with mirror_server(SITE, delay=0.4) as proxy:
        environment = env(redis_url, proxy)
        victim = worker("victim", database, environment, tmp_path / "victim.log")
        # Killed while it holds a page: its claim in the shared frontier is there to recover.
        frontier = redis.Redis.from_url(redis_url)
        on_change(frontier, "cnn_mali:claims",
                  lambda: any(json.loads(record)["worker"] == "victim"
                              for record in frontier.hgetall("cnn_mali:claims").values()),
                  "the victim took a page", alive=lambda: victim.poll() is None)
        others = [worker(f"w{i}", database, environment, tmp_path / f"w{i}.log") for i in range(2)]
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        statuses = [p.wait(timeout=300) for p in others]
    assert statuses == [0, 0]
    assert corpus_rows(database) == single_run
    recovered = sum(s.get("mali_news/worker/recovered", 0) for s in runs(database))
    assert recovered >= 1


def test_worker_needs_redis(tmp_path):
    result = subprocess.run([MALI_NEWS, "crawl", "--worker"], cwd=tmp_path, capture_output=True,
                            text=True, env={k: v for k, v in os.environ.items()
                                            if not k.startswith("MALI_NEWS_")})
    assert result.returncode == 2
    assert "MALI_NEWS_REDIS_URL" in result.stderr


def test_a_store_failure_in_one_worker_loses_nothing(redis_url, postgresql, tmp_path, single_run):
    database = postgresql.new_database()
    seed(redis_url)
    # Every worker runs the store with one injected fault: the first worker to store the
    # election story cannot store that copy of it (a full disk); the page goes back to the
    # shared queue, and whoever fetches it next stores it.
    store = "mali_news.pipelines.store.StorePipeline"
    pipelines = {**ITEM_PIPELINES, store: None,
                 "tests.faultystore.FaultyStorePipeline": ITEM_PIPELINES[store]}
    with mirror_server(SITE, delay=0.5) as proxy:
        environment = {**env(redis_url, proxy), "PYTHONPATH": str(ROOT),
                       "FAULTY_STORE_MARKER": str(tmp_path / "fault-taken"),
                       "FAULTY_STORE_URL": "https://www.cnn.com/2013/08/12/world/africa/"
                                           "mali-presidential-election/index.html"}
        procs = [worker(f"w{i}", database, environment, tmp_path / f"w{i}.log",
                        "-s", f"ITEM_PIPELINES={json.dumps(pipelines)}") for i in range(3)]
        statuses = [p.wait(timeout=300) for p in procs]
    assert statuses == [0, 0, 0], [p.stderr.read() for p in procs]
    stats = runs(database)
    assert sum(s.get("mali_news/store/failed/OSError", 0) for s in stats) == 1
    assert sum(s.get("mali_news/worker/store_requeued", 0) for s in stats) == 1
    assert corpus_rows(database) == single_run
    # It was stored in the end, so nothing is left in store_failures.
    engine = sqlalchemy.create_engine(database)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM store_failures")).scalar() == 0
    engine.dispose()
