"""Workers of a shared crawl keep the archive's limits together (skipped without Redis and PostgreSQL)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
import sqlalchemy
from sqlalchemy import text

from tests import redisserver
from tests.archivestandin import ArchiveStandIn, Rules, scaled_settings, standin
from tests.archiveworld import generate
from tests.events import on_change
from tests.test_distributed import runs

pytestmark = [pytest.mark.slow, pytest.mark.redis, pytest.mark.postgresql]

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))
# The bench's clock: at 100x a slot is 10 ms, finer than two processes' timers keep.
SCALE = 20.0
WORLD = generate(40, 40, seed=5)


def stored(database: str) -> int:
    engine = sqlalchemy.create_engine(database)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0)
    except sqlalchemy.exc.ProgrammingError:
        return 0  # no worker has made the corpus's tables yet
    finally:
        engine.dispose()


def worker(name: str, database: str, redis_url: str, archive: ArchiveStandIn, live: str, tmp: Path,
           *settings: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    env.update(MALI_NEWS_REDIS_URL=redis_url, http_proxy=live, no_proxy="127.0.0.1")
    return subprocess.Popen(
        [MALI_NEWS, "crawl", "--worker", "--worker-name", name, "-a", "source=wayback", "-a", "depth=0",
         "-s", f"MALI_NEWS_DATABASE_URL={database}", "-s", f"MALI_NEWS_WAYBACK_URL={archive.base_url}",
         *scaled_settings(SCALE, 30.0), "-s", "MALI_NEWS_WORKER_HEARTBEAT=0.5",
         "-s", "MALI_NEWS_WORKER_IDLE_CLOSE=3", *settings, "--log-file", str(tmp / f"{name}.log")],
        cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def seed(redis_url: str) -> None:
    subprocess.run([MALI_NEWS, "seed", "--redis", redis_url, *[s.url for s in WORLD.stories]],
                   check=True, capture_output=True)


def test_two_workers_behind_one_address_keep_one_pace_and_store_everything(redis_url, postgresql, tmp_path):
    database = postgresql.new_database()
    seed(redis_url)
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        procs = [worker(f"w{i}", database, redis_url, archive, live, tmp_path) for i in range(2)]
        outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert stored(database) == len(WORLD.stories)
    assert not [r for r in archive.archive_requests() if r.status == 429]
    # Both worked, each saying which group it paces with.
    logs = [(tmp_path / f"w{i}.log").read_text() for i in range(2)]
    assert all("it paces the archives with group shared" in log for log in logs)
    captures = sorted(r.at for r in archive.archive_requests() if r.lane == "captures")
    # The group's pace: never more captures in the stand-in's minute than the limit allows.
    minute = Rules(scale=SCALE).seconds(60)
    assert max(sum(1 for t in captures if start <= t < start + minute) for start in captures) <= 60


def test_a_worker_that_loses_redis_stops_with_one_line(postgresql, tmp_path):
    database = postgresql.new_database()
    # A slow archive (its real pace), so that Redis goes while the worker still has work.
    with redisserver.redis_server() as url, standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        seed(url)
        proc = worker("w0", database, url, archive, live, tmp_path,
                      "-s", "MALI_NEWS_WAYBACK_CAPTURES_PER_MINUTE=60")
        # A stored page releases its claim: each change of the claims is a moment to count.
        on_change(redis.Redis.from_url(url), "cnn_mali:claims", lambda: stored(database) >= 2,
                  "2 pages stored", timeout=120, alive=lambda: proc.poll() is None)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert err.strip().count("\n") == 0 and "Redis stopped answering" in err, err
    assert "Traceback" not in err


def test_an_archive_out_of_reach_is_probed_by_one_worker_and_waited_out_by_all(redis_url, postgresql,
                                                                                tmp_path):
    database = postgresql.new_database()
    seed(redis_url)
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        # Down for 2 stand-in minutes once the crawl is under way: both workers meet it.
        archive.outage(120, after_requests=10)
        procs = [worker(f"w{i}", database, redis_url, archive, live, tmp_path) for i in range(2)]
        outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert stored(database) == len(WORLD.stories)
    stats = runs(database)
    probing = [s.get("mali_news/archive/wayback/probes", 0) for s in stats]
    waiting = [s.get("mali_news/archive/wayback/probed_by_another_worker", 0) for s in stats]
    # One worker probed while the other waited for its verdict (whichever met the outage first).
    assert sum(1 for n in probing if n) >= 1 and sum(waiting) >= 1
    assert archive.refusals and not archive.blocked()
