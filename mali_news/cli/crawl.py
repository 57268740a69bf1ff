"""mali-news crawl: run the cnn_mali spider and tell cron, through the exit status, how it went."""

import argparse
import os
import socket
import sys
from typing import Any

from mali_news.running import ExitStatus, quiet_for_a_terminal


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


def project_settings(overrides: dict[str, str], log_file: str | None, log_level: str | None) -> Any:
    """The project's settings with -s, --log-file and --log-level over them, wherever the
    command runs from (cron: no scrapy.cfg), a progress bar and summary on a terminal, and the
    environment's MALI_NEWS_ settings read."""
    from scrapy.utils.project import get_project_settings

    from mali_news.config import checks

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "mali_news.settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
    if log_level:
        settings.set("LOG_LEVEL", log_level.upper(), priority="cmdline")
    if sys.stderr.isatty() and not log_file:
        # A person is watching: a progress bar and a summary. Under cron (no terminal) the log alone.
        settings.set("MALI_NEWS_PROGRESS_BAR", True, priority="cmdline")
        settings.set("MALI_NEWS_SUMMARY", True, priority="cmdline")
    checks.from_environment(settings)
    return settings


def start(settings: Any, spider_args: dict[str, str], prog: str, worker: bool = False) -> int:
    """Run the spider as `prog`: every setting and argument checked before anything starts."""
    # Scrapy and Twisted load only when a crawl runs, not for every mali-news command.
    from scrapy.crawler import CrawlerProcess

    from mali_news import UserError
    from mali_news.running import check, run_crawl, without_empty_corpus

    try:
        # Before Scrapy starts (and logs its start-up): a bad name gets its one line alone.
        check(settings, spider_args)
    except UserError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return exc.status
    if settings.getbool("MALI_NEWS_SUMMARY"):
        quiet_for_a_terminal()
    return without_empty_corpus(settings.get("MALI_NEWS_DATABASE_URL"), lambda: run_crawl(
        CrawlerProcess(settings), "cnn_mali", spider_args, prog=prog, worker=worker))


def run(args: argparse.Namespace) -> int:
    try:
        spider_args = _pairs(args.spider_args, "-a")
        overrides = _pairs(args.settings, "-s")
    except argparse.ArgumentTypeError as exc:
        print(f"mali-news crawl: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    settings = project_settings(overrides, args.log_file, args.log_level)
    if args.worker:
        if not settings.get("MALI_NEWS_REDIS_URL"):
            print("mali-news crawl: --worker needs MALI_NEWS_REDIS_URL (the shared crawl's Redis)",
                  file=sys.stderr)
            return ExitStatus.USAGE
        settings.set("MALI_NEWS_WORKER_NAME", args.worker_name or socket.gethostname(),
                     priority="cmdline")
    return start(settings, spider_args, "mali-news crawl", args.worker)
