"""Reading the 2013 pages from the Wayback Machine (a local stand-in on 127.0.0.1)."""

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mali_news.archives.wayback import (
    Snapshot,
    capture_url,
    nearest,
    parse_timestamp,
    split_archive_url,
    unwrap,
)
from tests.extraction_helpers import extract
from tests.helpers import FAST_ARCHIVE, SEED_EDITION_URL, SEED_KEY, SITE, file_response
from tests.waybackserver import LATER_SENTENCE, SEED_LATER, toolbar_form, wayback_server

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))
COVERAGE = {
    "https://www.cnn.com/2013/01/29/world/africa/mali-military-offensive/index.html",
    "https://www.cnn.com/2012/10/21/world/africa/mali-q-a/index.html",
    "https://www.cnn.com/2012/03/22/world/africa/mali-suspected-coup/index.html",
}


@pytest.mark.parametrize(("url", "expected"), [
    ("https://web.archive.org/web/20130126003000/http://edition.cnn.com/2013/01/25/x/index.html",
     ("20130126003000", "http://edition.cnn.com/2013/01/25/x/index.html")),
    ("https://web.archive.org/web/20130126id_/http://edition.cnn.com/x?hpt=hp_t3",
     ("20130126", "http://edition.cnn.com/x?hpt=hp_t3")),
    ("https://web.archive.org/web/2013/http:/edition.cnn.com/x", ("2013", "http://edition.cnn.com/x")),
    ("https://web.archive.org/web/20130126/edition.cnn.com/x", ("20130126", "http://edition.cnn.com/x")),
    ("http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", None),
    ("https://web.archive.org/web/*/cnn.com", None),
])
def test_split_archive_url(url, expected):
    assert split_archive_url(url) == expected


def test_unwrap_leaves_other_urls_alone():
    assert unwrap("http://edition.cnn.com/x") == "http://edition.cnn.com/x"
    assert unwrap("http://127.0.0.1:8/web/20130126/http://edition.cnn.com/x") == "http://edition.cnn.com/x"


def test_the_nearest_capture():
    captures = [Snapshot("20130126000000", "http://e/x"), Snapshot("20130401000000", "http://e/x")]
    assert nearest(captures, "20130215").timestamp == "20130126000000"
    assert nearest(captures, "20130320").timestamp == "20130401000000"
    assert nearest([], "20130215") is None


def test_capture_addresses():
    capture = Snapshot("20130126000000", "http://edition.cnn.com/x")
    assert capture_url("https://web.archive.org/", capture) == (
        "https://web.archive.org/web/20130126000000id_/http://edition.cnn.com/x")
    assert capture.captured_at == datetime(2013, 1, 26, tzinfo=UTC)
    assert parse_timestamp("201301") == datetime(2013, 1, 1, tzinfo=UTC)


def test_toolbar_form_page_parses_to_the_original_article(tmp_path):
    html = toolbar_form((SITE / "edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html")
                        .read_text(), "20130125230000", SEED_EDITION_URL)
    assert "ARCHIVE_REQUEST TOOLBAR" in html and 'href="/web/20130125230000/http://edition.cnn.com/' in html
    page_file = tmp_path / "toolbar.html"
    page_file.write_text(html)
    archived = extract(file_response(page_file, f"http://127.0.0.1:1/web/20130125230000/{SEED_EDITION_URL}"))
    original = extract(file_response(SITE / "edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",
                                     SEED_EDITION_URL))
    assert archived.title == original.title and archived.body == original.body
    assert [link.url for link in archived.links] == [link.url for link in original.links]
    assert "Wayback Machine" not in archived.body


