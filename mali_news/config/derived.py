"""Settings that follow from other settings, applied when the spider is loaded."""

import sys

from scrapy.settings import BaseSettings

from mali_news import UserError, __version__
from mali_news.archives import registry
from mali_news.config import checks
from mali_news.db.opening import check_crawl_target


def checked(settings: BaseSettings) -> None:
    """The environment's MALI_NEWS_ settings taken in and every setting checked; a bad one ends
    the run here, before any request, with one line and exit status 2."""
    checks.from_environment(settings)
    try:
        checks.check_settings(settings)
        # Never another program's database, nor a newer release's corpus; left unchanged.
        check_crawl_target(settings.get("MALI_NEWS_DATABASE_URL"))
    except UserError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(exc.status) from None


def derive(settings: BaseSettings) -> None:
    """Fill in what the project's own settings imply; values a user gave with -s still win."""
    checked(settings)
    settings.set("DOWNLOAD_MAXSIZE", settings.getint("MALI_NEWS_MAX_PAGE_BYTES"), priority="spider")
    contact = settings.get("MALI_NEWS_CONTACT")
    settings.set("USER_AGENT", f"mali_news/{__version__} (research crawler of CNN's Mali "
                 f"coverage{'; contact: ' + contact if contact else ''})", priority="spider")
    if redis_url := settings.get("MALI_NEWS_REDIS_URL"):
        # One frontier for every worker: scrapy-redis's queue and duplicate filter.
        settings.set("SCHEDULER", "mali_news.distributed.scheduler.ClaimingScheduler", priority="spider")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="spider")
        settings.set("SCHEDULER_PERSIST", True, priority="spider")
        settings.set("REDIS_URL", redis_url, priority="spider")
    # Each archive endpoint is a download slot of its own, paced by its lane in the scheduler
    # (mali_news/archives/pqueues.py), not by Scrapy's per-host delay nor AutoThrottle's: a token lets a
    # request go at once (a request held after its turn would go out bunched with the next).
    slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
    for archive in registry.configured(settings):
        for endpoint in archive.endpoints:
            slots.setdefault(endpoint.lane, {"concurrency": 4, "delay": 0.0, "jitter": 0.0,
                                             "throttle": False})
    settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
    if settings.get("MALI_NEWS_REPLAY"):
        # A mirror on disk needs no politeness delays.
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
        settings.set("DOWNLOAD_DELAY", 0, priority="spider")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="spider")
        settings.set("CONCURRENT_REQUESTS", 16, priority="spider")
