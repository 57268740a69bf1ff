"""A page one archive cannot give (it lacks it, or is out of reach) is asked of the next one."""

import logging

from scrapy import Request
from scrapy.statscollectors import StatsCollector

from mali_news.archives.registry import TITLES
from mali_news.meta import ADDRESSES, ARCHIVE_REQUEST, CAPTURE, FAILURE, ORIGINAL

logger = logging.getLogger(__name__)

# Meta of one archive's attempt, which the next archive's attempt must not inherit: its stage and
# lookups, its lane's token and download slot, its retries.
_ATTEMPT_PREFIXES = ("mali_news_wayback_", "mali_news_commoncrawl_", "mali_news_lane_")
_ATTEMPT_KEYS = frozenset({"download_slot", "retry_times", "redirect_times", "redirect_urls",
                           "dont_redirect", CAPTURE, ADDRESSES, FAILURE})


def archives_of(wanted: dict | None) -> list[str]:
    """The archives a request asks, in order (the Wayback Machine alone when it names none)."""
    if not wanted:
        return []
    return list(wanted.get("archives") or ["wayback"])


def first_archive(request: Request) -> str:
    """The archive a request is for now ("" for a page of cnn.com itself)."""
    found = archives_of(request.meta.get(ARCHIVE_REQUEST))
    return found[0] if found else ""


def next_archive(request: Request, stats: StatsCollector, why: str, detail: str) -> Request | None:
    """The same page asked of the request's next archive, or None when it names no other.
    why: "no_capture", "unreachable", ... (counted); detail: the log line's reason."""
    wanted = request.meta.get(ARCHIVE_REQUEST)
    archives = archives_of(wanted)
    if len(archives) < 2:
        return None
    original = request.meta.get(ORIGINAL) or request.url
    meta = {key: value for key, value in request.meta.items()
            if key not in _ATTEMPT_KEYS and not key.startswith(_ATTEMPT_PREFIXES)}
    meta[ARCHIVE_REQUEST] = {**wanted, "archives": archives[1:]}
    stats.inc_value(f"mali_news/archive/{archives[0]}/handed_over/{why}")
    title = TITLES.get(archives[1], archives[1])
    logger.info("%s: %s; asking %s", original, detail, title)
    return request.replace(url=original, meta=meta, dont_filter=True)