def crawl(tmp_path: Path, base_url: str, *args: str) -> sqlite3.Connection:
    db = tmp_path / "c.sqlite"
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    # No way to reach CNN itself: every request must go to the archive.
    env.update(http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", no_proxy="127.0.0.1")
    result = subprocess.run(
        [MALI_NEWS, "crawl", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}",
         "-s", f"MALI_NEWS_WAYBACK_URL={base_url}", "-s", "AUTOTHROTTLE_ENABLED=0", *FAST_ARCHIVE,
         "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0", "--log-file", str(tmp_path / "c.log"), *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr + (tmp_path / "c.log").read_text()[-3000:]
    return sqlite3.connect(db)


def test_wayback_crawl_stores_originals_with_their_captures(tmp_path):
    with wayback_server() as (base_url, requests):
        db = crawl(tmp_path, base_url, "-a", "source=wayback", "-a", "depth=1")
    stored = {url: (capture, at) for url, capture, at in db.execute(
        "SELECT url, capture_url, captured_at FROM articles")}
    assert COVERAGE | {SEED_KEY} <= set(stored)
    capture, at = stored[SEED_KEY]
    assert capture == f"{base_url}/web/20130125230000id_/{SEED_EDITION_URL}"
    assert at == "2013-01-25 23:00:00"
    (body,) = db.execute("SELECT body FROM articles WHERE url = ?", (SEED_KEY,)).fetchone()
    assert LATER_SENTENCE not in body
    # Playback found every page: the index (24 queries a minute) was never asked.
    assert not [path for path in requests if path.startswith("/cdx/")]
    assert f"/web/20130125id_/{SEED_EDITION_URL}" in requests
    assert not [path for path in requests if "/web/" in path and "id_/" not in path]
    (errors,) = db.execute("SELECT errors FROM crawl_runs").fetchone()
    assert errors == 0


def test_the_capture_nearest_the_date_is_chosen(tmp_path):
    with wayback_server() as (base_url, _):
        db = crawl(tmp_path, base_url, "-a", "source=wayback", "-a", "wayback_date=20130320",
                   "-a", "depth=0")
    (body, at) = db.execute("SELECT body, captured_at FROM articles WHERE url = ?",
                            (SEED_KEY,)).fetchone()
    assert at == f"{SEED_LATER[:4]}-{SEED_LATER[4:6]}-{SEED_LATER[6:8]} 09:30:00"
    assert body.endswith(LATER_SENTENCE)


def test_pasted_toolbar_address_is_stored_under_its_original_url(tmp_path):
    with wayback_server() as (base_url, requests):
        start = f"{base_url}/web/20130125230000/{SEED_EDITION_URL}"
        db = crawl(tmp_path, base_url, "-a", f"start_urls={start}", "-a", "depth=0")
    assert db.execute("SELECT url, captured_at FROM articles").fetchall() == [
        (SEED_KEY, "2013-01-25 23:00:00")]
    assert f"/web/20130125230000id_/{SEED_EDITION_URL}" in requests


def test_a_story_the_archive_never_captured_is_counted(tmp_path):
    with wayback_server() as (base_url, _):
        db = crawl(tmp_path, base_url, "-a", "source=wayback", "-a", "depth=0", "-a",
                   "start_urls=http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html,"
                   "http://edition.cnn.com/2013/02/02/world/africa/never-archived/index.html")
        (stats,) = db.execute("SELECT stats FROM crawl_runs").fetchone()
    assert '"mali_news/wayback/no_capture": 1' in stats


def test_with_every_version_the_seed_keeps_both_texts_and_its_first_capture_is_the_record(tmp_path):
    with wayback_server() as (base_url, requests):
        db = crawl(tmp_path, base_url, "-a", "source=wayback", "-a", "depth=0", "-a", "versions=all")
    assert db.execute("SELECT substr(captured_at, 1, 10), is_record FROM renderings WHERE url = ? "
                      "ORDER BY captured_at", (SEED_KEY,)).fetchall() == [
        ("2013-01-25", 1), (f"{SEED_LATER[:4]}-{SEED_LATER[4:6]}-{SEED_LATER[6:8]}", 0)]
    (body,) = db.execute("SELECT body FROM articles WHERE url = ?", (SEED_KEY,)).fetchone()
    assert LATER_SENTENCE not in body
    assert db.execute("SELECT change, text FROM rendering_changes WHERE url = ?", (SEED_KEY,)).fetchall() == [
        ("added", LATER_SENTENCE)]
    # The index was asked once for the seed's versions, and the later capture fetched once.
    assert len([path for path in requests if path.startswith("/cdx/") and "collapse=digest" in path]) == 1
    assert len([path for path in requests if path.startswith(f"/web/{SEED_LATER}id_/")]) == 1
