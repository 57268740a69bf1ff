"""Re-crawl: the same N pages a second time into the same database must be fast and write no article.

Run: python bench/recrawl.py [--pages 2000]
"""

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cnnsite import HOST, hub_path, serve
from common import Targets, machine, run_crawl


def snapshot(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        return (conn.execute("SELECT count(*), max(last_crawled_at), sum(version) FROM articles").fetchone(),
                conn.execute("SELECT count(*) FROM links").fetchone(),
                conn.execute("SELECT count(*) FROM article_revisions").fetchone())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    targets = Targets()
    with tempfile.TemporaryDirectory() as tmp, serve(args.pages) as proxy:
        db = Path(tmp) / "corpus.sqlite"
        start = f"http://{HOST}{hub_path(0)}"
        first = run_crawl(db, proxy, start)
        before = snapshot(db)
        second = run_crawl(db, proxy, start)
        after = snapshot(db)
        for name, stats in (("first crawl", first), ("second crawl", second)):
            print(f"  {name:<14} {stats['response_received_count']:6d} pages fetched "
                  f"{stats.get('mali_news/skipped/recent', 0):6d} skipped "
                  f"{stats.get('mali_news/articles/new', 0):6d} new "
                  f"{stats.get('mali_news/articles/updated', 0) + stats.get('mali_news/articles/refreshed', 0):4d} "
                  f"rewritten  {stats['wall_seconds']:6.1f} s (process), {stats['elapsed_time_seconds']:6.1f} s (crawl)")
        speedup = first["wall_seconds"] / second["wall_seconds"]
        targets.check("second run >= 5x faster", speedup >= 5, f"{speedup:.1f}x faster (whole process)")
        written = (second.get("mali_news/articles/new", 0) + second.get("mali_news/articles/updated", 0)
                   + second.get("mali_news/articles/refreshed", 0))
        targets.check("second run writes no article row", written == 0 and before == after,
                      f"{written} articles written; table unchanged: {before == after}")
    targets.exit()


if __name__ == "__main__":
    main()
