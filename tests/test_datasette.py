"""Datasette finds the full-text index by itself, so `datasette corpus.sqlite` offers search."""

import sqlite3

import pytest

datasette_utils = pytest.importorskip("datasette.utils")


def test_datasette_detects_the_fts_index(fixture_corpus):
    with sqlite3.connect(fixture_corpus) as conn:
        assert datasette_utils.detect_fts(conn, "articles") == "articles_fts"
