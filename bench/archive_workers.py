"""One, two and three workers of a shared crawl behind one address against an archive that enforces its rules; two groups against two.

300 archived stories are seeded into one shared crawl (redis-server and PostgreSQL on 127.0.0.1)
and read with `-a source=wayback` from a stand-in of the Wayback Machine that enforces its real
rules (24 index queries and 60 captures a minute, a 429 over them, a block after a minute of
ignored 429s) on a 20x clock. Runs: 1, 2 and 3 workers behind one address (one group); 3 workers
with one killed with SIGKILL a third of the way through; 2 workers in two groups, leaving by two
addresses (127.0.0.1 and 127.0.0.2, MALI_NEWS_BIND_ADDRESS) that the stand-in limits apart. Prints wall time, stored stories, 429s and pauses for each;
exits non-zero when a target is missed.

    .venv/bin/python bench/archive_workers.py [--stories 300] [--scale 20]
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy
from sqlalchemy import text

from bench.common import Targets, machine
from tests.archivestandin import ArchiveStandIn, Rules, scaled_settings, standin
from tests.archiveworld import World, generate
from tests.pgserver import Cluster, postgresql_server
from tests.redisserver import redis_server

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))


def stored(database: str) -> int:
    engine = sqlalchemy.create_engine(database)
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
    except sqlalchemy.exc.ProgrammingError:
        found = 0  # no worker has made the corpus's tables yet
    finally:
        engine.dispose()
    return int(found)


def pauses(database: str) -> tuple[int, float]:
    engine = sqlalchemy.create_engine(database)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT stats FROM crawl_runs WHERE stats IS NOT NULL")).all()
    engine.dispose()
    import json

    stats = [row[0] if isinstance(row[0], dict) else json.loads(row[0]) for row in rows]
    return (sum(s.get("mali_news/archive/wayback/pauses", 0) for s in stats),
            max((s.get("mali_news/archive/wayback/longest_pause", 0) for s in stats), default=0))


def worker(name: str, database: str, redis_url: str, archive: ArchiveStandIn, live: str, scale: float,
           group: str, address: str, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    env.update(MALI_NEWS_REDIS_URL=redis_url, http_proxy=live, no_proxy="127.0.0.1")
    return subprocess.Popen(
        [MALI_NEWS, "crawl", "--worker", "--worker-name", name, "-a", "source=wayback", "-a", "depth=0",
         "-s", f"MALI_NEWS_DATABASE_URL={database}", "-s", f"MALI_NEWS_WAYBACK_URL={archive.base_url}",
         "-s", f"MALI_NEWS_EGRESS={group}", "-s", f"MALI_NEWS_BIND_ADDRESS={address}",
         *scaled_settings(scale, 3600 / scale),
         "-s", "MALI_NEWS_WORKER_HEARTBEAT=0.5", "-s", "MALI_NEWS_WORKER_IDLE_CLOSE=3",
         "-s", "MALI_NEWS_RECRAWL_AFTER=0", "--log-file", str(log)],
        cwd=log.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def run(name: str, world: World, scale: float, cluster: Cluster, tmp: Path, groups: list[str],
        kill: bool = False) -> dict:
    """One shared crawl of the world's stories by a worker per entry of groups; each group leaves
    by an address of its own (127.0.0.1, 127.0.0.2, ...), which the archive limits apart."""
    database = cluster.new_database()
    addresses = {group: f"127.0.0.{n}" for n, group in enumerate(dict.fromkeys(groups), start=1)}
    with redis_server() as redis_url, standin(world, Rules(scale=scale), per_address=True) as (archive, live, _):
        subprocess.run([MALI_NEWS, "seed", "--redis", redis_url, *[s.url for s in world.stories]],
                       check=True, capture_output=True)
        started = time.monotonic()
        procs = [worker(f"w{i}", database, redis_url, archive, live, scale, group, addresses[group],
                        tmp / f"{name}-w{i}.log") for i, group in enumerate(groups)]
        if kill:
            while stored(database) < len(world.stories) // 3:
                time.sleep(0.2)
            os.kill(procs[0].pid, signal.SIGKILL)
        statuses = [p.wait(timeout=1800) for p in procs]
        wall = time.monotonic() - started
    requests = archive.archive_requests()
    count, longest = pauses(database)
    row = {"run": name, "workers": len(groups), "groups": len(addresses), "stored": stored(database),
           "truth": len(world.stories), "wall": round(wall, 1), "requests": len(requests),
           "http_429": sum(r.status == 429 for r in requests), "pauses": count, "longest_pause": longest,
           "429_lanes": sorted({r.lane for r in requests if r.status == 429}),
           "blocked": archive.blocked(),
           "statuses": statuses}
    print(f"  {name:<34} stored {row['stored']}/{row['truth']}  {row['wall']} s  {row['requests']} archive "
          f"requests  429s {row['http_429']}  pauses {row['pauses']} (longest {row['longest_pause']} s)  "
          f"blocked {row['blocked']}  exits {statuses}  429s in {row['429_lanes']}")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--scale", type=float, default=20.0)
    args = parser.parse_args()
    world = generate(args.stories, args.stories, seed=39)
    # The blog post on a blog that is gone and the transcript are read from the archive too.
    print(f"{machine()}; {len(world.stories)} archived stories; the clock {args.scale:g} times faster "
          f"(captures {60 * args.scale:g} a minute per address)")
    targets = Targets()
    tmp = Path(tempfile.mkdtemp(prefix="mali-news-workers-"))
    with postgresql_server() as cluster:
        one = run("1 worker", world, args.scale, cluster, tmp, ["office"])
        two = run("2 workers, one address", world, args.scale, cluster, tmp, ["office"] * 2)
        three = run("3 workers, one address", world, args.scale, cluster, tmp, ["office"] * 3)
        killed = run("3 workers, one killed (kill -9)", world, args.scale, cluster, tmp, ["office"] * 3,
                     kill=True)
        apart = run("2 workers, two addresses", world, args.scale, cluster, tmp, ["office", "home"])
    for row in (one, two, three, killed, apart):
        targets.check(f"{row['run']}: the whole corpus", row["stored"] == row["truth"],
                      f"{row['stored']}/{row['truth']}")
        targets.check(f"{row['run']}: never blocked", not row["blocked"], str(row["blocked"]))
    for row in (two, three, killed):
        targets.check(f"{row['run']}: at most 1.3 times one worker's time", row["wall"] <= 1.3 * one["wall"],
                      f"{row['wall']} s against {one['wall']} s (x{row['wall'] / one['wall']:.2f})")
        targets.check(f"{row['run']}: no more 429s than one worker", row["http_429"] <= one["http_429"],
                      f"{row['http_429']} against {one['http_429']}")
    targets.check("2 workers, two addresses: well under one worker's time", apart["wall"] <= 0.75 * one["wall"],
                  f"{apart['wall']} s against {one['wall']} s (x{apart['wall'] / one['wall']:.2f})")
    targets.exit()


if __name__ == "__main__":
    main()
