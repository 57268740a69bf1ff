"""The story of record: a 2013 capture is never replaced by today's re-serve, whatever the order of
the crawls, and every rendering is kept beside it with what changed."""

import json
import os
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
WORLD = generate(60, 6, seed=7)
BIN = Path(sys.executable).parent
STORIES = [s for s in WORLD.stories if s.mali and s.kind == "story" and s.live == "served"]
# A story no archive holds a copy of in this crawl's corpus: given as a start URL, read live only.
LIVE_ONLY = next(s for s in WORLD.stories if not s.mali and s.live == "served")


def crawl_live(archive_url: str, live: str, db: Path) -> subprocess.CompletedProcess:
    """A daily cron run with the default live source: these stories from cnn.com as it serves them today."""
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    env.update(http_proxy=live, no_proxy="127.0.0.1")
    urls = ",".join(s.url for s in [*STORIES, LIVE_ONLY])
    return subprocess.run([str(BIN / "mali-news"), "crawl", "-a", f"start_urls={urls}", "-a", "depth=0",
                           "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}",
                           "-s", f"MALI_NEWS_WAYBACK_URL={archive_url}",
                           "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0",
                           "--log-file", str(db.with_suffix(".live.log"))],
                          env=env, capture_output=True, text=True, timeout=300, check=False)


def both_ways(db: Path, archive_first: bool) -> Path:
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        for step in ("archive", "live") if archive_first else ("live", "archive"):
            result = (crawl_world(archive, live, db, SCALE) if step == "archive"
                      else crawl_live(archive.base_url, live, db))
            assert result.returncode == 0, (step, result.stderr)
    return db


@pytest.fixture(scope="module", params=["archive first", "live first"])
def corpus(request, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("renderings") / "corpus.sqlite"
    return both_ways(db, request.param == "archive first")


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_every_storys_record_is_its_2013_capture_in_either_order(corpus):
    for story in STORIES:
        (record,) = rows(corpus, "SELECT origin, layout, capture_url IS NOT NULL, highlights_text "
                                 "FROM articles WHERE url = ?", story.key)
        assert record[:3] == ("wayback", "legacy", 1), story.key
        assert record[3] == f"{story.title}: what happened"  # the highlights kept
        # The record is the first capture, taken after publication, not a later version.
        first = story.captures[0]
        assert rows(corpus, "SELECT source, substr(captured_at, 1, 10) FROM renderings "
                            "WHERE url = ? AND is_record", story.key) == [
            ("wayback", f"{first[:4]}-{first[4:6]}-{first[6:8]}")]
        # Today's re-serve is kept beside it, in its own template.
        assert rows(corpus, "SELECT layout, is_record FROM renderings WHERE url = ? AND source = 'live'",
                    story.key) == [("modern", 0)]


def test_a_story_only_cnn_com_serves_has_its_live_record(corpus):
    assert rows(corpus, "SELECT source, layout, is_record FROM renderings WHERE url = ?", LIVE_ONLY.key) == [
        ("live", "modern", 1)]
    assert rows(corpus, "SELECT origin FROM articles WHERE url = ?", LIVE_ONLY.key) == [("live",)]


def test_the_rewritten_paragraph_is_the_only_change_and_diff_shows_it(corpus):
    rewritten = [s for s in STORIES if s.rewritten]
    assert rewritten
    for story in rewritten:
        changes = rows(corpus, "SELECT change, text FROM rendering_changes WHERE url = ? AND source = 'live' "
                               "ORDER BY change", story.key)
        assert changes == [("added", story.rewritten), ("removed", story.paragraphs[1])]
        result = subprocess.run([str(BIN / "mali-news"), "diff", story.url, "--db", str(corpus), "--json"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        shown = json.loads(result.stdout)
        assert shown["from"].startswith("the record: wayback") and shown["to"].startswith("rendering: live")
        assert shown["changes"] == [{"kind": "changed", "part": "story", "position": 1,
                                     "old": story.paragraphs[1], "new": story.rewritten}]
    # A re-serve of the same text in another template is no change.
    for story in STORIES:
        if not story.rewritten:
            assert rows(corpus, "SELECT count(*) FROM rendering_changes WHERE url = ? AND source = 'live'",
                        story.key) == [(0,)]


def test_stats_count_what_cnn_com_still_serves(corpus):
    result = subprocess.run([str(BIN / "mali-news"), "stats", "--db", str(corpus), "--json"],
                            capture_output=True, text=True, timeout=60)
    stats = json.loads(result.stdout)
    assert stats["renderings"]["archived_records_served_live"] == len(STORIES)
    assert stats["renderings"]["served_live_with_different_text"] == sum(bool(s.rewritten) for s in STORIES)


def test_every_archived_version_is_kept_and_the_first_is_the_record(tmp_path):
    db = tmp_path / "versions.sqlite"
    with standin(WORLD, Rules(scale=SCALE)) as (archive, live, _):
        result = crawl_world(archive, live, db, SCALE, "-a", "versions=all")
    assert result.returncode == 0, result.stderr
    updated = [s for s in STORIES if s.added and len(s.captures) == 2]
    assert updated
    for story in updated:
        found = rows(db, "SELECT substr(captured_at, 1, 10), is_record FROM renderings "
                         "WHERE url = ? AND source = 'wayback' ORDER BY captured_at", story.key)
        days = [f"{c[:4]}-{c[4:6]}-{c[6:8]}" for c in story.captures]
        assert found == [(days[0], 1), (days[1], 0)], story.key
        assert rows(db, "SELECT change, text FROM rendering_changes WHERE url = ?", story.key) == [
            ("added", story.added)]
    # A story captured once has one rendering.
    once = next(s for s in STORIES if len(s.captures) == 1)
    assert rows(db, "SELECT count(*) FROM renderings WHERE url = ?", once.key) == [(1,)]
