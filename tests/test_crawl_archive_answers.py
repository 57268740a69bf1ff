"""A 2013 world whose captures answer as the Wayback Machine does: archived errors, redirects, a loop."""

import json
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.archivestandin import Rules, crawl_world, standin
from tests.archiveworld import generate
from tests.corpus_helpers import citation_problems

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

SCALE = 100.0
WAIT = 3.0
WORLD = generate(80, 12, seed=11)
STORIES = [s for s in WORLD.stories if s.mali and s.kind == "story"]
# Seven stories meet one recorded answer each at their first capture; all but the loop have a
# good capture later.
SHAPES = dict(zip([s.key for s in STORIES], ["archived_301_same", "archived_301_front", "archived_404",
                                               "archived_429", "archived_500", "archived_503", "loop"],
                  strict=False))
LOOP = next(key for key, shape in SHAPES.items() if shape == "loop")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    db = tmp_path_factory.mktemp("answers") / "corpus.sqlite"
    with standin(WORLD, Rules(scale=SCALE), shapes=SHAPES) as (archive, live, _):
        # The shaped stories as links give them (read by playback near their day), the rest as
        # the archive's index lists them.
        starts = ",".join(WORLD.by_key[key].url for key in SHAPES)
        result = crawl_world(archive, live, db, SCALE, "-a", "source=wayback", "-a", f"start_urls={starts}",
                             blocked_wait=WAIT)
    with sqlite3.connect(db) as conn:
        (stats,) = conn.execute("SELECT stats FROM crawl_runs").fetchone()
    return db, archive, result, json.loads(stats)


def test_the_crawl_ends_by_itself_and_stores_every_readable_story_from_its_own_capture(crawled):
    db, _, result, _ = crawled
    assert "Traceback" not in result.stderr
    with sqlite3.connect(db) as conn:
        rows = {url: (title, body, captured) for url, title, body, captured in conn.execute(
            "SELECT url, title, body, captured_at FROM articles")}
    assert set(rows) == WORLD.mali - {LOOP}
    for key in SHAPES.keys() - {LOOP}:
        story = WORLD.by_key[key]
        title, body, captured = rows[key]
        assert title == story.title
        assert story.paragraphs[0] in body and "Page not found" not in body
        # The good capture, made the day after publication: not the bad one of its first day.
        assert captured[:10] != f"{story.published:%Y-%m-%d}"


def test_every_archived_story_is_cited_by_the_replay_address_a_reader_follows(crawled):
    db = crawled[0]
    assert citation_problems(db) == []
    with sqlite3.connect(db) as conn:
        origins = {origin for (origin,) in conn.execute("SELECT origin FROM articles")}
    assert origins == {"wayback"}


def test_no_memento_is_asked_twice_and_no_archived_answer_pauses_the_archive(crawled):
    _, archive, _, stats = crawled
    mementos = Counter(entry.path for entry in archive.archive_requests()
                       if re.match(r"^/web/\d{14}id_/", entry.path))
    assert [path for path, n in mementos.items() if n > 1] == []
    assert not stats.get("mali_news/archive/wayback/pauses")
    assert not [entry for entry in archive.archive_requests() if entry.status == 429]


def test_the_loop_is_given_up_within_six_capture_requests_and_each_skip_is_named(crawled):
    _, archive, _, stats = crawled
    loop = WORLD.by_key[LOOP]
    path = loop.url.split("://", 1)[1]
    asked = [e for e in archive.archive_requests() if e.lane == "captures" and path in e.path]
    # Playback, the story's capture, the login's playback and capture: then the index is asked
    # for another capture of the story (3 addresses), and there is none.
    assert len(asked) == 4
    for reason in ("archived_redirect_elsewhere", "archived_404", "archived_429", "archived_5xx",
                   "redirect_loop"):
        assert stats.get(f"mali_news/wayback/skipped/{reason}"), reason
    assert stats["mali_news/wayback/skipped/archived_5xx"] == 2
    assert stats.get("mali_news/wayback/archived_redirects_followed", 0) >= 2
    assert stats["mali_news/wayback/redirect_loop"] == 1
    with sqlite3.connect(crawled[0]) as conn:
        (failed,) = conn.execute("SELECT failed FROM crawl_runs").fetchone()
    assert json.loads(failed) == {"redirect_loop": 1}


