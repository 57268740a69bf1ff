"""One way to run a crawl for `mali-news crawl` and `scrapy crawl`: checks, answers, exit status, summary."""

import logging
import sqlite3
import sys
from collections.abc import Callable, Mapping
from enum import IntEnum
from pathlib import Path
from typing import Any, TextIO

from mali_news.cleaning.text import duration

# Scrapy's start-up listings and closing stats dump, and the schema's migrations: hundreds of
# lines a person at a terminal does not read (the crawl's summary says what matters). Only on a
# terminal: a log file keeps them.
CHATTY_ON_A_TERMINAL = ("scrapy.middleware", "scrapy.statscollectors", "scrapy.utils.log",
                        "scrapy.crawler", "scrapy.addons", "alembic.runtime.migration")


class _WarningsOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


def quiet_for_a_terminal() -> None:
    """Only warnings from the chatty loggers: a filter on each (Scrapy's logging set-up resets
    their levels and replaces the root's handler, but leaves a logger's filters)."""
    for name in CHATTY_ON_A_TERMINAL:
        chatty = logging.getLogger(name)
        if not any(isinstance(f, _WarningsOnly) for f in chatty.filters):
            chatty.addFilter(_WarningsOnly())


class ExitStatus(IntEnum):
    OK = 0
    FAILED = 1  # the crawl could not start or crashed
    USAGE = 2  # bad arguments or settings
    LOCKED = 3  # another crawl holds this database's lock
    NOTHING_FETCHED = 4  # not one page could be fetched (network down, every address wrong)
    INTERRUPTED = 5  # stopped by a signal or closed before it finished
    SEEDS_FAILED = 6  # pages were fetched, but none of the start URLs
    ARCHIVE_UNREACHABLE = 7  # an archive stayed out of reach past MALI_NEWS_ARCHIVE_BLOCKED_WAIT


def _top_error(stats: Mapping[str, Any]) -> str:
    errors = {k.removeprefix("mali_news/errors/"): v for k, v in stats.items()
              if k.startswith("mali_news/errors/")}
    return max(errors, key=errors.__getitem__) if errors else ""


def archive_gone(stats: Mapping[str, Any]) -> str:
    """"the Wayback Machine refused connections for 60 min: 812 candidates and 40 index pages
    left for the next run", from the stats of a crawl that gave an archive up."""
    from mali_news.archives.registry import TITLES

    parts = []
    for key, seconds in sorted(stats.items()):
        if key.startswith("mali_news/archive/") and key.endswith("/gave_up_after"):
            name = key.split("/")[2]
            title = TITLES.get(name, name)
            because = stats.get(f"mali_news/archive/{name}/gave_up_because", "was out of reach")
            moved = stats.get(f"mali_news/archive/{name}/handed_over/unreachable", 0)
            instead = f" ({moved} pages asked of another archive instead)" if moved else ""
            parts.append(f"{title[:1].upper() + title[1:]} {because} for {duration(seconds)}{instead}")
    left = (f"{stats.get('mali_news/candidates/left', 0)} candidates and "
            f"{stats.get('mali_news/discovery/listings_left', 0)} index pages left for the next run")
    return f"{'; '.join(parts) or 'An archive was out of reach'}: {left}"


