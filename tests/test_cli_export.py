"""mali-news export: the format from the file name, --format over it, CSL-JSON that Zotero reads."""

import csv
import json
import re
import subprocess
import sys

import pytest

from mali_news import UsageError
from mali_news.cli.export import choose_format
from tests.helpers import ROOT


@pytest.mark.parametrize(("given", "out", "chosen"), [
    (None, None, "jsonl"),
    (None, "corpus.csv", "csv"),
    (None, "corpus.CSV", "csv"),
    (None, "corpus.ndjson", "jsonl"),
    (None, "corpus.json", "json"),
    (None, "corpus.txt", "jsonl"),
    ("csv", "corpus.txt", "csv"),
    ("csl-json", "mali.json", "csl-json"),
    ("jsonl", "-", "jsonl"),
    ("csv", "corpus.dat", "csv"),
    (None, "/dev/stdout", "jsonl"),
])
def test_choose_format(given, out, chosen):
    from pathlib import Path

    assert choose_format(given, Path(out) if out else None) == chosen


def test_a_format_the_file_name_contradicts_is_an_error():
    from pathlib import Path

    with pytest.raises(UsageError, match=r"--format jsonl does not match x.csv"):
        choose_format("jsonl", Path("x.csv"))


@pytest.mark.parametrize("out", ["x.xlsx", "corpus.parquet", "data.tsv", "c.json.gz"])
def test_a_name_of_a_format_export_cannot_write_is_refused(out):
    from pathlib import Path

    with pytest.raises(UsageError, match=rf"cannot write \.\w+ \({re.escape(out)}\): export writes "):
        choose_format(None, Path(out))


def test_an_xlsx_file_is_refused_in_one_line_and_nothing_written(fixture_corpus, tmp_path):
    result = export(fixture_corpus, "--out", str(tmp_path / "x.xlsx"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot write .xlsx" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def export(corpus, *args):
    return subprocess.run([sys.executable, "-m", "mali_news.cli", "export", "--db", str(corpus), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_out_csv_gives_csv_with_provenance(fixture_corpus, tmp_path):
    result = export(fixture_corpus, "--out", str(tmp_path / "data.csv"))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((tmp_path / "data.csv").open()))
    assert {"kind", "origin", "archive", "capture_url", "captured_at", "topic_score", "topic_terms",
            "places", "actors", "citation"} <= set(rows[0])
    seed = next(r for r in rows if r["url"].endswith("/2013/01/25/world/africa/mali-unrest/index.html"))
    assert (seed["kind"], seed["origin"]) == ("story", "sample")
    assert seed["citation"].startswith("Elbagir, N., & Formanek, I. (2013, January 25). Malian security "
                                       "forces push into rebel territory. CNN.")
    assert seed["places"] and seed["actors"]
    # The export says the corpus is the bundled sample.
    assert "bundled sample pages" in result.stderr


def test_excel_csv_begins_with_a_byte_order_mark_and_is_refused_for_other_formats(fixture_corpus, tmp_path):
    result = export(fixture_corpus, "--excel", "--out", str(tmp_path / "excel.csv"))
    assert result.returncode == 0, result.stderr
    raw = (tmp_path / "excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader((tmp_path / "excel.csv").open(encoding="utf-8-sig")))
    assert next(iter(rows[0])) == "id" and rows[0]["published_at"].endswith("+00:00")
    refused = export(fixture_corpus, "--excel", "--out", str(tmp_path / "x.jsonl"))
    assert refused.returncode == 2 and "--excel is for CSV" in refused.stderr
    assert not (tmp_path / "x.jsonl").exists()


def exported(corpus, *args) -> list[dict]:
    result = export(corpus, "--format", "jsonl", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_export_selects_by_story_date_kind_origin_and_query(fixture_corpus):
    import sqlite3

    with sqlite3.connect(fixture_corpus) as conn:
        rows = conn.execute("SELECT url, kind, coalesce(published_at, updated_at, first_seen_at) "
                            "FROM articles").fetchall()
        titled = {url for (url,) in conn.execute(
            "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH 'Timbuktu'")}
    everything = exported(fixture_corpus)
    assert {a["url"] for a in everything} == {url for url, _, _ in rows}
    january = exported(fixture_corpus, "--since", "2013-01-01", "--until", "2013-01-31")
    in_january = {url for url, _, day in rows if "2013-01-01" <= day[:10] <= "2013-01-31"}
    assert {a["url"] for a in january} == in_january
    assert january and len(january) < len(everything)
    stories = exported(fixture_corpus, "--kind", "story")
    assert {a["kind"] for a in stories} == {"story"} and len(stories) == sum(k == "story" for _, k, _ in rows)
    assert exported(fixture_corpus, "--origin", "wayback") == []
    assert len(exported(fixture_corpus, "--origin", "sample")) == len(everything)
    assert {a["url"] for a in exported(fixture_corpus, "--query", "Timbuktu")} == titled
    # Text in no FTS5 syntax is searched as plain words, as `mali-news search` does.
    assert exported(fixture_corpus, "--query", "Timbuktu's") is not None
    reversed_range = export(fixture_corpus, "--since", "2013-02-01", "--until", "2013-01-01")
    assert reversed_range.returncode == 2 and "is after --until" in reversed_range.stderr


def test_a_contradicting_format_writes_nothing(fixture_corpus, tmp_path):
    result = export(fixture_corpus, "--format", "jsonl", "--out", str(tmp_path / "x.csv"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "does not match" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_csl_json_is_one_valid_item_per_story(fixture_corpus, tmp_path):
    result = export(fixture_corpus, "--format", "csl-json", "--out", str(tmp_path / "mali.json"))
    assert result.returncode == 0, result.stderr
    items = json.loads((tmp_path / "mali.json").read_text())
    import sqlite3

    with sqlite3.connect(fixture_corpus) as conn:
        (n,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    assert len(items) == n == len({item["id"] for item in items})
    for item in items:
        assert item["type"] in ("article-newspaper", "post-weblog", "broadcast")
        assert item["title"] and item["URL"] == item["id"] and item["container-title"] == "CNN"
        for name in item.get("author", []):
            assert set(name) in ({"family", "given"}, {"literal"}, {"family", "given", "suffix"})
    seed = next(i for i in items if i["id"].endswith("/2013/01/25/world/africa/mali-unrest/index.html"))
    assert seed["author"] == [{"family": "Elbagir", "given": "Nima"},
                              {"family": "Formanek", "given": "Ingrid"}]
    assert seed["issued"] == {"date-parts": [[2013, 1, 25]]}
