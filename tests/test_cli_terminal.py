"""A crawl on a terminal: a progress bar, no DEBUG lines or item dumps, a summary; it fits a screen."""

import fcntl
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.helpers import SITE

BIN = Path(sys.executable).parent


def on_a_terminal(argv: list[str], cwd: Path) -> tuple[int, str]:
    """Run argv with a 40x120 pseudo-terminal as its stdin, stdout and stderr; its status and output."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MALI_NEWS_") and not k.lower().endswith("_proxy")}
    process = subprocess.Popen(argv, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
        status = process.wait(timeout=120)
    return status, b"".join(chunks).decode(errors="replace").replace("\r\n", "\n")


# A whole crawl: pytest -m "not slow" leaves it out.
@pytest.mark.slow
def test_a_sample_crawl_on_a_terminal_fits_a_screen(tmp_path):
    database = f"MALI_NEWS_DATABASE_URL=sqlite:///{tmp_path / 'c.sqlite'}"
    status, shown = on_a_terminal([str(BIN / "mali-news"), "crawl", "-s", f"MALI_NEWS_REPLAY={SITE}",
                                   "-s", database], tmp_path)
    assert status == 0, shown
    lines = [line for line in shown.split("\n") if line.strip()]
    assert " DEBUG" not in shown and "Scraped from" not in shown and "Dumping Scrapy stats" not in shown
    assert "Enabled downloader middlewares" not in shown and "Traceback" not in shown
    assert "page/s" in shown  # the progress bar
    # The bar's counts are the summary's, and its line fits the 120 columns.
    bars = [line for line in shown.replace("\r", "\n").split("\n") if "page/s" in line]
    assert "stored=11 dropped=2 failed=1" in bars[-1] and len(bars[-1].rstrip()) <= 120, bars[-1]
    assert len(lines) <= 50, len(lines)
    summary = shown[shown.index("Stored: "):].split("\n")
    assert summary[0] == "Stored: 11 new, 0 updated, 0 unchanged (16 pages fetched)"
    assert summary[4] == f"Corpus: {tmp_path / 'c.sqlite'}"
    assert summary[5].startswith("Next: mali-news stats --db ")


# A whole crawl: pytest -m "not slow" leaves it out.
@pytest.mark.slow
def test_scrapy_crawl_on_a_terminal_ends_with_the_same_summary(tmp_path):
    root = SITE.parent.parent
    status, shown = on_a_terminal([str(BIN / "scrapy"), "crawl", "cnn_mali", "-s",
                                   f"MALI_NEWS_REPLAY={SITE}", "-s",
                                   f"MALI_NEWS_DATABASE_URL=sqlite:///{tmp_path / 'c.sqlite'}"], root)
    assert status == 0, shown
    assert "Stored: 11 new, 0 updated, 0 unchanged (16 pages fetched)" in shown
    assert " DEBUG" not in shown and "Dumping Scrapy stats" not in shown
    assert "page/s" in shown
