"""The whole-coverage crawl against an archive that keeps its real rules, on a 100x clock."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.archivestandin import Rules, crawl_world, standin
from tests.archiveworld import generate

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

SCALE = 100.0
# The crawl's wait for an archive out of reach, in the stand-in's seconds (300 real seconds).
WAIT = 3.0
WORLD = generate(60, 6, seed=7)


def stored(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {url for (url,) in conn.execute("SELECT url FROM articles")}


def coverage(db: Path) -> dict:
    command = [str(Path(sys.executable).with_name("mali-news")), "coverage", "--db", str(db), "--json"]
    result = subprocess.run(command,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def normal_day(tmp_path_factory):
    """One uninterrupted crawl of the world on a healthy archive: its corpus and the archive's log."""
    db = tmp_path_factory.mktemp("normal") / "corpus.sqlite"
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        result = crawl_world(archive, live, db, SCALE, blocked_wait=WAIT)
    assert result.returncode == 0, result.stderr
    return db, archive


def test_a_normal_day_stores_exactly_the_mali_pages_from_the_archive_well_within_its_limits(normal_day):
    db, archive = normal_day
    assert stored(db) == WORLD.mali
    requests = archive.archive_requests()
    assert not [r for r in requests if r.status == 429]
    assert len(requests) / len(WORLD.mali) <= 10
    with sqlite3.connect(db) as conn:
        # What is stored is each story's 2013 capture, never cnn.com's page of today.
        assert conn.execute("SELECT count(*) FROM articles WHERE capture_url IS NULL OR layout = 'modern'"
                            ).fetchone() == (0,)


def test_a_loaded_archive_pauses_the_crawl_which_still_stores_the_same_pages_and_is_never_blocked(tmp_path):
    db = tmp_path / "corpus.sqlite"
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        archive.load(8, 6 * 60)
        result = crawl_world(archive, live, db, SCALE, blocked_wait=WAIT)
    assert result.returncode == 0, result.stderr
    assert stored(db) == WORLD.mali
    assert [r for r in archive.archive_requests() if r.status == 429]
    assert archive.requests_inside_pauses(60, grace=0.05) == []
    assert not archive.refusals


def test_an_outage_shorter_than_the_wait_is_waited_out(tmp_path):
    db = tmp_path / "corpus.sqlite"
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        archive.outage(150, after_requests=10)
        result = crawl_world(archive, live, db, SCALE, blocked_wait=WAIT)
    assert result.returncode == 0, result.stderr
    assert [why for *_, why in archive.refusals] == ["outage"]
    assert stored(db) == WORLD.mali


@pytest.mark.parametrize("after", [0, 10])
def test_an_outage_that_accepts_connections_and_drops_them_is_waited_out_too(tmp_path, after):
    db = tmp_path / "corpus.sqlite"
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        # From the first request (the index listings, the seed), or once the crawl is under way.
        archive.outage(150, after_requests=after, drop=True)
        result = crawl_world(archive, live, db, SCALE, blocked_wait=WAIT)
    assert result.returncode == 0, result.stderr
    assert archive.dropped > 0
    assert stored(db) == WORLD.mali
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM candidates WHERE status = 'failed'").fetchone() == (0,)


def test_an_outage_longer_than_the_wait_ends_the_crawl_and_the_next_run_completes_it(tmp_path, normal_day):
    db = tmp_path / "corpus.sqlite"
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        archive.outage(3600, after_requests=10)
        first = crawl_world(archive, live, db, SCALE, blocked_wait=WAIT)
    assert first.returncode == 7
    assert first.stderr.startswith("mali-news crawl: The Wayback Machine refused connections for 3 s: ")
    assert first.stderr.rstrip().endswith("left for the next run")
    assert len(first.stderr.strip().splitlines()) == 1
    with sqlite3.connect(db) as conn:
        # Nothing is marked failed because the archive was away.
        assert conn.execute("SELECT count(*) FROM candidates WHERE status = 'failed'").fetchone() == (0,)
        pending = "SELECT count(*) FROM discovery_listings WHERE status = 'pending'"
        assert conn.execute(pending).fetchone()[0] > 0
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        second = crawl_world(archive, live, db, SCALE, blocked_wait=WAIT)
        # Read on from where the first run stopped: not the whole index again.
        assert len([r for r in archive.archive_requests() if r.lane == "index"]) < len(
            [r for r in normal_day[1].archive_requests() if r.lane == "index"])
    assert second.returncode == 0, second.stderr
    assert stored(db) == WORLD.mali
    assert coverage(db) == coverage(normal_day[0])
