"""A throwaway PostgreSQL cluster on 127.0.0.1 for the tests, when PostgreSQL is installed."""

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres() -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _tool(name: str) -> str | None:
    """A PostgreSQL program on PATH, or in Debian's versioned folder (not on PATH by default)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


def available() -> str:
    """Why PostgreSQL cannot be used here, or "" when it can."""
    for tool in ("initdb", "pg_ctl", "createdb"):
        if _tool(tool) is None:
            return f"{tool} is not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    return ""


@contextmanager
def postgresql_server() -> Iterator["Cluster"]:
    folder = Path(tempfile.mkdtemp(prefix="mali-news-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    run = _as_postgres()
    subprocess.run([*run, _tool("initdb"), "-D", str(data), "-A", "trust", "-U", "mali", "-E", "UTF8"],
                   check=True, capture_output=True)
    subprocess.run([*run, _tool("pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
                    f"-p {port} -h 127.0.0.1 -k {folder} -c fsync=off", "start"],
                   check=True, capture_output=True)
    try:
        yield Cluster(port, run)
    finally:
        subprocess.run([*run, _tool("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


class Cluster:
    def __init__(self, port: int, run: list[str]) -> None:
        self.port = port
        self.run = run
        self.count = 0

    def new_database(self) -> str:
        """A new empty database; its SQLAlchemy URL."""
        self.count += 1
        name = f"corpus{self.count}"
        subprocess.run([*self.run, _tool("createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", "mali", name], check=True, capture_output=True)
        return f"postgresql+psycopg://mali@127.0.0.1:{self.port}/{name}"
