"""Each row of the guide's "Bad input and what it gets" (docs/reliability.md), run as a user would run it."""

import fcntl
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mali_news.db import migrate
from tests.badinput import CASES, Case, markdown_table
from tests.corpus_helpers import copy_corpus
from tests.helpers import ROOT


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_sql(path: Path, *statements: str) -> None:
    """Statements in one transaction, the connection closed at once (its checkpoint done now)."""
    db = sqlite3.connect(path)
    with db:
        for statement in statements:
            db.execute(statement)
    db.close()


def prepare(case: Case, tmp: Path, fixture_corpus: Path) -> Path:
    """The folder as the case needs it; the corpus copy is {tmp}/corpus.sqlite."""
    corpus = copy_corpus(fixture_corpus, tmp / "corpus.sqlite")
    if case.prepare == "foreign":
        run_sql(tmp / "other.sqlite", "CREATE TABLE recipes (name TEXT)")
    elif case.prepare == "odd-name":
        copy_corpus(fixture_corpus, tmp / "h#x?%41.sqlite")
    elif case.prepare == "newer":
        run_sql(corpus, "UPDATE alembic_version SET version_num = '9999_later'")
    elif case.prepare == "damaged":
        size = corpus.stat().st_size
        with corpus.open("r+b") as handle:
            handle.seek(size // 2)
            handle.write(b"\xa5" * (size - size // 2))
    elif case.prepare == "link":
        (tmp / "exports").mkdir()
        (tmp / "exports" / "2026-12.jsonl").write_text("")
        (tmp / "latest.jsonl").symlink_to(tmp / "exports" / "2026-12.jsonl")
    elif case.prepare == "no-blocks":
        run_sql(corpus, "DELETE FROM paragraph_cluster_members", "DELETE FROM article_blocks")
    return corpus


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.case)
def test_each_mistake_gets_what_the_readme_says(case, fixture_corpus, tmp_path):
    corpus = prepare(case, tmp_path, fixture_corpus)
    fill = {"tmp": str(tmp_path), "corpus": str(corpus), "head": migrate.head()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALI_NEWS_") and not k.endswith("_proxy")}
    env.update({"MALI_NEWS_DATABASE_URL": f"sqlite:///{tmp_path}/crawl.sqlite", **case.env})
    lock = None
    if case.prepare == "locked":
        # A crawl holds the corpus' lock file (its flock, as CrawlLockExtension takes it).
        lock = (tmp_path / "corpus.sqlite.lock").open("a+")
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.write("pid 4242")
        lock.flush()
    before = {path.name: digest(path) for path in tmp_path.iterdir() if path.is_file()}
    try:
        argv = [argument.format(**fill) for argument in case.argv]
        result = subprocess.run([sys.executable, "-m", "mali_news.cli", *argv],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    finally:
        if lock is not None:
            lock.close()
    # The fixture corpus is the bundled sample, and exports say so on a line of their own.
    lines = [line for line in result.stderr.splitlines()
             if line.strip() and not line.startswith("NOTE: all stories come from the bundled sample")]
    assert result.returncode == case.status, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    if case.status:
        assert len(lines) == 1, result.stderr[-2000:]
    assert lines[-1].startswith(case.message.format(**fill)) if case.message else not lines, result.stderr
    # Nothing the case did not ask to write was created or changed.
    after = {path.name: digest(path) for path in tmp_path.iterdir() if path.is_file()}
    written = {"no-blocks": {"x.jsonl"}, "link": {"latest.jsonl"}}.get(case.prepare, set())
    assert {name: value for name, value in after.items() if not name.endswith(("-wal", "-shm"))} == {
        **{name: value for name, value in before.items() if not name.endswith(("-wal", "-shm"))},
        **{name: after[name] for name in written}}, case.case
    assert not (tmp_path / "crawl.sqlite").exists() and not (tmp_path / "typo.sqlite").exists()
    if case.prepare == "link":
        assert (tmp_path / "latest.jsonl").is_symlink()
        assert len((tmp_path / "exports" / "2026-12.jsonl").read_text().splitlines()) == 11
    if case.prepare == "no-blocks":
        exported = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
        assert all(article["body"] for article in exported)
    if "/dev/full" in case.argv:
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_the_guides_bad_input_table_is_generated_from_these_cases():
    assert markdown_table() in (ROOT / "docs" / "reliability.md").read_text()
