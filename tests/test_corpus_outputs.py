"""Outputs written safely: whole files only, links written through, devices and pipes streamed."""

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mali_news.corpus.outputs import OutputError, output
from tests.helpers import ROOT


def test_a_regular_file_appears_whole_and_keeps_its_mode(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    target.chmod(0o640)
    with output(target) as out:
        out.write("new\n")
        # Until the end the old file stands, and the new one is a hidden file beside it.
        assert target.read_text() == "old\n"
        assert [p.name.startswith(".out.jsonl.") for p in tmp_path.iterdir() if p != target] == [True]
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), output(target) as out:
        out.write("half")
        raise RuntimeError("the query failed")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_two_writers_of_one_file_never_share_a_temporary(tmp_path):
    target = tmp_path / "out.jsonl"
    with output(target) as first, output(target) as second:
        first.write("first\n")
        second.write("second\n")
        assert len(list(tmp_path.iterdir())) == 2
    assert target.read_text() == "first\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_symbolic_link_is_written_through(tmp_path):
    real = tmp_path / "data" / "corpus.jsonl"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    with output(link) as out:
        out.write("new\n")
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text() == "new\n"


def test_a_device_stays_a_device():
    with output("/dev/null") as out:
        out.write("x" * 10_000)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_device_gets_one_line():
    with pytest.raises(OutputError, match="cannot write /dev/full: No space left on device"), \
            output("/dev/full") as out:
        out.write("x" * 100_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_pipe_is_streamed(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    with output(fifo) as out:
        out.write("through the pipe\n")
    reader.join(timeout=10)
    assert received == ["through the pipe\n"] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_dash_is_standard_output(capsys):
    with output("-") as out:
        out.write("to stdout")
    assert capsys.readouterr().out == "to stdout"


@pytest.mark.parametrize(("target", "message"), [
    ("{tmp}/no/such/folder/out.jsonl",
     "cannot write {tmp}/no/such/folder/out.jsonl: no folder {tmp}/no/such/folder"),
    ("{tmp}", "cannot write {tmp}: it is a folder"),
])
def test_a_place_that_cannot_be_written(tmp_path, target, message):
    with pytest.raises(OutputError) as raised, output(target.format(tmp=tmp_path)):
        pass
    assert str(raised.value) == message.format(tmp=tmp_path) and raised.value.status == 2


def test_an_unwritable_folder(tmp_path, monkeypatch):
    # Permissions do not stop root (CI runs as root): the folder refuses the temporary file.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("mali_news.corpus.outputs.tempfile.mkstemp", refuse)
    with pytest.raises(OutputError, match=r"cannot write .*out\.jsonl: Permission denied"), \
            output(tmp_path / "out.jsonl"):
        pass


@pytest.mark.parametrize("command", [["export"], ["report"]])
def test_export_and_report_to_a_missing_folder(fixture_corpus, tmp_path, command):
    result = subprocess.run([sys.executable, "-m", "mali_news.cli", *command, "--db", str(fixture_corpus),
                             "--out", str(tmp_path / "missing" / "out")], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"mali-news {command[0]}: cannot write {tmp_path}/missing/out: "
                                     f"no folder {tmp_path}/missing")


def _corpus(path: Path) -> Path:
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE articles (id INTEGER)")
    return path


@pytest.mark.parametrize("how", ["itself", "symbolic link", "hard link"])
def test_the_corpus_being_read_is_never_written_over(tmp_path, how):
    corpus = _corpus(tmp_path / "corpus.sqlite")
    before = corpus.read_bytes()
    target = corpus if how == "itself" else tmp_path / "out.jsonl"
    if how == "symbolic link":
        target.symlink_to(corpus)
    elif how == "hard link":
        os.link(corpus, target)
    with pytest.raises(OutputError, match="it is the corpus being read") as raised, \
            output(target, corpus=corpus):
        pass
    assert raised.value.status == 2
    assert corpus.read_bytes() == before


def test_no_sqlite_database_is_written_over(tmp_path):
    other = _corpus(tmp_path / "other.db")
    before = other.read_bytes()
    with pytest.raises(OutputError, match="it is a SQLite database"), output(other):
        pass
    assert other.read_bytes() == before


@pytest.mark.parametrize("command", [["export", "--out"], ["report", "--out"], ["serve", "--metadata-out"]])
def test_the_commands_refuse_to_write_over_their_corpus(fixture_corpus, tmp_path, command):
    corpus = tmp_path / "c.sqlite"
    corpus.write_bytes(fixture_corpus.read_bytes())
    before = corpus.read_bytes()
    result = subprocess.run([sys.executable, "-m", "mali_news.cli", command[0], "--db", str(corpus),
                             command[1], str(corpus)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"mali-news {command[0]}: will not write {corpus}: it is the corpus "
                                     f"being read ({corpus}); choose another file")
    assert corpus.read_bytes() == before
