"""A throwaway redis-server on 127.0.0.1 for the tests, when Redis is installed."""

import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from tests.events import Lines


def available() -> str:
    """Why Redis cannot be used here, or "" when it can."""
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    try:
        import redis  # noqa: F401
        import scrapy_redis  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed"
    return ""


@contextmanager
def redis_server() -> Iterator[str]:
    """redis-server on a free port, nothing saved to disk; yields its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tempfile.mkdtemp(prefix="mali-news-redis-")
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--dir", folder],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # It says when it is ready to accept connections.
        Lines(process.stdout).wait_for(lambda line: "Ready to accept connections" in line,
                                       "redis-server is ready", timeout=30)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
