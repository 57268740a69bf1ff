"""One crawl of a site full of faults: nothing crashes, nothing good is lost, nobody gets in."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import faultsite
from tests.corpus_helpers import assert_one_ledger
from tests.faultsite import CASES, HOST, HUB, fault_server, story_url
from tests.helpers import ROOT

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    db = tmp / "c.sqlite"
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    with fault_server() as (base_url, site):
        env["http_proxy"] = base_url
        result = subprocess.run(
            [MALI_NEWS, "crawl", "-a", f"start_urls=http://{HOST}{HUB}",
             "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}",
             "-s", f"DOWNLOAD_TIMEOUT={faultsite.DOWNLOAD_TIMEOUT}", "-s", "RETRY_TIMES=1",
             "-s", "MALI_NEWS_RETRY_BACKOFF=0.05",
             "-s", f"MALI_NEWS_MAX_PAGE_BYTES={faultsite.MAX_PAGE_BYTES}",
             "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "MALI_NEWS_SUMMARY=true",
             "--log-file", str(tmp / "crawl.log")],
            cwd=tmp, env=env, capture_output=True, text=True, timeout=300)
        requests = list(site.requests)
    with sqlite3.connect(db) as conn:
        (stats,) = conn.execute("SELECT stats FROM crawl_runs").fetchone()
    return {"result": result, "db": db, "stats": json.loads(stats), "requests": requests,
            "log": (tmp / "crawl.log").read_text()}


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_the_crawl_finishes_and_no_exception_escapes(crawl):
    assert crawl["result"].returncode == 0, crawl["result"].stderr
    assert "Traceback" not in crawl["log"]
    assert not [k for k in crawl["stats"] if k.startswith(("spider_exceptions/", "log_count/CRITICAL"))]


def test_exactly_the_good_articles_are_stored(crawl):
    stored = {url for (url,) in rows(crawl["db"], "SELECT url FROM articles")}
    expected = {story_url(c.slug).replace("http://edition.", "https://www.") for c in CASES if c.stored}
    assert stored == expected


@pytest.mark.parametrize("case", [c for c in CASES if c.stat], ids=lambda c: c.slug)
def test_each_bad_case_is_counted_under_its_own_reason(crawl, case):
    assert crawl["stats"].get(f"mali_news/{case.stat}", 0) >= 1, case.stat


def test_reasons_are_counted_exactly(crawl):
    stats = crawl["stats"]
    assert stats["mali_news/timestamp/unparsed"] == 2
    for reason in ("http_500", "http_503", "http_404", "http_410", "timeout", "connection_lost",
                   "redirect_loop", "offsite_redirect", "too_large"):
        assert stats[f"mali_news/errors/{reason}"] == 1, reason
    errors, failed = rows(crawl["db"], "SELECT errors, failed FROM crawl_runs")[0]
    assert errors == 9
    # The pages the content gate left (pdf, json, png) are failed pages too, by their reason.
    assert json.loads(failed) == {
        "http_500": 1, "http_503": 1, "http_404": 1, "http_410": 1, "timeout": 1,
        "connection_lost": 1, "redirect_loop": 1, "offsite_redirect": 1, "too_large": 1, "not_html": 3}


def test_the_summary_progress_crawl_runs_stats_and_coverage_give_the_same_numbers(crawl):
    totals = assert_one_ledger(crawl["db"], crawl["result"].stderr, crawl["log"])
    assert totals["failed"] == 12


def test_database_is_intact_and_hostile_strings_are_verbatim(crawl):
    db = crawl["db"]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    titles = {title for (title,) in rows(db, "SELECT title FROM articles")}
    assert f"Mali {faultsite.SQL}" in titles
    assert f"Mali {faultsite.RTL_EMOJI}" in titles
    assert faultsite.CP1252_TITLE in titles
    (body,) = rows(db, "SELECT body FROM articles WHERE url LIKE '%/sql-text/%'")[0]
    assert faultsite.SQL in body and 'Robert"); DELETE FROM authors; --' in body
    (body,) = rows(db, "SELECT body FROM articles WHERE url LIKE '%/cp1252/%'")[0]
    assert "Sévaré" in body and "“front line”" in body and "Gao’s" in body
    assert faultsite.UTF8_TITLE in titles
    (body,) = rows(db, "SELECT body FROM articles WHERE url LIKE '%/stray-bytes/%'")[0]
    assert body == "Troops in Sévaré \ufffd moved north.\n\nGao’s \ufffd market reopened."
    (body,) = rows(db, "SELECT body FROM articles WHERE url LIKE '%/nul-bytes/%'")[0]
    assert "\x00" not in body and "Mali troops advanced." in body
    (size,) = rows(db, "SELECT length(body) FROM articles WHERE url LIKE '%/huge-paragraph/%'")[0]
    assert size > 1_000_000
    assert rows(db, "SELECT count(*) FROM authors") == [(1,)]  # Faith Karimi, once


def test_short_lines_subheads_and_repeats_are_all_stored(crawl):
    (body,) = rows(crawl["db"], "SELECT body FROM articles WHERE url LIKE '%/short-lines/%'")[0]
    assert body.split("\n\n") == [
        "The armed groups of northern Mali, as ranked by the minister:", "Key players", "Ansar Dine",
        "MNLA", "1. Ansar Dine", "2. MUJAO", "3. MNLA", "The curfew begins at 06:00",
        "Opinion: the war will be long, the minister said.", "Gao is calm.", "Gao is calm."]


def test_unparseable_timestamps_never_become_dates(crawl):
    # Only the day in the address is known, and said to be only a day.
    assert rows(crawl["db"], "SELECT published_at, published_precision, updated_at, timestamp_text "
                             "FROM articles WHERE url LIKE '%/impossible-date/%'") == [
        ("2013-02-01 00:00:00", "day", None, "February 30, 2013 -- Updated 2147 GMT (0547 HKT)")]
    assert rows(crawl["db"], "SELECT published_precision, updated_at, timestamp_text FROM articles "
                             "WHERE url LIKE '%/no-timestamp/%'") == [("day", None, None)]


def test_nothing_outside_cnn_and_nothing_disallowed_is_requested(crawl):
    hosts = {host for host, _ in crawl["requests"]}
    assert hosts == {HOST}
    paths = {path for _, path in crawl["requests"]}
    assert "/2013/02/01/world/africa/private/index.html" not in paths
    assert not [p for p in paths if p.startswith(("javascript", "mailto", "data", "file", "#"))]
    assert crawl["stats"]["mali_news/skipped/robots_txt"] == 1


def test_server_errors_were_retried_with_backoff(crawl):
    paths = [path for _, path in crawl["requests"]]
    assert paths.count("/2013/02/01/world/africa/server-error/index.html") == 2
    assert paths.count("/2013/02/01/world/africa/not-found/index.html") == 1


def test_the_guides_reliability_table_is_generated_from_these_cases():
    guide = (ROOT / "docs" / "reliability.md").read_text()
    assert faultsite.markdown_table() in guide


@pytest.mark.parametrize("slug", ["server-error", "unavailable", "too-large", "not-found"])
def test_each_failure_is_logged_once_with_url_and_reason(crawl, slug):
    url = story_url(slug)
    lines = [line for line in crawl["log"].splitlines()
             if url in line and ("ERROR" in line or "WARNING" in line)]
    assert len(lines) == 1, lines
    assert "Could not fetch" in lines[0]