def outcome(stats: Mapping[str, Any], worker: bool = False, seeds: bool = True,
            replay: str = "") -> tuple[ExitStatus, str]:
    """The exit status and one-line reason for a finished crawl's stats; seeds: whether the
    crawl had start URLs to fetch (a discovery-only crawl has none); replay: the folder or WARC
    a replay read (its misses are not the network's fault)."""
    from mali_news.errors import LEFT

    reason = stats.get("finish_reason")
    gave_up = any(key.startswith("mali_news/archive/") and key.endswith("/gave_up_after") for key in stats)
    received = stats.get("response_received_count", 0)
    if gave_up and not received:
        # Not one answer from anything, archives or cnn.com: the network, not an archive's outage.
        why = next((key for key in stats if key.endswith("/gave_up_because")), "")
        error = _top_error(stats) or stats.get(why, "")
        detail = f" ({error})" if error else ""
        return ExitStatus.NOTHING_FETCHED, (f"nothing could be reached, no archive nor cnn.com{detail}; is "
                                            "the network up? Run the same command again once it is: it "
                                            "continues where this one stopped")
    # An archive given up while another went on: the crawl finished, but incomplete.
    if reason == LEFT or (reason == "finished" and gave_up):
        return ExitStatus.ARCHIVE_UNREACHABLE, archive_gone(stats)
    from mali_news.errors import REDIS_LOST

    if reason == REDIS_LOST:
        # Without the group's clock a worker would keep the archives' pace alone, and with the
        # others send twice the limit: it stops instead.
        lost = stats.get("mali_news/worker/redis_lost", "no answer")
        return ExitStatus.FAILED, (f"the shared crawl's Redis stopped answering ({lost}): this worker "
                                   "stopped rather than pace the archives alone; start it again once Redis "
                                   "is back")
    if reason != "finished":
        return ExitStatus.INTERRUPTED, f"the crawl was interrupted ({reason or 'no finish reason'})"
    if worker:
        # A worker of a shared crawl may find that the others did everything: that is fine.
        return ExitStatus.OK, ""
    pages = stats.get("response_received_count", 0) - stats.get("robotstxt/response_count", 0)
    if pages <= 0 and stats.get("mali_news/seeds/not_cnn") and not stats.get("mali_news/seeds/failed"):
        return ExitStatus.NOTHING_FETCHED, "no start URL is a CNN address"
    if pages <= 0 and replay:
        missing = stats.get("mali_news/replay/missing", 0)
        return ExitStatus.NOTHING_FETCHED, (f"the replay {replay} held none of the pages asked for "
                                            f"({missing} missing); is it the right folder or WARC?")
    if pages <= 0:
        error = _top_error(stats)
        hint = f" (most frequent error: {error})" if error else ""
        return ExitStatus.NOTHING_FETCHED, f"nothing could be fetched{hint}; is the network up?"
    if seeds and not stats.get("mali_news/seeds/fetched"):
        return ExitStatus.SEEDS_FAILED, "none of the start URLs could be fetched"
    return ExitStatus.OK, ""


def summary(stats: Mapping[str, Any], database: str, status: ExitStatus) -> str:
    """What a person reads when a crawl ends: what was stored, left out and why, where the
    corpus is, and what to run next."""
    from mali_news.ledger import Ledger, counts

    ledger = Ledger.of(stats)
    warnings = stats.get("log_count/WARNING", 0)
    errors = stats.get("log_count/ERROR", 0)
    lines = [
        f"Stored: {ledger.new} new, {ledger.updated} updated, {ledger.unchanged} unchanged "
        f"({ledger.fetched} pages fetched)",
        f"Dropped: {counts(ledger.dropped)}",
        f"Failed: {counts(ledger.failed)}",
        *([f"Skipped captures (not the story): {counts(ledger.skipped)}"] if ledger.skipped else []),
        f"Log: {warnings} warnings, {errors} errors",
        f"Corpus: {database}",
    ]
    if status in (ExitStatus.OK, ExitStatus.SEEDS_FAILED):
        lines.append(f"Next: mali-news stats --db {database}; mali-news coverage --db {database}")
    elif status in (ExitStatus.INTERRUPTED, ExitStatus.ARCHIVE_UNREACHABLE):
        lines.append("Next: run the same command again; it continues where this one stopped")
    return "\n".join(lines)


class Interrupted(SystemExit):
    """Ctrl-C before the crawl's own handler is in place, inside code that is not ours (Scrapy
    setting up its process): it ends the command with status 5, its one line already said."""


def exit_on_ctrl_c(prog: str) -> None:
    """Until Scrapy installs its own (a graceful stop), Ctrl-C ends the command at once with one
    line and status 5, not a KeyboardInterrupt traceback from wherever start-up had got to."""
    import signal

    def interrupted(signum: int, frame: Any) -> None:
        print(f"{prog}: interrupted (Ctrl-C)", file=sys.stderr)
        raise Interrupted(ExitStatus.INTERRUPTED)

    signal.signal(signal.SIGINT, interrupted)


# A corpus holds something once one of these has a row (crawl_runs alone records only that a run began).
_HOLDINGS = ("articles", "candidates", "discovery_listings")


def _holds_nothing(path: Path) -> bool:
    """Whether the SQLite file is empty, or its tables hold no story and nothing discovered."""
    if path.stat().st_size == 0:
        return True
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            return not any(conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                           for table in _HOLDINGS if table in tables)
    except sqlite3.Error:
        return False  # a file it cannot read is not ours to judge, nor to remove


