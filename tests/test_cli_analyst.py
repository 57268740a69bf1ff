"""mali-news stats / search / export / report / db, as an analyst runs them."""

import importlib.metadata
import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from mali_news.cli import main
from mali_news.db import migrate
from mali_news.db.engine import make_engine


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_stats_json(capsys, fixture_corpus):
    status, out, _ = run(capsys, "stats", "--db", str(fixture_corpus), "--json")
    assert status == 0
    assert json.loads(out)["articles"] == 11


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
    assert out.startswith("id,url,title,authors,")


def test_report(capsys, fixture_corpus, tmp_path):
    status, _, _ = run(capsys, "report", "--db", str(fixture_corpus), "--out",
                       str(tmp_path / "r.html"))
    assert status == 0
    assert (tmp_path / "r.html").read_text().count("data:image/png;base64,") == 3


def test_report_without_matplotlib_names_the_extra(capsys, fixture_corpus, tmp_path, monkeypatch):
    # As on an install without the report extra: matplotlib cannot be imported.
    for name in [name for name in sys.modules if name.split(".")[0] == "matplotlib"] + ["matplotlib"]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "mali_news.corpus.report", raising=False)
    status, _, err = run(capsys, "report", "--db", str(fixture_corpus), "--out",
                         str(tmp_path / "r.html"))
    assert status == 1
    assert err == "mali-news report: the report needs matplotlib: pip install 'mali-news[report]'\n"
    assert not (tmp_path / "r.html").exists()


def test_matplotlib_is_an_optional_extra_and_no_backend_is_switched():
    requires = importlib.metadata.requires("mali-news")
    matplotlib = [r for r in requires if r.startswith("matplotlib")]
    assert matplotlib and all('extra == "report"' in r for r in matplotlib)
    code = ("import sys, matplotlib; matplotlib.use = lambda *a, **k: sys.exit('use() called'); "
            "import mali_news.corpus.report; print('matplotlib.pyplot' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False"]


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


def test_db_upgrade_creates_a_new_corpus(capsys, tmp_path):
    status, out, _ = run(capsys, "db", "upgrade", "--db", str(tmp_path / "new.sqlite"))
    assert status == 0 and out.strip() == f"none -> {migrate.head()}"


@pytest.mark.parametrize("command", [
    ["stats"], ["search", "Mali"], ["export"], ["report", "--out", "r.html"], ["db", "current"],
])
def test_missing_or_foreign_database_is_a_clear_error(capsys, tmp_path, command):
    status, _, err = run(capsys, *command, "--db", str(tmp_path / "nope.sqlite"))
    assert status == 1
    assert err.startswith(f"mali-news {command[0]}: no database file at")
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE t (x)")
    status, _, err = run(capsys, *command, "--db", str(foreign))
    assert status == 1
    assert "not a mali_news corpus" in err
    assert "Traceback" not in err


def test_default_database_comes_from_the_environment(capsys, fixture_corpus, tmp_path, monkeypatch):
    copy = tmp_path / "env.sqlite"
    shutil.copy(fixture_corpus, copy)
    monkeypatch.setenv("MALI_NEWS_DATABASE_URL", f"sqlite:///{copy}")
    status, out, _ = run(capsys, "stats", "--json")
    assert status == 0 and json.loads(out)["articles"] == 11
