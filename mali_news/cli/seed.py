"""mali-news seed: push start URLs to a shared crawl's frontier, for its workers to take."""

import argparse
import os
import sys
from typing import Any


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("seed", help="push start URLs to the shared crawl (Redis)")
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--redis", default=None, metavar="URL",
                        help="the Redis server (default: MALI_NEWS_REDIS_URL)")
    parser.add_argument("--fresh", action="store_true",
                        help="start a new shared crawl: forget the stories the last one requested")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mali_news import settings
    from mali_news.distributed.frontier import SharedFrontier
    from mali_news.spiders.cnn_mali import CnnMaliSpider

    redis_url = args.redis or os.environ.get("MALI_NEWS_REDIS_URL") or settings.MALI_NEWS_REDIS_URL
    if not redis_url:
        print("mali-news seed: give --redis or set MALI_NEWS_REDIS_URL", file=sys.stderr)
        return 2
    bad = [url for url in args.urls if not url.startswith(("http://", "https://"))]
    if bad:
        print(f"mali-news seed: not http(s) addresses: {', '.join(bad)}", file=sys.stderr)
        return 2
    frontier = SharedFrontier(redis_url, CnnMaliSpider.name)
    if args.fresh:
        frontier.reset()
    count = frontier.push_seeds(args.urls)
    print(f"{len(args.urls)} start URLs queued ({count} waiting)", file=sys.stderr)
    return 0
