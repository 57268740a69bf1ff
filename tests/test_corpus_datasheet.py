"""The datasheet: written from the corpus, in the sections of "Datasheets for Datasets"."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mali_news.corpus.datasheet import datasheet, format_datasheet
from mali_news.db.opening import open_corpus

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))
SECTIONS = ("## Motivation", "## Composition", "## Collection process", "## Preprocessing and cleaning",
            "## Uses", "## Distribution", "## Maintenance", "## How to cite")


def mali_news(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([MALI_NEWS, *args], capture_output=True, text=True, timeout=120)


def test_the_sample_datasheet_says_it_is_the_sample_and_gives_the_corpus_own_figures(fixture_corpus):
    result = mali_news("datasheet", "--db", str(fixture_corpus))
    assert result.returncode == 0, result.stderr
    sheet = result.stdout
    assert [line for line in sheet.splitlines() if line.startswith("## ")] == list(SECTIONS)
    assert "This datasheet describes the bundled sample, not a corpus of CNN's coverage." in sheet
    assert "- **sample** (11 stories): the bundled sample pages (fixtures/site)" in sheet
    assert "| 2013-01 | 5 |" in sheet and "| story | 11 |" in sheet
    assert "recall 0.467" in sheet
    assert "- **Date window.** `2012-01-01..2013-12-31` (MALI_NEWS_DATE_RANGE)." in sheet
    assert "reaches 2.0" in sheet
    assert "**Left out on purpose (dropped), all crawls:** 1 off_topic, 1 out_of_window." in sheet
    assert "**Could not be had (failed), all crawls:** 1 not_in_replay." in sheet
    assert "No: the sample's pages were written for the tests." in sheet


def test_its_figures_are_those_of_stats_and_coverage(fixture_corpus):
    figures = json.loads(mali_news("datasheet", "--db", str(fixture_corpus), "--json").stdout)
    stats = json.loads(mali_news("stats", "--db", str(fixture_corpus), "--json").stdout)
    coverage = json.loads(mali_news("coverage", "--db", str(fixture_corpus), "--json").stdout)
    stored = sum(row["stored"] for row in coverage["by_kind_and_month"])
    assert figures["articles"] == stats["articles"] == stored
    assert figures["by_origin"] == stats["origins"]
    assert figures["dropped"] == stats["last_crawl"]["dropped"]
    assert figures["failed"] == stats["last_crawl"]["failed"]
    assert figures["checklist"]["recall"] == coverage["checklist"]["recall"]
    with sqlite3.connect(fixture_corpus) as conn:
        by_month = dict(conn.execute("SELECT substr(published_at, 1, 7), count(*) FROM articles GROUP BY 1"))
    assert figures["by_month"] == by_month


def test_a_corpus_whose_crawls_did_not_record_their_rule_says_so(tmp_path, fixture_corpus):
    db = tmp_path / "old.sqlite"
    db.write_bytes(fixture_corpus.read_bytes())
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE crawl_runs SET stats = '{}'")
    engine = open_corpus(str(db))
    try:
        with engine.connect() as conn:
            sheet = format_datasheet(datasheet(conn, str(db)))
    finally:
        engine.dispose()
    assert "- **Date window.** not recorded by the crawls of this corpus" in sheet
    assert "2012-01-01..2013-12-31" not in sheet


def test_an_export_and_the_report_carry_it_beside_them(tmp_path, fixture_corpus):
    out = tmp_path / "mali.csv"
    result = mali_news("export", "--db", str(fixture_corpus), "--out", str(out), "--datasheet")
    assert result.returncode == 0, result.stderr
    assert f"wrote its datasheet to {tmp_path / 'mali.datasheet.md'}" in result.stderr
    assert (tmp_path / "mali.datasheet.md").read_text().startswith("# Datasheet: ")
    refused = mali_news("export", "--db", str(fixture_corpus), "--datasheet")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.count("\n") == 1 and "--out" in refused.stderr
    pytest.importorskip("altair")
    report = tmp_path / "report.html"
    result = mali_news("report", "--db", str(fixture_corpus), "--out", str(report))
    assert result.returncode == 0, result.stderr
    assert '<a id="datasheet" href="report.datasheet.md">the datasheet</a>' in report.read_text()
    assert (tmp_path / "report.datasheet.md").is_file()


@pytest.mark.parametrize(("out", "words"), [
    ("missing/sheet.md", "missing"),
])
def test_a_bad_out_gets_one_line(tmp_path, fixture_corpus, out, words):
    result = mali_news("datasheet", "--db", str(fixture_corpus), "--out", str(tmp_path / out))
    assert result.returncode != 0 and result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    refused = mali_news("datasheet", "--db", str(fixture_corpus), "--out", str(fixture_corpus))
    assert refused.returncode != 0 and "corpus" in refused.stderr, refused.stderr