def test_a_same_story_redirect_keeps_both_addresses_and_names_the_memento_read(crawled):
    db, _, _, _ = crawled
    key = next(k for k, shape in SHAPES.items() if shape == "archived_301_same")
    with sqlite3.connect(db) as conn:
        (article_id, capture, source) = conn.execute(
            "SELECT id, capture_url, warc_filename FROM articles WHERE url = ?", (key,)).fetchone()
        addresses = {url for (url,) in conn.execute("SELECT url FROM article_urls WHERE article_id = ?",
                                                    (article_id,))}
    story = WORLD.by_key[key]
    other = "www.cnn.com" if "edition.cnn.com" in story.url else "edition.cnn.com"
    assert other in capture.split("id_/", 1)[1]
    assert {story.url.split("/")[2], other} <= {url.split("/")[2] for url in addresses}
    assert source.endswith(".warc.gz")


def test_coverage_lists_each_skipped_capture_under_its_story_and_the_loop_as_not_stored(crawled):
    db = crawled[0]
    command = [str(Path(sys.executable).with_name("mali-news")), "coverage", "--db", str(db)]
    answer = subprocess.run([*command, "--json"], capture_output=True, text=True, check=True)
    report = json.loads(answer.stdout)
    skipped = {story["url"]: story for story in report["skipped_captures"]}
    # A redirect that stays on the story skips nothing.
    same = next(k for k, shape in SHAPES.items() if shape == "archived_301_same")
    assert set(skipped) == set(SHAPES) - {same}
    assert [(c["status"], c["reason"]) for c in skipped[LOOP]["captures"]] == [(302, "redirect_loop")]
    assert not skipped[LOOP]["stored"] and all(skipped[k]["stored"] for k in SHAPES.keys() - {LOOP, same})
    reasons = Counter(c["reason"] for story in skipped.values() for c in story["captures"])
    assert reasons == Counter({"archived_5xx": 2, "archived_redirect_elsewhere": 1, "archived_404": 1,
                               "archived_429": 1, "redirect_loop": 1})
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert f"  {LOOP} (not stored)" in text and "    archived_5xx (HTTP 503, wayback): " in text


@pytest.mark.slow
def test_sporadic_429s_cost_what_they_ask_and_the_whole_coverage_is_stored(tmp_path):
    """1,500 candidates, every one fetched from the archive (no live triage); 5% of captures
    answer the archive's own 429 once, with Retry-After: 1."""
    world = generate()
    db = tmp_path / "corpus.sqlite"
    with standin(world, Rules(scale=SCALE), sporadic=0.05) as (archive, live, _):
        result = crawl_world(archive, live, db, SCALE, "-s", "MALI_NEWS_LIVE_TRIAGE=0", blocked_wait=WAIT)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert {url for (url,) in conn.execute("SELECT url FROM articles")} == world.mali
        stats = json.loads(conn.execute("SELECT stats FROM crawl_runs").fetchone()[0])
    sporadic = len(archive.sporadic_sent)
    assert sporadic >= 40
    pauses = stats["mali_news/archive/wayback/pauses"]
    # Each costs about the second it asked (doubled only when one hit the first requests after
    # a pause), never a pause of minutes, and the address is never blocked.
    assert pauses <= sporadic
    assert stats["mali_news/archive/wayback/longest_pause"] <= 4
    assert stats["mali_news/archive/wayback/paused_seconds"] <= 2 * pauses
    assert not archive.refusals
