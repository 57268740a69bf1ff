"""Crawl speed and memory: the full crawl (pipelines + SQLite) against the same crawl without pipelines.

Run: python bench/crawl.py [--pages 2000]   (up to 50,000; peak memory is also measured at 10x)
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cnnsite import HOST, hub_path, serve
from common import Targets, machine, run_crawl


def pages_per_second(stats: dict) -> float:
    return stats["response_received_count"] / stats["elapsed_time_seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--no-memory", action="store_true", help="skip the 10x memory run")
    args = parser.parse_args()
    if not 100 <= args.pages <= 50_000:
        parser.error("--pages takes 100 to 50,000")
    print(f"machine: {machine()}")
    start = f"http://{HOST}{hub_path(0)}"
    targets = Targets()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with serve(args.pages) as proxy:
            full = run_crawl(folder / "full.sqlite", proxy, start)
            bare = run_crawl(folder / "bare.sqlite", proxy, start, "-s", "ITEM_PIPELINES={}")
        for name, stats in (("full crawl (pipelines + SQLite)", full), ("bare crawl (no pipelines)", bare)):
            print(f"  {name:<34} {stats['response_received_count']:6d} pages "
                  f"{stats['elapsed_time_seconds']:6.1f} s {pages_per_second(stats):7.1f} pages/s "
                  f"peak {stats['memusage/max'] / 2**20:6.1f} MiB")
        ratio = pages_per_second(full) / pages_per_second(bare)
        targets.check("full >= 80% of bare pages/s", ratio >= 0.8, f"{ratio:.0%}")
        if not args.no_memory:
            with serve(args.pages * 10) as proxy:
                big = run_crawl(folder / "big.sqlite", proxy, start)
            print(f"  {'full crawl at 10x':<34} {big['response_received_count']:6d} pages "
                  f"{big['elapsed_time_seconds']:6.1f} s {pages_per_second(big):7.1f} pages/s "
                  f"peak {big['memusage/max'] / 2**20:6.1f} MiB")
            growth = big["memusage/max"] / full["memusage/max"]
            targets.check("peak memory at 10N <= 1.2x at N", growth <= 1.2, f"{growth:.2f}x")
    targets.exit()


if __name__ == "__main__":
    main()
