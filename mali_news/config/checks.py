"""Every MALI_NEWS_ setting and spider argument read and checked in one place, before any request."""

import difflib
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError as UrlError

from mali_news import UserError
from mali_news import settings as defaults
from mali_news.archives.commoncrawl import check_crawls
from mali_news.archives.warc import warc_files
from mali_news.discovery import parse_routes
from mali_news.reference.topic import DateWindow

PREFIX = "MALI_NEWS_"


class SettingError(UserError, ValueError):
    """A setting or spider argument that cannot be used: the run ends before any request."""

    status = 2
    what = "setting"

    def __init__(self, name: str, problem: str, value: Any) -> None:
        super().__init__(f"{self.what} {name}: {problem} (got {value!r})")
        self.name = name


class ArgumentError(SettingError):
    """A spider argument (-a NAME=VALUE) that cannot be used."""

    what = "argument"


Check = Callable[[str, Any], None]


def _number(kind: type, minimum: float | None = 0, above: bool = False) -> Check:
    def check(name: str, value: Any) -> None:
        try:
            number = kind(value)
        except (TypeError, ValueError):
            wanted = "a whole number" if kind is int else "a number"
            raise SettingError(name, f"not {wanted}", value) from None
        if minimum is not None and (number <= minimum if above else number < minimum):
            bound = f"more than {minimum:g}" if above else f"{minimum:g} or more"
            raise SettingError(name, f"must be {bound}", value)
    return check


def _flag(name: str, value: Any) -> None:
    if isinstance(value, bool) or value in (0, 1):
        return
    if str(value).strip().lower() not in ("0", "1", "true", "false", "yes", "no", "on", "off"):
        raise SettingError(name, "not on or off (true, false, 1, 0)", value)


def _words(name: str, value: Any) -> None:
    if isinstance(value, str | list | tuple):
        return
    raise SettingError(name, "not a list (comma-separated words or a Python list)", value)


