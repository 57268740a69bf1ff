"""mali-news crawl: run the cnn_mali spider and tell cron, through the exit status, how it went."""

import argparse
import os
import socket
import sys
from enum import IntEnum
from typing import Any


class ExitStatus(IntEnum):
    OK = 0
    FAILED = 1  # the crawl could not start or crashed
    USAGE = 2  # argparse's own status for bad arguments
    LOCKED = 3  # another crawl holds this database's lock
    NOTHING_FETCHED = 4  # not one page could be fetched (network down, every address wrong)
    INTERRUPTED = 5  # stopped by a signal or closed before it finished
    SEEDS_FAILED = 6  # pages were fetched, but none of the start URLs
    ARCHIVE_UNREACHABLE = 7  # an archive stayed out of reach past MALI_NEWS_ARCHIVE_BLOCKED_WAIT


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise argparse.ArgumentTypeError(f"{option} takes NAME=VALUE, not {value!r}")
        pairs[name] = rest
    return pairs


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "crawl", help="run the crawl (same -a/-s options as scrapy crawl)",
        description="Run the cnn_mali spider with the project's settings. Exit status: "
                    + ", ".join(f"{s.value} {s.name.lower().replace('_', ' ')}" for s in ExitStatus))
    parser.add_argument("-a", dest="spider_args", action="append", default=[], metavar="NAME=VALUE",
                        help="spider argument, e.g. -a depth=1 or -a start_urls=URL,URL")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="setting, e.g. -s MALI_NEWS_DATABASE_URL=sqlite:///corpus.sqlite")
    parser.add_argument("--log-file", help="write the crawl log to this file instead of stderr")
    parser.add_argument("--log-level", help="DEBUG, INFO (default), WARNING or ERROR")
    parser.add_argument("--worker", action="store_true",
                        help="work on the shared crawl in MALI_NEWS_REDIS_URL (seeds come from "
                             "`mali-news seed`); stops when nothing is left to do")
    parser.add_argument("--worker-name", help="this worker's name (default: the host name)")
    parser.set_defaults(run=run)


def _top_error(stats: dict[str, Any]) -> str:
    errors = {k.removeprefix("mali_news/errors/"): v for k, v in stats.items()
              if k.startswith("mali_news/errors/")}
    return max(errors, key=errors.__getitem__) if errors else ""


def _duration(seconds: float) -> str:
    return f"{round(seconds / 60)} min" if seconds >= 60 else f"{round(seconds)} s"


def archive_gone(stats: dict[str, Any]) -> str:
    """"the Wayback Machine refused connections for 60 min: 812 candidates and 40 index pages
    left for the next run", from the stats of a crawl that gave an archive up."""
    from mali_news.archives import TITLES

    parts = []
    for key, seconds in sorted(stats.items()):
        if key.startswith("mali_news/archive/") and key.endswith("/gave_up_after"):
            name = key.split("/")[2]
            title = TITLES.get(name, name)
            because = stats.get(f"mali_news/archive/{name}/gave_up_because", "was out of reach")
            parts.append(f"{title[:1].upper() + title[1:]} {because} for {_duration(seconds)}")
    left = (f"{stats.get('mali_news/candidates/left', 0)} candidates and "
            f"{stats.get('mali_news/discovery/listings_left', 0)} index pages left for the next run")
    return f"{'; '.join(parts) or 'An archive was out of reach'}: {left}"


