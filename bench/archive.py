"""The whole-coverage crawl of a generated 2012-2013 world against an archive that enforces its real limits, on a 20x clock.

Four days: normal; loaded (the archive's limits divided by 4 for 13 minutes); an outage of 16
minutes (shorter than the wait); an outage longer than the wait, then a second run on a healthy
archive. Prints, for each: what was stored against the truth, the wall time (the stand-in's
seconds and the real equivalent) against the least the archive's limits allow, archive requests
per stored story, 429s, requests inside a pause, blocks; exits non-zero when a target is missed.
Then two days with Common Crawl beside it (`-a source=wayback,commoncrawl`): the Wayback Machine
lost four Mali stories that Common Crawl holds; the Wayback Machine refuses every connection.
Then the archive's real answers: seven Mali stories whose first capture answers as recorded (an
archived 301 to the same story and to the front page, 404, 429, 500, 503, a loop), read by
playback; an outage of 16 minutes that drops connections instead of refusing them; and 5% of
captures answering the archive's own 429 once with Retry-After: 1, every candidate fetched from
the archive (no live triage).

    .venv/bin/python bench/archive.py [--stories 1521] [--scale 20]
"""

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Targets, machine
from tests.archivestandin import ArchiveStandIn, Rules, crawl_world, standin
from tests.archiveworld import World, generate
from tests.commoncrawlstandin import CommonCrawlStandIn, commoncrawl_standin


