"""A second archive: Common Crawl's crawls beside the Wayback Machine (local stand-ins, 100x clock)."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mali_news.archives.commoncrawl import read_record
from tests.archivestandin import Rules, crawl_world, standin
from tests.archiveworld import generate
from tests.commoncrawlstandin import CommonCrawlStandIn, commoncrawl_standin
from tests.corpus_helpers import citation_problems

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

SCALE = 100.0
# The crawl's wait for an archive out of reach, in the stand-in's seconds (300 real seconds).
WAIT = 3.0
WORLD = generate(60, 8, seed=7)
MALI = [s for s in WORLD.stories if s.mali]
# The Wayback Machine lost four of the Mali pages (a blog post among them); Common Crawl holds
# them, two more Mali stories and five stories about other countries.
LOST = frozenset(MALI[i].key for i in (0, 1, 3, 6))
OTHERS = [s for s in WORLD.stories if not s.mali and "/world/africa/" in s.url][:5]
HELD = LOST | {MALI[2].key, MALI[4].key} | {s.key for s in OTHERS}
BOTH = ("-a", "source=wayback,commoncrawl", "-a", "discover=archive,commoncrawl")


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def stored(db: Path) -> dict[str, str]:
    return dict(rows(db, "SELECT url, origin FROM articles"))


def stats_of(db: Path) -> dict:
    (found,) = rows(db, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")
    return json.loads(found[0])


def no_traceback(db: Path, result: subprocess.CompletedProcess) -> None:
    logs = "".join(path.read_text() for path in db.parent.glob("*.log"))
    assert "Traceback" not in result.stderr + logs


@pytest.fixture(scope="module")
def gaps_filled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gaps")
    cc = CommonCrawlStandIn(WORLD, folder / "commoncrawl", HELD)
    db = folder / "corpus.sqlite"
    with (standin(WORLD, Rules(scale=SCALE), lost=LOST) as (archive, live, _),
          commoncrawl_standin(cc) as options):
        result = crawl_world(archive, live, db, SCALE, *BOTH, *options, blocked_wait=WAIT)
    return result, db, cc, options


def test_the_pages_the_wayback_machine_lost_come_from_their_common_crawl_records(gaps_filled):
    result, db, cc, options = gaps_filled
    assert result.returncode == 0, result.stderr
    assert set(stored(db)) == WORLD.mali
    assert {url for url, origin in stored(db).items() if origin == "commoncrawl"} == LOST
    assert {url for url, origin in stored(db).items() if origin == "wayback"} == WORLD.mali - LOST
    data_base = options[-1].split("=", 1)[1]
    for url in LOST:
        ((crawl, filename, offset, length, capture_url, captured_at),) = rows(
            db, "SELECT capture_crawl, warc_filename, warc_record_offset, warc_record_length, capture_url, "
                "captured_at FROM articles WHERE url = ?", url)
        assert filename.startswith(f"crawl-data/{crawl}/") and filename.endswith(".warc.gz")
        assert capture_url == f"{data_base}/{filename}"
        # `curl -r offset-(offset+length-1)` of the file gives the record again.
        whole = (cc.folder / filename).read_bytes()
        page = read_record(whole[offset:offset + length], length)
        assert page.target_uri == WORLD.by_key[url].url and page.status == 200
        assert captured_at[:10] >= str(WORLD.by_key[url].published)
    # The Wayback Machine's rows name the WARC file it served each memento from (X-Archive-Src),
    # never a record's offset: the archive gives none.
    assert rows(db, "SELECT count(*) FROM articles WHERE origin = 'wayback' AND (warc_record_offset IS "
                    "NOT NULL OR capture_crawl IS NOT NULL OR warc_filename NOT LIKE '%.warc.gz')") == [(0,)]
    no_traceback(db, result)


def test_each_archived_story_cites_its_own_archive(gaps_filled):
    _, db, _, _ = gaps_filled
    assert citation_problems(db) == []
    assert set(stored(db).values()) == {"wayback", "commoncrawl"}


def test_a_story_found_by_both_routes_is_one_candidate(gaps_filled):
    _, db, _, _ = gaps_filled
    sources = dict(rows(db, "SELECT url, source FROM candidates"))
    assert {url for url, source in sources.items() if source == "commoncrawl"} >= LOST
    both = (HELD - LOST) & WORLD.mali
    assert both and both <= set(sources)
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM candidates")[0][0] == len(sources)


def test_coverage_shows_each_archive(gaps_filled):
    _, db, _, _ = gaps_filled
    result = subprocess.run([str(Path(sys.executable).with_name("mali-news")), "coverage", "--db", str(db),
                             "--json"], capture_output=True, text=True, check=True)
    archives = json.loads(result.stdout)["archives"]
    assert archives["commoncrawl"]["stored"] == len(LOST)
    assert archives["wayback"]["stored"] == len(WORLD.mali - LOST)
    # A candidate counts for the index that found it first; each counts once.
    assert archives["commoncrawl"]["found"] >= len(LOST)
    assert archives["commoncrawl"]["found"] + archives["wayback"]["found"] == rows(
        db, "SELECT count(*) FROM candidates")[0][0]
    assert archives["commoncrawl"]["left"] == archives["commoncrawl"]["queries_left"] == 0


def test_with_the_wayback_machine_refusing_every_connection_common_crawl_alone_delivers(tmp_path):
    cc = CommonCrawlStandIn(WORLD, tmp_path / "commoncrawl", HELD)
    db = tmp_path / "corpus.sqlite"
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _), commoncrawl_standin(cc) as options:
        archive.outage(10**7)
        result = crawl_world(archive, live, db, SCALE, *BOTH, *options, blocked_wait=WAIT)
    assert result.returncode == 7, result.stderr
    assert stored(db) == dict.fromkeys(HELD & WORLD.mali, "commoncrawl")
    assert "Wayback Machine refused connections" in result.stderr
    stats = stats_of(db)
    assert stats["mali_news/archive/wayback/gave_up_after"] >= WAIT
    no_traceback(db, result)


def test_bad_answers_of_common_crawl_are_counted_and_the_other_archive_gives_the_page(tmp_path):
    """Common Crawl first: its 404 "No Captures found", 503 Slow Down, a truncated range and a
    record that is not a response; each page it cannot give comes from the Wayback Machine."""
    truncated, not_response = MALI[2].key, MALI[4].key
    cc = CommonCrawlStandIn(WORLD, tmp_path / "commoncrawl", HELD, slow_down=2,
                            truncated=frozenset({truncated}), not_response=frozenset({not_response}))
    db = tmp_path / "corpus.sqlite"
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _), commoncrawl_standin(cc) as options:
        result = crawl_world(archive, live, db, SCALE, "-a", "source=commoncrawl,wayback", *options,
                             blocked_wait=WAIT)
    assert result.returncode == 0, result.stderr
    origins = stored(db)
    assert set(origins) == WORLD.mali
    assert {url for url, origin in origins.items() if origin == "commoncrawl"} == LOST
    assert origins[truncated] == origins[not_response] == "wayback"
    stats = stats_of(db)
    assert stats["mali_news/commoncrawl/record_truncated"] == 1
    assert stats["mali_news/commoncrawl/record_not_a_response"] == 1
    # Pages off the topic are asked too (their links are followed), so the Mali ones set a floor.
    assert stats["mali_news/commoncrawl/no_capture"] >= len(WORLD.mali - HELD)
    assert stats["mali_news/archive/commoncrawl/handed_over/no_capture"] == stats[
        "mali_news/commoncrawl/no_capture"]
    assert stats["mali_news/archive/commoncrawl/http_503"] >= 1
    no_traceback(db, result)


def test_a_page_no_archive_can_give_is_a_counted_failure_never_a_lost_candidate(tmp_path):
    truncated, not_response = MALI[2].key, MALI[4].key
    cc = CommonCrawlStandIn(WORLD, tmp_path / "commoncrawl", HELD, truncated=frozenset({truncated}),
                            not_response=frozenset({not_response}))
    db = tmp_path / "corpus.sqlite"
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _), commoncrawl_standin(cc) as options:
        result = crawl_world(archive, live, db, SCALE, "-a", "source=commoncrawl",
                             "-a", "discover=commoncrawl", *options, blocked_wait=WAIT)
    assert result.returncode == 0, result.stderr
    assert set(stored(db)) == (HELD & WORLD.mali) - {truncated, not_response}
    assert dict(rows(db, "SELECT url, reason FROM candidates WHERE status = 'failed'")) == {
        truncated: "record_truncated", not_response: "record_not_a_response"}
    log = "".join(path.read_text() for path in db.parent.glob("*.log"))
    assert "cannot be read" in log
    no_traceback(db, result)


def test_the_same_story_found_again_in_the_other_archive_makes_no_new_revision(tmp_path):
    cc = CommonCrawlStandIn(WORLD, tmp_path / "commoncrawl", HELD)
    db = tmp_path / "corpus.sqlite"
    again = sorted(HELD & WORLD.mali)
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _), commoncrawl_standin(cc) as options:
        first = crawl_world(archive, live, db, SCALE, "-a", "source=wayback", blocked_wait=WAIT)
        assert first.returncode == 0, first.stderr
        before = dict(rows(db, "SELECT url, content_hash FROM articles"))
        second = crawl_world(archive, live, db, SCALE, "-a", "source=commoncrawl", "-a", "discover=links",
                             "-a", f"start_urls={','.join(WORLD.by_key[key].url for key in again)}",
                             "-s", "MALI_NEWS_RECRAWL_AFTER=0", *options, blocked_wait=WAIT)
    assert second.returncode == 0, second.stderr
    assert set(before) == WORLD.mali
    assert dict(rows(db, "SELECT url, content_hash FROM articles")) == before
    assert rows(db, "SELECT count(*) FROM article_revisions") == [(0,)]
    assert rows(db, "SELECT DISTINCT version FROM articles") == [(1,)]
    # Each was read again from its Common Crawl record, and kept as that archive's rendering.
    again_read = rows(db, "SELECT url FROM renderings WHERE source = 'commoncrawl'")
    assert {url for (url,) in again_read} == set(again)
    no_traceback(db, second)