def outcome(stats: dict[str, Any], worker: bool = False, seeds: bool = True) -> tuple[ExitStatus, str]:
    """The exit status and one-line reason for a finished crawl's stats; seeds: whether the
    crawl had start URLs to fetch (a discovery-only crawl has none)."""
    reason = stats.get("finish_reason")
    if reason == "archive_unreachable":
        return ExitStatus.ARCHIVE_UNREACHABLE, archive_gone(stats)
    if reason != "finished":
        return ExitStatus.INTERRUPTED, f"the crawl was interrupted ({reason or 'no finish reason'})"
    if worker:
        # A worker of a shared crawl may find that the others did everything: that is fine.
        return ExitStatus.OK, ""
    pages = stats.get("response_received_count", 0) - stats.get("robotstxt/response_count", 0)
    if pages <= 0 and stats.get("mali_news/seeds/not_cnn") and not stats.get("mali_news/seeds/failed"):
        return ExitStatus.NOTHING_FETCHED, "no start URL is a CNN address"
    if pages <= 0:
        error = _top_error(stats)
        hint = f" (most frequent error: {error})" if error else ""
        return ExitStatus.NOTHING_FETCHED, f"nothing could be fetched{hint}; is the network up?"
    if seeds and not stats.get("mali_news/seeds/fetched"):
        return ExitStatus.SEEDS_FAILED, "none of the start URLs could be fetched"
    return ExitStatus.OK, ""


def run(args: argparse.Namespace) -> int:
    # Scrapy and Twisted load only when a crawl runs, not for every mali-news command.
    from scrapy.crawler import Crawler, CrawlerProcess
    from scrapy.utils.project import get_project_settings
    from twisted.python.failure import Failure

    from mali_news import UserError, config
    from mali_news.db.opening import check_crawl_target
    from mali_news.discovery import parse_routes
    from mali_news.extensions.lock import CrawlLockedError
    from mali_news.spiders.arguments import CrawlArguments

    try:
        spider_args = _pairs(args.spider_args, "-a")
        overrides = _pairs(args.settings, "-s")
    except argparse.ArgumentTypeError as exc:
        print(f"mali-news crawl: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    # Cron runs commands from anywhere: find the settings without scrapy.cfg.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "mali_news.settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    if args.log_file:
        settings.set("LOG_FILE", args.log_file, priority="cmdline")
    if args.log_level:
        settings.set("LOG_LEVEL", args.log_level.upper(), priority="cmdline")
    if args.worker:
        if not settings.get("MALI_NEWS_REDIS_URL"):
            print("mali-news crawl: --worker needs MALI_NEWS_REDIS_URL (the shared crawl's Redis)",
                  file=sys.stderr)
            return ExitStatus.USAGE
        settings.set("MALI_NEWS_WORKER_NAME", args.worker_name or socket.gethostname(),
                     priority="cmdline")
    if sys.stderr.isatty() and not args.log_file:
        # A person is watching: a progress bar. Under cron (no terminal) the log alone.
        settings.set("MALI_NEWS_PROGRESS_BAR", True, priority="cmdline")
    # Every setting (from -s, the environment or settings.py) and spider argument, checked
    # before anything starts.
    config.from_environment(settings)
    try:
        config.check_settings(settings)
        CrawlArguments.parse(**{name: value for name, value in spider_args.items()
                                if name in CrawlArguments.NAMES})
        check_crawl_target(settings.get("MALI_NEWS_DATABASE_URL"))
    except UserError as exc:
        print(f"mali-news crawl: {exc}", file=sys.stderr)
        return exc.status
    routes = parse_routes(spider_args.get("discover") or settings.get("MALI_NEWS_DISCOVER"))
    seeds = "links" in routes or bool(spider_args.get("start_urls"))
    process = CrawlerProcess(settings)
    crawler: Crawler = process.create_crawler("cnn_mali")
    failures: list[Failure] = []
    process.crawl(crawler, **spider_args).addErrback(failures.append)
    process.start()
    if failures:
        failure = failures[0]
        if failure.check(CrawlLockedError):
            print(f"mali-news crawl: {failure.getErrorMessage()}", file=sys.stderr)
            return ExitStatus.LOCKED
        print(f"mali-news crawl: the crawl failed: {failure.type.__name__}: "
              f"{failure.getErrorMessage()}", file=sys.stderr)
        return ExitStatus.FAILED
    status, reason = outcome(crawler.stats.get_stats(), worker=args.worker, seeds=seeds)
    if reason:
        print(f"mali-news crawl: {reason}", file=sys.stderr)
    return status
