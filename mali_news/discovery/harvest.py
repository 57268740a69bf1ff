"""A harvest's plan before it starts: the index queries and candidates left, and the least time it takes."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from mali_news import UserError
from mali_news.archives.commoncrawl import check_crawls
from mali_news.archives.sharedlimits import groups
from mali_news.db import candidates
from mali_news.db.opening import database_url, open_corpus, sqlite_file
from mali_news.discovery.commoncrawl import crawl_listings
from mali_news.discovery.wayback import listings
from mali_news.reference.topic import DateWindow


@dataclass(frozen=True)
class Plan:
    """What a harvest will ask the archive for, as far as it can be known before it starts."""

    window: str
    index_queries: int
    commoncrawl_queries: int
    queued: int
    resumed: bool
    index_per_minute: float
    captures_per_minute: float
    commoncrawl_per_minute: float
    # The groups of workers (MALI_NEWS_EGRESS) of a shared crawl now alive: each leaves by an
    # address of its own and keeps the archives' full pace, so their paces add.
    groups: dict[str, int] = field(default_factory=dict)

    def minutes(self) -> float:
        """The least time the archives' limits allow for what is known now (each archive's index
        and the captures go side by side, each group of workers at the full pace). A query of
        Common Crawl's index is two requests at least: its page count, then its pages."""
        return max(self.index_queries / self.index_per_minute,
                   2 * self.commoncrawl_queries / self.commoncrawl_per_minute,
                   self.queued / self.captures_per_minute) / max(len(self.groups), 1)

    def describe(self, database: str) -> str:
        what = "Continuing the harvest of" if self.resumed else "Harvesting"
        lines = [
            f"{what} CNN's Mali coverage ({self.window}) into {database}:",
            "  every route (the seed's links, CNN's sitemaps, the Wayback Machine's and Common Crawl's "
            "indexes), each page read from its 2013 capture, the Wayback Machine's else Common Crawl's;",
            f"  {self.index_queries} index queries to start with (more where answers run to several "
            f"pages) at {self.index_per_minute:g} a minute, captures at "
            f"{self.captures_per_minute:g} a minute;",
            f"  {self.commoncrawl_queries} queries of Common Crawl's indexes (a page count, then each "
            f"page) at {self.commoncrawl_per_minute:g} a minute.",
        ]
        if self.queued:
            are = "candidates found earlier are" if self.queued != 1 else "candidate found earlier is"
            lines.append(f"  {self.queued} {are} still to fetch.")
        if len(self.groups) > 1:
            names = ", ".join(f"{name} ({_workers(n)})" for name, n in sorted(self.groups.items()))
            lines.append(f"  {len(self.groups)} groups of workers share the work ({names}), each from its "
                         f"own address at the archives' full pace: the time below is divided by "
                         f"{len(self.groups)}.")
        elif self.groups:
            ((name, n),) = self.groups.items()
            lines.append(f"  One group of workers ({name}, {_workers(n)}): they keep the archives' limits "
                         "together, so more workers behind one address add no speed.")
        lines.append(f"Time at the archives' limits: at least {_minutes(self.minutes())}, plus a minute "
                     f"for every {self.captures_per_minute:g} stories found; each 429 pauses the "
                     "archive a minute or more. Stop with Ctrl-C; the same command continues.")
        return "\n".join(lines)


def _workers(n: int) -> str:
    return f"{n} worker{'s' if n != 1 else ''}"


def _minutes(value: float) -> str:
    whole = max(1, round(value))
    return f"{whole // 60} h {whole % 60:02d} min" if whole >= 60 else f"{whole} min"


def plan(settings: Any) -> Plan:
    """The harvest's plan: the index queries still pending from an earlier run (else a new
    pass over the window), and the candidates it left queued."""
    window = settings.get("MALI_NEWS_DATE_RANGE")
    planned = listings(DateWindow(window), settings.getlist("MALI_NEWS_ARCHIVE_STORY_HOSTS"),
                       settings.getlist("MALI_NEWS_ARCHIVE_BLOG_HOSTS"),
                       settings.getlist("MALI_NEWS_ARCHIVE_TRANSCRIPT_HOSTS"), "", "")
    crawls = check_crawls(settings.getlist("MALI_NEWS_COMMONCRAWL_CRAWLS"))
    fresh, fresh_commoncrawl = len(planned), len(crawl_listings(crawls, DateWindow(window), planned))
    pending, pending_commoncrawl, queued = 0, 0, 0
    url = database_url(settings.get("MALI_NEWS_DATABASE_URL"))
    path = sqlite_file(url)
    if path is None or path.exists():
        # A corpus that cannot be read is said so (open_corpus's UserError), never guessed empty.
        engine = open_corpus(url)
        try:
            with engine.connect() as conn:
                pending = len(candidates.pending_listings(conn, "wayback"))
                pending_commoncrawl = len(candidates.pending_listings(conn, "commoncrawl"))
                queued = candidates.left(conn)[0]
        except SQLAlchemyError as exc:
            raise UserError(f"cannot read {path or url}: {type(exc).__name__}: {exc}") from None
        finally:
            engine.dispose()
    # Each route reads on its own unread queries, or makes a new pass when it left none.
    return Plan(window, pending or fresh, pending_commoncrawl or fresh_commoncrawl, queued,
                bool(pending or pending_commoncrawl or queued),
                settings.getfloat("MALI_NEWS_WAYBACK_INDEX_PER_MINUTE"),
                settings.getfloat("MALI_NEWS_WAYBACK_CAPTURES_PER_MINUTE"),
                settings.getfloat("MALI_NEWS_COMMONCRAWL_INDEX_PER_MINUTE"),
                worker_groups(settings.get("MALI_NEWS_REDIS_URL")))


def worker_groups(redis_url: str) -> dict[str, int]:
    """The groups of the shared crawl's live workers and how many each has ({} for no shared
    crawl). Raises UserError when its Redis cannot be reached."""
    if not redis_url:
        return {}
    import redis

    try:
        client = redis.Redis.from_url(redis_url, socket_timeout=10, socket_connect_timeout=10)
        found = groups(client, "cnn_mali")
    except redis.RedisError as exc:
        raise UserError(f"MALI_NEWS_REDIS_URL {redis_url}: the shared crawl's Redis cannot be reached "
                        f"({exc})") from None
    return {name: len(workers) for name, workers in found.items()}
