"""mali-news harvest: the real 2012-2013 corpus in one command, every route, at the archives' limits."""

import argparse
import sys
from typing import Any

from mali_news.cli.common import corpus_command
from mali_news.cli.crawl import _pairs, project_settings, start
from mali_news.db.opening import database_url
from mali_news.running import ExitStatus

# Every discovery route, and every page read from its 2013 capture (the story of record): the
# Wayback Machine's, else Common Crawl's.
HARVEST_ARGS = {"discover": "all", "source": "wayback,commoncrawl"}


def add_parser(commands: Any) -> None:
    parser = corpus_command(
        commands, "harvest", run,
        "build the real 2012-2013 corpus: every route, from the archives, at their limits",
        db="mali_2013.sqlite", db_help="mali_2013.sqlite, built or continued")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="setting, e.g. -s MALI_NEWS_DATE_RANGE=2013-01-01..2013-03-31")
    parser.add_argument("--log-file", help="write the crawl log to this file instead of stderr")
    parser.add_argument("--plan", action="store_true", help="print the plan and its time estimate, and stop")


def run(args: argparse.Namespace) -> int:
    """Build CNN's 2012-2013 Mali coverage from every route (the seed's links, CNN's sitemaps,
    the Wayback Machine's and Common Crawl's indexes), each page read from its 2013 capture, at
    the archives' limits. Run it again to continue or refresh. Exit statuses as mali-news
    crawl's."""
    from mali_news import UserError
    from mali_news.config import checks

    try:
        overrides = _pairs(args.settings, "-s")
    except argparse.ArgumentTypeError as exc:
        print(f"mali-news harvest: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    overrides["MALI_NEWS_DATABASE_URL"] = database_url(args.db).render_as_string(hide_password=False)
    settings = project_settings(overrides, args.log_file, None)
    try:
        checks.check_log_file(settings)
        checks.check_settings(settings)
        from mali_news.discovery.harvest import plan

        described = plan(settings).describe(str(args.db))
    except UserError as exc:
        print(f"mali-news harvest: {exc}", file=sys.stderr)
        return exc.status
    print(described, file=sys.stderr)
    if args.plan:
        return ExitStatus.OK
    return start(settings, dict(HARVEST_ARGS), "mali-news harvest")
