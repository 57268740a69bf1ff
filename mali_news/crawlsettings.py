"""Settings that follow from other settings, applied when the spider is loaded."""

from scrapy.settings import BaseSettings

from mali_news import __version__


def derive(settings: BaseSettings) -> None:
    """Fill in what the project's own settings imply; values a user gave with -s still win."""
    settings.set("DOWNLOAD_MAXSIZE", settings.getint("MALI_NEWS_MAX_PAGE_BYTES"), priority="spider")
    contact = settings.get("MALI_NEWS_CONTACT")
    settings.set("USER_AGENT", f"mali_news/{__version__} (research crawler of CNN's Mali "
                 f"coverage{'; contact: ' + contact if contact else ''})", priority="spider")
    if redis_url := settings.get("MALI_NEWS_REDIS_URL"):
        # One frontier for every worker: scrapy-redis's queue and duplicate filter.
        settings.set("SCHEDULER", "mali_news.scheduler.ClaimingScheduler", priority="spider")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="spider")
        settings.set("SCHEDULER_PERSIST", True, priority="spider")
        settings.set("REDIS_URL", redis_url, priority="spider")
    if settings.get("MALI_NEWS_REPLAY"):
        # A mirror on disk needs no politeness delays.
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
        settings.set("DOWNLOAD_DELAY", 0, priority="spider")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="spider")
        settings.set("CONCURRENT_REQUESTS", 16, priority="spider")
