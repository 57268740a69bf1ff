"""A shared crawl with 1, 2 and 3 workers (one Redis, one PostgreSQL): pages per second.

Run: python bench/workers.py [--pages 2000]   (needs redis-server and PostgreSQL's programs)
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402
from cnnsite import HOST, hub_path, serve  # noqa: E402
from common import machine  # noqa: E402
from sqlalchemy import text  # noqa: E402

from tests import pgserver, redisserver  # noqa: E402


def run(workers: int, pages: int, cluster: pgserver.Cluster, folder: Path) -> tuple[int, float]:
    """(articles stored, seconds from the first worker's start to the last article written)."""
    database = cluster.new_database()
    mali_news = str(Path(sys.executable).with_name("mali-news"))
    with redisserver.redis_server() as redis_url, serve(pages) as proxy:
        env = {k: v for k, v in os.environ.items()
               if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
        env.update(MALI_NEWS_REDIS_URL=redis_url, http_proxy=proxy)
        subprocess.run([mali_news, "seed", f"http://{HOST}{hub_path(0)}"], env=env, check=True,
                       capture_output=True)
        started = time.time()
        procs = [subprocess.Popen(
            [mali_news, "crawl", "--worker", "--worker-name", f"w{i}", "-a", "depth=1000000",
             "-s", f"MALI_NEWS_DATABASE_URL={database}", "-s", "AUTOTHROTTLE_ENABLED=0",
             "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=8",
             "-s", "MALI_NEWS_TOPIC_MIN_SCORE=1", "-s", "MALI_NEWS_WORKER_IDLE_CLOSE=5",
             "-s", "LOG_LEVEL=WARNING", "--log-file", str(folder / f"{workers}-w{i}.log")],
            env=env, cwd=folder) for i in range(workers)]
        for proc in procs:
            if proc.wait() != 0:
                raise SystemExit(f"a worker failed; see {folder}")
    engine = sqlalchemy.create_engine(database)
    with engine.connect() as conn:
        stored, last = conn.execute(text("SELECT count(*), max(first_seen_at) FROM articles")).one()
    engine.dispose()
    # PostgreSQL gives the stored UTC time back without its zone.
    return stored, last.replace(tzinfo=UTC).timestamp() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    for reason in (pgserver.available(), redisserver.available()):
        if reason:
            raise SystemExit(f"cannot run: {reason}")
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp, pgserver.postgresql_server() as cluster:
        for workers in (1, 2, 3):
            stored, seconds = run(workers, args.pages, cluster, Path(tmp))
            print(f"  {workers} worker{'s' if workers > 1 else ' '}  {stored:5d} articles  "
                  f"{seconds:6.1f} s  {stored / seconds:6.1f} pages/s")


if __name__ == "__main__":
    main()