def _text(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise SettingError(name, "not text", value)


def _web_address(name: str, value: Any) -> None:
    if not isinstance(value, str) or not re.match(r"^https?://[^/\s]+", value):
        raise SettingError(name, "not an http(s) address", value)


def _database_url(name: str, value: Any) -> None:
    try:
        make_url(str(value))
    except UrlError:
        raise SettingError(name, "not a SQLAlchemy database URL (sqlite:///PATH, postgresql+psycopg://...)",
                           value) from None


def _ip_address(name: str, value: Any) -> None:
    import ipaddress

    try:
        if value:
            ipaddress.ip_address(str(value))
    except ValueError:
        raise SettingError(name, "not an IP address of this machine's", value) from None


def _egress(name: str, value: Any) -> None:
    if value and not re.match(r"^[\w.-]{1,64}$", str(value)):
        raise SettingError(name, "a group name: letters, digits, '.', '-' or '_', at most 64", value)


def _redis_url(name: str, value: Any) -> None:
    if value and not re.match(r"^(?:rediss?|unix)://", str(value)):
        raise SettingError(name, "not a Redis URL (redis://HOST:PORT/DB)", value)


def _replay(name: str, value: Any) -> None:
    """Replay never touches the network: a source that cannot be read ends the run."""
    if not value:
        return
    path = Path(str(value)).expanduser()
    if not path.exists():
        raise SettingError(name, "no such folder or WARC file", value)
    if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
        raise SettingError(name, "cannot be read", value)
    if path.is_file() and not warc_files(path):
        raise SettingError(name, "a file that is not a .warc or .warc.gz", value)


def _date_range(name: str, value: Any) -> None:
    try:
        window = DateWindow(str(value))
    except ValueError:
        raise SettingError(name, "not FIRST..LAST (YYYY-MM-DD, either end may be left open)", value) from None
    if window.start and window.end and window.start > window.end:
        raise SettingError(name, "the first day is after the last", value)


def _routes(name: str, value: Any) -> None:
    try:
        parse_routes(value)
    except ValueError as exc:
        raise SettingError(name, str(exc), value) from None


def _crawls(name: str, value: Any) -> None:
    names = value.split(",") if isinstance(value, str) else value
    if not isinstance(names, list | tuple):
        raise SettingError(name, "not a list of Common Crawl crawls (CC-MAIN-2013-20,...)", value)
    try:
        check_crawls(str(n) for n in names)
    except ValueError as exc:
        raise SettingError(name, str(exc), value) from None


# What each setting must be; every MALI_NEWS_ name in settings.py has a line here.
CHECKS: dict[str, Check] = {
    "MALI_NEWS_RETRY_BACKOFF": _number(float),
    "MALI_NEWS_RETRY_BACKOFF_MAX": _number(float),
    "MALI_NEWS_RETRY_AFTER_MAX": _number(float),
    "MALI_NEWS_MAX_PAGE_BYTES": _number(int, 0, above=True),
    "MALI_NEWS_CONTACT": _text,
    "MALI_NEWS_DATABASE_URL": _database_url,
    "MALI_NEWS_STORE_BATCH_SIZE": _number(int, 0, above=True),
    "MALI_NEWS_RECRAWL_AFTER": _number(float),
    "MALI_NEWS_LOCK_FILE": _text,
    "MALI_NEWS_REPLAY": _replay,
    "MALI_NEWS_WARC_DIR": _text,
    "MALI_NEWS_WARC_MAX_BYTES": _number(int, 0, above=True),
    "MALI_NEWS_REDIS_URL": _redis_url,
    "MALI_NEWS_WORKER_NAME": _text,
    "MALI_NEWS_EGRESS": _egress,
    "MALI_NEWS_BIND_ADDRESS": _ip_address,
    "MALI_NEWS_WORKER_HEARTBEAT": _number(float, 0, above=True),
    "MALI_NEWS_WORKER_IDLE_CLOSE": _number(float),
    "MALI_NEWS_WAYBACK_URL": _web_address,
    "MALI_NEWS_WAYBACK_INDEX_PER_MINUTE": _number(float, 0, above=True),
    "MALI_NEWS_WAYBACK_CAPTURES_PER_MINUTE": _number(float, 0, above=True),
    "MALI_NEWS_COMMONCRAWL_INDEX_URL": _web_address,
    "MALI_NEWS_COMMONCRAWL_DATA_URL": _web_address,
    "MALI_NEWS_COMMONCRAWL_CRAWLS": _crawls,
    "MALI_NEWS_COMMONCRAWL_INDEX_PER_MINUTE": _number(float, 0, above=True),
    "MALI_NEWS_COMMONCRAWL_DATA_PER_MINUTE": _number(float, 0, above=True),
    "MALI_NEWS_ARCHIVE_PAUSE": _number(float),
    "MALI_NEWS_ARCHIVE_PAUSE_MAX": _number(float),
    "MALI_NEWS_ARCHIVE_BLOCKED_WAIT": _number(float),
    "MALI_NEWS_ARCHIVE_INDEX_TIMEOUT": _number(float, 0, above=True),
    "MALI_NEWS_LIVE_TRIAGE": _flag,
    "MALI_NEWS_DISCOVER": _routes,
    "MALI_NEWS_SITEMAP_ROBOTS": _words,
    "MALI_NEWS_SITEMAP_URLS": _words,
    "MALI_NEWS_DISCOVERY_SECTIONS": _words,
    "MALI_NEWS_ARCHIVE_STORY_HOSTS": _words,
    "MALI_NEWS_ARCHIVE_BLOG_HOSTS": _words,
    "MALI_NEWS_ARCHIVE_TRANSCRIPT_HOSTS": _words,
    "MALI_NEWS_ARCHIVE_TRANSCRIPT_SHOWS": _words,
    "MALI_NEWS_ARCHIVE_PAGE_SIZE": _number(int, 0, above=True),
    "MALI_NEWS_PROGRESS_INTERVAL": _number(float),
    "MALI_NEWS_PROGRESS_QUIET": _number(float),
    "MALI_NEWS_PROGRESS_BAR": _flag,
    "MALI_NEWS_SUMMARY": _flag,
    "MALI_NEWS_OTHER_PUBLICATIONS": _words,
    "MALI_NEWS_SEED_URLS": _words,
    "MALI_NEWS_DEPTH": _number(int),
    "MALI_NEWS_TOPIC_STRONG": _words,
    "MALI_NEWS_TOPIC_WEAK": _words,
    "MALI_NEWS_TOPIC_TITLE_WEIGHT": _number(float),
    "MALI_NEWS_TOPIC_WEAK_WEIGHT": _number(float),
    "MALI_NEWS_TOPIC_MIN_SCORE": _number(float),
    "MALI_NEWS_DATE_RANGE": _date_range,
    "MALI_NEWS_FIND_BACKGROUND": _flag,
}


def known() -> list[str]:
    """The project's settings, as settings.py names them."""
    return sorted(name for name in dir(defaults) if name.startswith(PREFIX))


def from_environment(settings: Any, environ: Mapping[str, str] | None = None) -> None:
    """Every MALI_NEWS_ setting the environment carries, above settings.py and below -s."""
    environ = os.environ if environ is None else environ
    for name in CHECKS:
        if name in environ:
            settings.set(name, environ[name], priority="spider")


def known_setting_names() -> frozenset[str]:
    """Every setting a crawl reads: Scrapy's own (its defaults), the project's, and those the
    project's components read that Scrapy does not define."""
    from scrapy.settings import default_settings

    from mali_news import settings as project

    names = {name for module in (default_settings, project) for name in dir(module) if name.isupper()}
    # Read by scrapy-redis (a shared crawl) and by Scrapy's commands, with no default of their own.
    names |= {"REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PARAMS", "SCHEDULER_PERSIST",
              "SCHEDULER_QUEUE_CLASS", "SCHEDULER_FLUSH_ON_START", "SCHEDULER_IDLE_BEFORE_CLOSE",
              "DUPEFILTER_KEY", "SCHEDULER_QUEUE_KEY", "SCHEDULER_DUPEFILTER_KEY",
              "SCHEDULER_DUPEFILTER_CLASS", "SCHEDULER_SERIALIZER", "START_URLS_KEY", "START_URLS_AS_SET",
              "REDIS_START_URLS_KEY"}
    return frozenset(names) | frozenset(CHECKS)


def check_setting_names(settings: Any) -> None:
    """Raise SettingError for a setting given on the command line (-s) that no part of the crawl
    reads: `-s DOWNLOAD_DELAYY=1` would otherwise be ignored in silence."""
    from scrapy.settings import SETTINGS_PRIORITIES

    known = known_setting_names()
    for name in sorted(settings.attributes):
        if settings.getpriority(name) != SETTINGS_PRIORITIES["cmdline"] or name in known:
            continue
        if name.upper().startswith(PREFIX):
            continue  # check_settings names the project's own, with its did-you-mean
        close = difflib.get_close_matches(name.upper(), known, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise SettingError(name, f"no such setting of Scrapy's or the project's{hint}", settings.get(name))


def check_log_file(settings: Any) -> None:
    """Raise SettingError when the log file (--log-file, --logfile, LOG_FILE) cannot be
    written: its folder is missing or is no folder. Checked before logging opens it."""
    value = settings.get("LOG_FILE")
    if not value:
        return
    folder = Path(value).expanduser().absolute().parent
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise SettingError("LOG_FILE", f"the log file's folder {folder} {problem}; create it first", value)


def check_settings(settings: Any) -> None:
    """Raise SettingError for the first MALI_NEWS_ setting that cannot be used, or whose name
    no setting has (a typo would otherwise be silently ignored)."""
    # mali_news_replay is a misspelling of MALI_NEWS_REPLAY, not a setting of its own to ignore.
    for name in sorted(key for key in settings.attributes if key.upper().startswith(PREFIX)):
        check = CHECKS.get(name)
        if check is None:
            close = difflib.get_close_matches(name.upper(), CHECKS, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise SettingError(name, f"no such setting{hint}", settings.get(name))
        check(name, settings.get(name))
