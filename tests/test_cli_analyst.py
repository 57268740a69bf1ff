"""mali-news stats / search / export / report / db, as an analyst runs them."""

import importlib.metadata
import json
import sqlite3
import subprocess
import sys

import pytest

from mali_news.cli import main
from mali_news.db import migrate
from mali_news.db.engine import make_engine
from tests.corpus_helpers import copy_corpus


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_stats_json(capsys, fixture_corpus):
    status, out, _ = run(capsys, "stats", "--db", str(fixture_corpus), "--json")
    assert status == 0
    stats = json.loads(out)
    assert stats["articles"] == 11
    assert stats["background"] == {"share": stats["background"]["share"], "paragraphs": 1, "clusters": 1}
    assert 0.01 < stats["background"]["share"] < 0.05
    assert list(stats["places"])[:2] == ["Bamako", "Timbuktu"]
    assert stats["actors"]["Malian army"] == 5


def test_stats_text_shows_the_background_share(capsys, fixture_corpus):
    status, out, _ = run(capsys, "stats", "--db", str(fixture_corpus))
    assert status == 0
    assert "of story text recycled (1 paragraphs, 1 clusters)" in out
    assert "places (stories)" in out and "actors (stories)" in out
    # Every sample story has an author: no "(no author) 0" row.
    assert "(no author)" not in out


def test_stats_says_first_that_the_corpus_is_the_sample(capsys, fixture_corpus):
    _, out, _ = run(capsys, "stats", "--db", str(fixture_corpus))
    assert out.startswith("NOTE: all stories come from the bundled sample pages (fixtures/site)")
    assert ("(finished, 11 new, 0 updated, 0 unchanged; 2 dropped (1 off_topic, 1 out_of_window), "
            "1 failed (1 not_in_replay); from the bundled sample pages (") in out


def test_stats_of_a_failed_crawl_says_it_failed(capsys, fixture_corpus, tmp_path):
    import sqlite3

    corpus = tmp_path / "c.sqlite"
    corpus.write_bytes(fixture_corpus.read_bytes())
    with sqlite3.connect(corpus) as conn:
        conn.execute("UPDATE crawl_runs SET exit_status = 4, outcome = 'nothing could be fetched "
                     "(most frequent error: dns_failure); is the network up?'")
    status, out, _ = run(capsys, "stats", "--db", str(corpus))
    assert status == 0
    assert ("(failed with status 4: nothing could be fetched (most frequent error: dns_failure); "
            "is the network up?, 11 new") in out


def test_search_of_a_reversed_range_is_an_error(capsys, fixture_corpus):
    status, _, err = run(capsys, "search", "Mali", "--db", str(fixture_corpus), "--since", "2013-06-01",
                         "--until", "2013-01-01")
    assert status == 2
    assert err.strip() == ("mali-news search: --since 2013-06-01 is after --until 2013-01-01: "
                           "no day is in that range")


def test_search_text_and_json(capsys, fixture_corpus):
    status, out, _ = run(capsys, "search", "Kidal", "--db", str(fixture_corpus), "--since",
                         "2013-01-01", "--until", "2013-12-31")
    assert status == 0
    assert "[Kidal]" in out
    status, out, _ = run(capsys, "search", "Kidal", "--db", str(fixture_corpus), "--json",
                         "--limit", "1")
    assert len(json.loads(out)) == 1


def test_export_to_file_and_stdout(capsys, fixture_corpus, tmp_path):
    out_file = tmp_path / "corpus.jsonl"
    status, _, err = run(capsys, "export", "--db", str(fixture_corpus), "--out", str(out_file))
    assert status == 0 and "exported 11 articles" in err
    assert len(out_file.read_text().splitlines()) == 11
    assert not (tmp_path / "corpus.jsonl.partial").exists()
    status, out, _ = run(capsys, "export", "--db", str(fixture_corpus), "--format", "csv")
    assert out.startswith("id,url,kind,title,authors,")


def test_export_without_background(capsys, fixture_corpus):
    recycled = "France sent troops to Mali at the request of the Malian government"
    _, out, _ = run(capsys, "export", "--db", str(fixture_corpus))
    full = [json.loads(line) for line in out.splitlines()]
    _, out, err = run(capsys, "export", "--db", str(fixture_corpus), "--exclude-background")
    fresh = [json.loads(line) for line in out.splitlines()]
    assert "exported 11 articles" in err
    assert sum(recycled in a["body"] for a in full) == 2
    # The earlier story keeps its paragraph; the later one loses it, and nothing else.
    assert sum(recycled in a["body"] for a in fresh) == 1
    changed = [(a, b) for a, b in zip(full, fresh, strict=True) if a["body"] != b["body"]]
    ((before, after),) = changed
    assert before["url"].endswith("/2013/01/29/world/africa/mali-military-offensive/index.html")
    assert [p for p in before["body"].split("\n\n") if recycled not in p] == after["body"].split("\n\n")
    assert after["word_count"] == before["word_count"] - 32
    assert after["background_share"] == before["background_share"] > 0


