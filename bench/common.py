"""What the benchmark scripts share: timing, the article pages, and a target check."""

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED_PAGES = ROOT.parent / "shared" / "cnn" / "pages"
# What SOURCES.tsv says each shared page's address was.
SHARED_SOURCES = SHARED_PAGES / "SOURCES.tsv"


def article_pages() -> list[tuple[str, bytes]]:
    """(url, bytes) of every article page in fixtures/ and, when present, ../shared/cnn/pages."""
    from parsel import Selector

    from mali_news.parsers import detect_layout

    pages: list[tuple[str, bytes]] = []
    for path in sorted((FIXTURES / "site").rglob("index.html")):
        relative = path.relative_to(FIXTURES / "site")
        pages.append((f"http://{relative.parts[0]}/{'/'.join(relative.parts[1:])}", path.read_bytes()))
    for path, url in (
            (FIXTURES / "pages/seed_zn.html", "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"),
            (FIXTURES / "pages/seed_modern.html", "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html")):
        pages.append((url, path.read_bytes()))
    if SHARED_SOURCES.is_file():
        for line in SHARED_SOURCES.read_text().splitlines()[1:]:
            name, *_, url, _era = line.split("\t")
            pages.append((url, (SHARED_PAGES / name).read_bytes()))
    articles = [(url, body) for url, body in pages
                if detect_layout(Selector(body=body), url) in ("legacy", "zn", "modern", "fallback")]
    return articles


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """The median of repeats timings of work(), in seconds (medians resist a noisy machine)."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def machine() -> str:
    import os
    import platform

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB, "
            f"Python {platform.python_version()}")


class Targets:
    def __init__(self) -> None:
        self.missed: list[str] = []

    def check(self, name: str, ok: bool, detail: str) -> None:
        print(f"  target {'met   ' if ok else 'MISSED'}  {name}: {detail}")
        if not ok:
            self.missed.append(name)

    def exit(self) -> None:
        if self.missed:
            print(f"missed: {', '.join(self.missed)}")
            sys.exit(1)
        print("all targets met")


def run_crawl(db: Path, proxy: str, start_url: str, *args: str) -> dict:
    """Run `mali-news crawl` in its own process against the local site; its crawl_runs stats."""
    import json
    import os
    import sqlite3
    import subprocess

    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    env["http_proxy"] = proxy
    command = [str(Path(sys.executable).with_name("mali-news")), "crawl",
               "-a", f"start_urls={start_url}", "-a", "depth=1000000",
               "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}", "-s", "AUTOTHROTTLE_ENABLED=0",
               "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=16",
               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING",
               "-s", "MALI_NEWS_TOPIC_MIN_SCORE=1", "--log-file", str(db.with_suffix(".log")), *args]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"crawl failed ({result.returncode}): {result.stderr}")
    with sqlite3.connect(db) as conn:
        (stats,) = conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    stats = json.loads(stats)
    stats["wall_seconds"] = wall
    return stats
