import contextlib
import os
import signal
from pathlib import Path

import pytest

from tests import pgserver, redisserver
from tests.corpus_helpers import build_corpus


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory):
    """The SQLite corpus of one replay crawl over fixtures/site (read it, do not change it)."""
    return build_corpus(tmp_path_factory.mktemp("corpus") / "corpus.sqlite")


@pytest.fixture(scope="session")
def postgresql():
    """A PostgreSQL cluster on 127.0.0.1 (skips the test where PostgreSQL is not installed)."""
    reason = pgserver.available()
    if reason:
        pytest.skip(f"PostgreSQL: {reason}")
    with pgserver.postgresql_server() as cluster:
        yield cluster


@pytest.fixture
def redis_url():
    """A fresh redis-server on 127.0.0.1 (skips the test where Redis is not installed)."""
    reason = redisserver.available()
    if reason:
        pytest.skip(f"Redis: {reason}")
    with redisserver.redis_server() as url:
        yield url


def _processes_left(basetemp: str) -> list[tuple[int, str]]:
    """Processes this test run started that still run: children of pytest, and any process whose
    command line names the run's temporary folder (a server whose parent was killed)."""
    me = os.getpid()
    left = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        state = stat.rsplit(")", 1)[1].split()[0]
        if state != "Z" and (parent == me or basetemp in command):
            left.append((int(entry.name), command[:160]))
    return left


def pytest_sessionfinish(session, exitstatus):
    """A test that starts a server must stop it: the run fails if any process it started is left."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or session.config.option.collectonly:
        return
    left = _processes_left(str(factory.getbasetemp()))
    if left:
        for pid, command in left:
            session.config.get_terminal_writer().line(f"process left running by the tests: {pid} {command}",
                                                      red=True)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