def stored(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {url for (url,) in conn.execute("SELECT url FROM articles")}


def coverage(db: Path) -> dict:
    command = [str(Path(sys.executable).with_name("mali-news")), "coverage", "--db", str(db), "--json"]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def figures(name: str, world: World, archive: ArchiveStandIn, db: Path, wall: float, scale: float,
            status: int) -> dict:
    requests = archive.archive_requests()
    index = sum(r.lane == "index" for r in requests)
    captures = len(requests) - index
    got = stored(db)
    least = max(index / (24 * scale / 60), captures / (60 * scale / 60))
    row = {"day": name, "status": status, "stored": len(got & world.mali), "extra": len(got - world.mali),
           "truth": len(world.mali), "index": index, "captures": captures,
           "per_story": round(len(requests) / max(len(got), 1), 2), "wall": round(wall, 1),
           "real_minutes": round(wall * scale / 60, 1), "least": round(least, 1),
           "ratio": round(wall / least, 1) if least else None,
           "http_429": sum(r.status == 429 for r in requests),
           "inside_pauses": len(archive.requests_inside_pauses(60)), "blocked": archive.blocked(),
           "mementos_twice": sum(n > 1 for n in Counter(r.path for r in requests if "id_/" in r.path
                                                        and r.path.split("/")[2][:14].isdigit()
                                                        and len(r.path.split("/")[2]) == 17).values()),
           "longest_pause": run_stats(db).get("mali_news/archive/wayback/longest_pause", 0),
           "sporadic": len(archive.sporadic_sent), "dropped": archive.dropped}
    print(f"  {name:<22} exit {status}  stored {row['stored']}/{row['truth']} (+{row['extra']})  "
          f"{index} index + {captures} captures = {row['per_story']} per stored story  "
          f"{row['wall']} s ({row['real_minutes']} real min; least the limits allow {row['least']} s, "
          f"x{row['ratio']})  429s {row['http_429']}  inside pauses {row['inside_pauses']}  "
          f"blocked {row['blocked']}  mementos asked twice {row['mementos_twice']}  "
          f"longest pause {row['longest_pause']} s  dropped {row['dropped']}")
    return row


def run_stats(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        found = conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(found[0]) if found and found[0] else {}


def day(name: str, world: World, scale: float, tmp: Path, mood: str = "", db: Path | None = None,
        shapes: dict[str, str] | None = None, sporadic: float = 0.0, args: tuple[str, ...] = ()) -> tuple[dict, Path]:
    db = db or tmp / f"{name}.sqlite"
    with standin(world, Rules(scale=scale), shapes=shapes, sporadic=sporadic) as (archive, live, _):
        if mood == "loaded":
            archive.load(4, 13 * 60)
        elif mood == "outage":
            archive.outage(16 * 60, after_requests=10)
        elif mood == "dropping outage":
            archive.outage(16 * 60, drop=True)
        elif mood == "long outage":
            archive.outage(2 * 3600, after_requests=10)
        started = time.monotonic()
        result = crawl_world(archive, live, db, scale, *args, blocked_wait=60)
        wall = time.monotonic() - started
    if result.stderr.strip():
        print(f"    {result.stderr.strip()}")
    return figures(name, world, archive, db, wall, scale, result.returncode), db


def origins(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT origin, count(*) FROM articles GROUP BY origin").fetchall())


def two_archives(name: str, world: World, scale: float, tmp: Path, refused: bool) -> dict:
    """Common Crawl holds 4 Mali stories the Wayback Machine lost, 2 more and 5 others."""
    mali = sorted(world.mali)
    lost = frozenset(mali[:4])
    others = [s.key for s in world.stories if not s.mali][:5]
    cc = CommonCrawlStandIn(world, tmp / f"{name}-cc", lost | set(mali[4:6]) | set(others))
    db = tmp / f"{name}.sqlite"
    with (standin(world, Rules(scale=scale), lost=frozenset() if refused else lost) as (archive, live, _),
          commoncrawl_standin(cc) as options):
        if refused:
            archive.outage(10**7)
        started = time.monotonic()
        result = crawl_world(archive, live, db, scale, "-a", "source=wayback,commoncrawl",
                             "-a", "discover=archive,commoncrawl", *options, blocked_wait=60)
        wall = time.monotonic() - started
    wayback = len(archive.archive_requests())
    cc_index = sum(path.startswith("/cc-index/") for path, _ in cc.log)
    cc_data = len(cc.data_requests())
    got = stored(db)
    row = {"day": name, "status": result.returncode, "stored": len(got & world.mali), "extra": len(got - world.mali),
           "truth": len(world.mali), "held_by_cc": len(cc.holds & world.mali), "origins": origins(db),
           "wayback": wayback, "cc_index": cc_index, "cc_data": cc_data,
           "per_story": round((wayback + cc_index + cc_data) / max(len(got), 1), 2), "wall": round(wall, 1)}
    print(f"  {name:<22} exit {row['status']}  stored {row['stored']}/{row['truth']} (+{row['extra']}) "
          f"{row['origins']}  Wayback {wayback} + Common Crawl {cc_index} index + {cc_data} records = "
          f"{row['per_story']} per stored story  {row['wall']} s")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1521)
    parser.add_argument("--scale", type=float, default=20.0)
    args = parser.parse_args()
    world = generate(args.stories, 14)
    print(f"{machine()}; a world of {args.stories} stories, {len(world.mali)} about Mali; "
          f"the clock {args.scale:g} times faster (limits {24 * args.scale:g} and {60 * args.scale:g} a minute, "
          f"pause {60 / args.scale:g} s, wait 60 s)")
    targets = Targets()
    tmp = Path(tempfile.mkdtemp(prefix="mali-news-archive-"))
    normal, normal_db = day("normal", world, args.scale, tmp)
    loaded, _ = day("loaded", world, args.scale, tmp, "loaded")
    outage, _ = day("outage of 16 min", world, args.scale, tmp, "outage")
    cut, cut_db = day("outage past the wait", world, args.scale, tmp, "long outage")
    again, _ = day("next run, healthy", world, args.scale, tmp, db=cut_db)
    budget = 45 * 20 / args.scale
    targets.check("normal day: exactly the Mali pages", normal["stored"] == normal["truth"] and not normal["extra"],
                  f"{normal['stored']}/{normal['truth']}, {normal['extra']} others")
    targets.check("normal day: no 429", normal["http_429"] == 0, f"{normal['http_429']}")
    targets.check(f"normal day: at most {budget:g} s (15 real minutes)", normal["wall"] <= budget, f"{normal['wall']} s")
    targets.check("normal day: at most 10 archive requests per stored story", normal["per_story"] <= 10,
                  f"{normal['per_story']}")
    for row in (loaded, outage):
        targets.check(f"{row['day']}: the same pages", row["stored"] == row["truth"] and not row["extra"],
                      f"{row['stored']}/{row['truth']}")
        targets.check(f"{row['day']}: nothing sent inside a pause, never blocked",
                      row["inside_pauses"] == 0 and not row["blocked"], f"{row['inside_pauses']}, {row['blocked']}")
    targets.check("outage past the wait: a non-zero exit", cut["status"] != 0, f"{cut['status']}")
    targets.check("next run: the same corpus and coverage as one uninterrupted run",
                  again["stored"] == again["truth"] and coverage(cut_db) == coverage(normal_db),
                  f"{again['stored']}/{again['truth']}")
    gaps = two_archives("gaps filled", world, args.scale, tmp, refused=False)
    alone = two_archives("Wayback refusing", world, args.scale, tmp, refused=True)
    targets.check("gaps filled: every Mali page, the four lost from Common Crawl",
                  gaps["stored"] == gaps["truth"] and not gaps["extra"] and gaps["origins"].get("commoncrawl") == 4,
                  f"{gaps['stored']}/{gaps['truth']}, {gaps['origins']}")
    # Both archives' index passes are fixed costs (22 Wayback and 77 Common Crawl queries for
    # 2012-2013), heavy over a world of 14 Mali stories; Common Crawl's records only for its gaps.
    targets.check("gaps filled: Common Crawl's records fetched only for the Wayback Machine's gaps",
                  gaps["cc_data"] == gaps["origins"].get("commoncrawl"), f"{gaps['cc_data']} records")
    targets.check("gaps filled: at most 15 archive requests per stored story", gaps["per_story"] <= 15,
                  f"{gaps['per_story']}")
    targets.check("Wayback refusing: Common Crawl's Mali pages, nothing else, a non-zero exit",
                  alone["stored"] == alone["held_by_cc"] and not alone["extra"] and alone["status"] != 0,
                  f"{alone['stored']}/{alone['held_by_cc']}, exit {alone['status']}")
    answers(world, args.scale, tmp, targets)
    targets.exit()


def answers(world: World, scale: float, tmp: Path, targets: Targets) -> None:
    """The archive as it really answers: recorded shapes, a dropping outage, sporadic 429s."""
    stories = [s for s in world.stories if s.mali and s.kind == "story"][:7]
    shapes = dict(zip([s.key for s in stories], ["archived_301_same", "archived_301_front", "archived_404",
                                                 "archived_429", "archived_500", "archived_503", "loop"],
                      strict=True))
    starts = ",".join(s.url for s in stories)
    shaped, _ = day("recorded answers", world, scale, tmp, shapes=shapes,
                    args=("-a", "source=wayback", "-a", f"start_urls={starts}"))
    loop = next(key for key, shape in shapes.items() if shape == "loop")
    dropping, _ = day("dropping outage 16 min", world, scale, tmp, "dropping outage")
    sporadic, _ = day("5% sporadic 429", world, scale, tmp, sporadic=0.05, args=("-s", "MALI_NEWS_LIVE_TRIAGE=0"))
    targets.check("recorded answers: every readable Mali page (all but the loop), nothing else",
                  shaped["stored"] == shaped["truth"] - 1 and not shaped["extra"] and loop not in stored(tmp / "recorded answers.sqlite"),
                  f"{shaped['stored']}/{shaped['truth'] - 1}")
    targets.check("recorded answers: no memento asked twice, no archived answer paused the archive",
                  shaped["mementos_twice"] == 0 and shaped["longest_pause"] == 0,
                  f"{shaped['mementos_twice']} twice, longest pause {shaped['longest_pause']} s")
    targets.check("dropping outage: the same pages, exit 0", dropping["stored"] == dropping["truth"]
                  and not dropping["extra"] and dropping["status"] == 0 and dropping["dropped"] > 0,
                  f"{dropping['stored']}/{dropping['truth']}, exit {dropping['status']}, {dropping['dropped']} dropped")
    targets.check("5% sporadic 429: exactly the Mali pages, no pause longer than a minute",
                  sporadic["stored"] == sporadic["truth"] and not sporadic["extra"] and sporadic["longest_pause"] <= 60
                  and not sporadic["blocked"],
                  f"{sporadic['stored']}/{sporadic['truth']}, {sporadic['sporadic']} sporadic 429s, longest pause "
                  f"{sporadic['longest_pause']} s")


if __name__ == "__main__":
    main()