def test_enrich(capsys, fixture_corpus, tmp_path):
    db = tmp_path / "corpus.sqlite"
    copy_corpus(fixture_corpus, db)
    status, _, err = run(capsys, "enrich", "--db", str(db))
    assert status == 0
    # 35: the fixture stories' datelines now count too (Bamako twice more, Paris twice), read off
    # the stories' "Bamako, Mali (CNN)" and "Paris (CNN)".
    assert err.startswith("11 stories: 35 place mentions, ")
    assert "1 recycled paragraphs in 1 clusters" in err


def test_enrich_of_an_old_corpus_asks_for_the_upgrade(capsys, tmp_path):
    db = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine, "0010")
    engine.dispose()
    status, _, err = run(capsys, "enrich", "--db", str(db))
    assert status == 2
    assert err == ("mali-news enrich: the corpus has schema revision 0010, this release needs "
                   f"{migrate.head()}: run `mali-news db upgrade` first\n")


def test_report(capsys, fixture_corpus, tmp_path):
    status, _, err = run(capsys, "report", "--db", str(fixture_corpus), "--out",
                         str(tmp_path / "r.html"))
    assert status == 0
    assert err == f"wrote {tmp_path / 'r.html'} and its datasheet {tmp_path / 'r.datasheet.md'}\n"
    html = (tmp_path / "r.html").read_text()
    assert html.count('<div class="chart" id=') == 5
    assert f"Source: {fixture_corpus}." in html


@pytest.mark.parametrize("missing", ["altair", "vl_convert"])
def test_report_without_its_extra_names_it(capsys, fixture_corpus, tmp_path, monkeypatch, missing):
    # As on an install without the report extra: the charting library cannot be imported.
    for name in [name for name in sys.modules if name.split(".")[0] == missing] + [missing]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "mali_news.corpus.report", raising=False)
    status, _, err = run(capsys, "report", "--db", str(fixture_corpus), "--out",
                         str(tmp_path / "r.html"))
    assert status == 1
    assert err == f"mali-news report: the report needs {missing}: pip install 'mali-news[report]'\n"
    assert not (tmp_path / "r.html").exists()


def test_charting_and_datasette_are_optional_extras():
    requires = importlib.metadata.requires("mali-news")
    for package, extra in (("altair", "report"), ("vl-convert-python", "report"),
                           ("datasette", "serve"), ("datasette-cluster-map", "serve")):
        found = [r for r in requires if r.split(">")[0].split("[")[0].strip() == package]
        assert found and all(f'extra == "{extra}"' in r for r in found), package
    # The crawl and the other commands never import them (nor datasketch's SciPy).
    code = ("import sys, mali_news.cli, mali_news.settings, mali_news.extensions.background; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'altair', 'vl_convert', 'datasette', "
            "'datasketch', 'scipy'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["[]"]


def test_db_current_and_upgrade_of_an_old_corpus(capsys, tmp_path):
    db = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine, "0001")
    engine.dispose()
    assert run(capsys, "db", "current", "--db", str(db))[1].startswith("0001 (this release needs")
    status, out, _ = run(capsys, "db", "upgrade", "--db", str(db))
    assert (status, out.strip()) == (0, f"0001 -> {migrate.head()}")
    assert run(capsys, "db", "current", "--db", str(db))[1].strip() == f"{migrate.head()} (up to date)"
    assert run(capsys, "stats", "--db", str(db))[0] == 0


def test_db_upgrade_creates_a_new_corpus_only_when_asked(capsys, tmp_path):
    status, _, err = run(capsys, "db", "upgrade", "--db", str(tmp_path / "new.sqlite"))
    assert status == 2 and "--create" in err and not (tmp_path / "new.sqlite").exists()
    status, out, _ = run(capsys, "db", "upgrade", "--create", "--db", str(tmp_path / "new.sqlite"))
    assert status == 0 and out.strip() == f"none -> {migrate.head()}"


@pytest.mark.parametrize("command", [
    ["stats"], ["search", "Mali"], ["export"], ["report", "--out", "r.html"], ["db", "current"],
])
def test_missing_or_foreign_database_is_a_clear_error(capsys, tmp_path, command):
    status, _, err = run(capsys, *command, "--db", str(tmp_path / "nope.sqlite"))
    assert status == 2
    assert err.startswith(f"mali-news {command[0]}: no database file at")
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE t (x)")
    status, _, err = run(capsys, *command, "--db", str(foreign))
    assert status == 2
    assert "not a mali_news corpus" in err
    assert "Traceback" not in err


def test_default_database_comes_from_the_environment(capsys, fixture_corpus, tmp_path, monkeypatch):
    copy = tmp_path / "env.sqlite"
    copy_corpus(fixture_corpus, copy)
    monkeypatch.setenv("MALI_NEWS_DATABASE_URL", f"sqlite:///{copy}")
    status, out, _ = run(capsys, "stats", "--json")
    assert status == 0 and json.loads(out)["articles"] == 11
