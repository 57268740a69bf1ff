"""Datasette on the corpus: `datasette corpus.sqlite` finds the search index by itself, and
`mali-news serve` adds descriptions, facets, canned queries and the places map."""

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from mali_news.corpus.datasette import QUERIES, TABLES, metadata
from tests.corpus_helpers import copy_corpus
from tests.events import Lines
from tests.helpers import ROOT

datasette_utils = pytest.importorskip("datasette.utils")


def test_datasette_detects_the_fts_index(fixture_corpus):
    with sqlite3.connect(fixture_corpus) as conn:
        assert datasette_utils.detect_fts(conn, "articles") == "articles_fts"


def test_every_table_and_view_is_described(fixture_corpus):
    with sqlite3.connect(fixture_corpus) as conn:
        names = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT GLOB 'articles_fts_*' AND name NOT GLOB 'sqlite_*' AND name != 'alembic_version'")}
        for table, (_, columns) in TABLES.items():
            have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            assert set(columns) <= have, table
    assert names == set(TABLES)
    # The guide's schema reference names the same tables.
    guide = (ROOT / "docs" / "database.md").read_text()
    schema = guide[guide.index("# The database"):guide.index("## Example queries")]
    assert set(re.findall(r"^\| `(\w+)`", schema, re.M)) == set(TABLES)


def test_canned_queries_run(fixture_corpus):
    params = {"author": "Faith Karimi", "place": "Kidal", "actor": "MNLA", "category": ""}
    with sqlite3.connect(fixture_corpus) as conn:
        for name, query in QUERIES.items():
            rows = conn.execute(query["sql"], params).fetchall()
            assert rows, name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def _serve(db, tmp_path) -> tuple[subprocess.Popen, str]:
    """`mali-news serve` on a free port, once it answers (its cache folder under tmp_path)."""
    port = _free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "mali_news.cli", "serve", "--db", str(db),
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        # Uvicorn says when it listens; the server's first answer follows it.
        Lines(process.stdout).wait_for(lambda line: "Uvicorn running on" in line, "Datasette listens",
                                       timeout=60)
    except AssertionError:
        process.kill()
        raise
    return process, base


@pytest.fixture
def served(fixture_corpus, tmp_path):
    process, base = _serve(copy_corpus(fixture_corpus, tmp_path / "mali_news.sqlite"), tmp_path)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(10)


def test_sigterm_to_serve_leaves_no_datasette(fixture_corpus, tmp_path):
    db = copy_corpus(fixture_corpus, tmp_path / "mali_news.sqlite")
    process, base = _serve(db, tmp_path)
    # serve became Datasette: the one process answering is the one that was started.
    assert _get(f"{base}/-/versions.json")
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) is not None
    left = [pid for pid in os.listdir("/proc") if pid.isdigit() and str(db).encode() in
            Path(f"/proc/{pid}/cmdline").read_bytes()] if Path("/proc").is_dir() else []
    assert left == []
    with pytest.raises(OSError):
        _get(f"{base}/-/versions.json")
    # The metadata it served is kept, in the user's cache folder, not in a temporary one.
    assert [p.suffix for p in (tmp_path / "cache" / "mali-news" / "serve").iterdir()] == [".json"]


def test_serve_answers_a_canned_query_as_json(served):
    rows = _get(f"{served}/mali_news/stories_naming_a_place.json?place=Kidal&_shape=array")
    assert {row["url"].split("/")[-2] for row in rows} == {
        "mali-military-offensive", "mali-q-a", "mali-presidential-election", "mali-timbuktu-airport",
        "mali-conflict"}
    weeks = _get(f"{served}/mali_news/actor_mentions_over_time.json?actor=mnla&_shape=array")
    assert weeks and all(set(row) == {"month", "stories", "mentions"} for row in weeks)


def test_serve_has_descriptions_facets_search_and_the_map(served):
    meta = _get(f"{served}/-/metadata.json")
    assert meta == json.loads(json.dumps(metadata("mali_news")))
    facets = _get(f"{served}/mali_news/story_index.json?_facet=month&_facet=kind")["facet_results"]
    months = {row["value"]: row["count"] for row in facets["month"]["results"]}
    assert months["2013-01"] == 5 and sum(months.values()) == 11
    authors = _get(f"{served}/mali_news/story_index.json?_facet_array=authors")["facet_results"]
    assert {row["value"]: row["count"] for row in authors["authors"]["results"]}["Faith Karimi"] == 3
    found = _get(f"{served}/mali_news/articles.json?_search=Timbuktu&_shape=array&_col=title")
    assert len(found) == 6
    plugins = {p["name"] for p in _get(f"{served}/-/plugins.json")}
    assert "datasette-cluster-map" in plugins