def without_empty_corpus(database: str, crawl: Callable[[], int]) -> int:
    """Run crawl; when Ctrl-C stops it before it stored or found anything, the SQLite file it
    created (empty, or tables with nothing in them) goes, with its lock: nobody meets an empty
    corpus later. A corpus that was there before is never touched."""
    from mali_news.db.opening import database_url, lock_path_for, sqlite_file

    path = sqlite_file(database_url(database))
    if path is None or path.exists():
        return crawl()
    lock = lock_path_for(database)
    ours = [path, *([] if lock.exists() else [lock])]
    try:
        status = crawl()
    except (KeyboardInterrupt, Interrupted):
        _forget(ours)
        raise
    if status == ExitStatus.INTERRUPTED:
        _forget(ours)
    return status


def _forget(ours: list[Path]) -> None:
    """The database this crawl made (and its lock, when this crawl made it too), if it holds nothing."""
    database = ours[0]
    if not database.exists() or not _holds_nothing(database):
        return
    journals = [database.with_name(database.name + end) for end in ("-journal", "-wal", "-shm")]
    for leftover in (*ours, *journals):
        leftover.unlink(missing_ok=True)


def check(settings: Any, spider_args: Mapping[str, str]) -> None:
    """Every setting and spider argument, before anything starts (UserError for the first bad one)."""
    from mali_news.config import checks
    from mali_news.db.opening import check_crawl_target
    from mali_news.spiders.arguments import CrawlArguments

    checks.check_log_file(settings)
    checks.check_settings(settings)
    checks.check_setting_names(settings)
    CrawlArguments.check_names(spider_args)
    CrawlArguments.parse(**spider_args)
    check_crawl_target(settings.get("MALI_NEWS_DATABASE_URL"))


def run_crawl(process: Any, spider: str, spider_args: Mapping[str, str], *, prog: str,
              worker: bool = False, err: TextIO | None = None) -> ExitStatus:
    """Run the spider in the Scrapy process and answer as `mali-news crawl` does: one line for a
    bad setting, the lock, the network or an empty replay, the same exit status, and a summary."""
    from scrapy.settings import Settings
    from twisted.python.failure import Failure

    from mali_news import UserError
    from mali_news.db.opening import database_url, shown
    from mali_news.discovery import parse_routes
    from mali_news.errors import CrawlLockedError

    err = err or sys.stderr
    settings: Settings = process.settings
    try:
        check(settings, spider_args)
    except UserError as exc:
        print(f"{prog}: {exc}", file=err)
        return ExitStatus(exc.status)
    routes = parse_routes(spider_args.get("discover") or settings.get("MALI_NEWS_DISCOVER"))
    seeds = "links" in routes or bool(spider_args.get("start_urls"))
    crawler = process.create_crawler(spider)
    failures: list[Failure] = []
    started = process.crawl(crawler, **spider_args)
    if hasattr(started, "addErrback"):
        started.addErrback(failures.append)
    else:
        # `scrapy crawl` runs an AsyncCrawlerProcess: an asyncio task, not a Deferred.
        def done(task: Any) -> None:
            if not task.cancelled() and task.exception() is not None:
                failures.append(Failure(task.exception()))

        started.add_done_callback(done)
    process.start()
    if failures:
        failure = failures[0]
        if failure.check(CrawlLockedError):
            print(f"{prog}: {failure.getErrorMessage()}", file=err)
            return ExitStatus.LOCKED
        if failure.check(UserError):
            print(f"{prog}: {failure.getErrorMessage()}", file=err)
            return ExitStatus(failure.value.status)
        print(f"{prog}: the crawl failed: {failure.type.__name__}: {failure.getErrorMessage()}", file=err)
        return ExitStatus.FAILED
    stats = crawler.stats.get_stats()
    status, reason = outcome(stats, worker=worker, seeds=seeds, replay=settings.get("MALI_NEWS_REPLAY"))
    if settings.getbool("MALI_NEWS_SUMMARY"):
        print(summary(stats, shown(database_url(settings.get("MALI_NEWS_DATABASE_URL"))), status), file=err)
    if reason:
        print(f"{prog}: {reason}", file=err)
    return status
