"""Spider that walks CNN's Mali coverage from the seed article; extraction is the parsers'."""

import logging
import re
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from mali_news import __version__
from mali_news.downloadermiddlewares.wayback import CAPTURE_URL, CAPTURED_AT, ORIGINAL, WAYBACK
from mali_news.errors import failure_reason
from mali_news.frontier import SharedFrontier
from mali_news.items import ArticleItem
from mali_news.parsers import page_root, parse_page
from mali_news.topic import TopicRule
from mali_news.urls import canonical_url, is_cnn_host, url_kind
from mali_news.wayback import DEFAULT_DATE, parse_timestamp, split_archive_url

logger = logging.getLogger(__name__)

FOLLOWED_KINDS = frozenset({"article", "hub"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


class CnnMaliSpider(Spider):
    name = "cnn_mali"

    def __init__(self, start_urls: str | list[str] | None = None, depth: int | str | None = None,
                 source: str = "live", wayback_date: str = DEFAULT_DATE, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if source not in ("live", "wayback"):
            raise ValueError(f"source must be live or wayback, not {source!r}")
        if not re.fullmatch(r"\d{4,14}", wayback_date):
            raise ValueError(f"wayback_date must be YYYYMMDD (or a longer timestamp), not {wayback_date!r}")
        self.source = source
        self.wayback_date = wayback_date
        self.wayback_url = ""
        # Scrapy's offsite middlewares drop any request, redirects included, that leaves CNN.
        self.allowed_domains = ["cnn.com"]
        if isinstance(start_urls, str):
            start_urls = [u.strip() for u in start_urls.split(",") if u.strip()]
        self.start_urls = list(start_urls or [])
        self.depth = None if depth is None else int(depth)
        if self.depth is not None and self.depth < 0:
            raise ValueError(f"depth must be 0 or more, not {depth!r}")
        self.topic: TopicRule | None = None
        self.seen: set[str] = set()
        # A shared crawl (MALI_NEWS_REDIS_URL): the frontier all workers share, and this one's name.
        self.frontier: SharedFrontier | None = None
        self.worker = ""
        self.explicit_start = bool(start_urls)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # Settings a user gives with -s (or in settings.py for USER_AGENT) still win.
        settings.set("DOWNLOAD_MAXSIZE", settings.getint("MALI_NEWS_MAX_PAGE_BYTES"),
                     priority="spider")
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
            # A mirror on disk needs no politeness delays; command-line settings still win.
            settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
            settings.set("DOWNLOAD_DELAY", 0, priority="spider")
            settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="spider")
            settings.set("CONCURRENT_REQUESTS", 16, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> "CnnMaliSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.start_urls = spider.start_urls or settings.getlist("MALI_NEWS_SEED_URLS")
        if spider.depth is None:
            spider.depth = settings.getint("MALI_NEWS_DEPTH")
        spider.topic = TopicRule(settings.getlist("MALI_NEWS_TOPIC_KEYWORDS"),
                                 settings.getint("MALI_NEWS_TOPIC_MIN_HITS"))
        if redis_url := settings.get("MALI_NEWS_REDIS_URL"):
            spider.frontier = SharedFrontier(redis_url, spider.name,
                                             int(3 * settings.getfloat("MALI_NEWS_WORKER_HEARTBEAT")))
            spider.worker = settings.get("MALI_NEWS_WORKER_NAME") or socket.gethostname()
        spider.wayback_url = settings.get("MALI_NEWS_WAYBACK_URL")
        archive_host = urlsplit(spider.wayback_url).hostname
        if archive_host and (spider.source == "wayback" or any(map(spider._archive_address,
                                                                    spider.start_urls))):
            spider.allowed_domains.append(archive_host)
        return spider

    def _archive_address(self, url: str) -> tuple[str, str] | None:
        """(timestamp, original) for a pasted Wayback address of a CNN page."""
        host = urlsplit(url).hostname
        if host not in {"web.archive.org", urlsplit(self.wayback_url).hostname}:
            return None
        found = split_archive_url(url)
        return found if found and is_cnn_host(urlsplit(found[1]).hostname) else None

    async def start(self) -> AsyncIterator[Request]:
        if hasattr(self, "state"):
            # With JOBDIR what was requested and fetched before a pause survives it.
            self.seen = self.state.setdefault("mali_news_seen", self.seen)
            self.crawler.stats.set_value("mali_news/seeds/fetched",
                                         self.state.get("mali_news_seeds_fetched", 0))
        if self.frontier is not None and not self.explicit_start:
            # Workers of a shared crawl take their seeds from the frontier (`mali-news seed`).
            return
        for url in self.start_urls:
            request = self.seed_request(url)
            if request is not None:
                yield request

    def seed_request(self, url: str) -> Request | None:
        """The request for a start URL (a CNN page, or a pasted Wayback address of one)."""
        wayback = self._wayback(None)
        if archived := self._archive_address(url):
            # A pasted archive address: that capture of the original page.
            timestamp, url = archived
            wayback = {"timestamp": timestamp}
        if not url.startswith(("http://", "https://")) or not is_cnn_host(urlsplit(url).hostname):
            self.crawler.stats.inc_value("mali_news/seeds/not_cnn")
            logger.error("Not a CNN address, not crawled: %s", url)
            return None
        return self._request(url, hops=0, seed=True, wayback=wayback)

    def _wayback(self, response: Response | None) -> dict[str, str] | None:
        """Where links found on this page are fetched from: the archive, near which date."""
        if self.source == "wayback":
            return {"date": self.wayback_date}
        captured = response.meta.get(CAPTURED_AT) if response is not None else None
        return {"date": captured} if captured else None

    def _request(self, url: str, hops: int, seed: bool = False,
                 wayback: dict[str, str] | None = None) -> Request | None:
        """A request for url unless its story was already requested in this crawl."""
        key = canonical_url(url)
        if self.frontier is None:
            fresh = key not in self.seen
        elif seed:
            # A shared crawl's seed is fetched each time it is pushed (it reveals new stories),
            # though the frontier remembers it from earlier crawls.
            self.frontier.first_time(key)
            fresh = key not in self.seen
        else:
            fresh = self.frontier.first_time(key)
        if not fresh:
            self.crawler.stats.inc_value("mali_news/links/already_seen")
            return None
        self.seen.add(key)
        meta: dict[str, Any] = {"mali_news_hops": hops, "mali_news_seed": seed}
        if wayback:
            meta[WAYBACK] = wayback
        # A seed must pass a shared crawl's persistent duplicate filter too.
        return Request(url, callback=self.parse, errback=self.on_error, meta=meta,
                       dont_filter=seed and self.frontier is not None)

    def parse(self, response: Response) -> Iterator[ArticleItem | Request]:
        stored = False
        for result in self._parse(response):
            stored = stored or isinstance(result, ArticleItem)
            yield result
        if not stored:
            self._done(response.request)

    def _parse(self, response: Response) -> Iterator[ArticleItem | Request]:
        stats = self.crawler.stats
        media_type = (response.headers.get("Content-Type") or b"").decode(
            "latin-1").split(";")[0].strip().lower()
        # Trust the declared type; only a page that declares none is judged by its content.
        if media_type not in HTML_TYPES if media_type else not isinstance(response, HtmlResponse):
            media_type = media_type or "unknown"
            stats.inc_value(f"mali_news/pages/not_html/{media_type.replace('/', '_')}")
            logger.warning("Not an HTML page (%s), skipped: %s", media_type, response.url)
            return
        if b"</html" not in response.body[-4096:].lower():
            # Cut off in transfer or at the source: kept if what arrived is an article.
            stats.inc_value("mali_news/pages/truncated")
            logger.warning("Truncated HTML (no </html>): %s", response.url)
        if response.meta.get("mali_news_seed"):
            stats.inc_value("mali_news/seeds/fetched")
            if hasattr(self, "state"):
                self.state["mali_news_seeds_fetched"] = stats.get_value("mali_news/seeds/fetched")
        page = parse_page(page_root(response), response.url)
        if page is None:
            stats.inc_value("mali_news/pages/unknown_layout")
            logger.warning("No parser recognises the layout of %s", response.url)
            return
        stats.inc_value(f"mali_news/pages/{page.layout}")
        if page.article is None and not page.follow:
            return
        seed = response.meta.get("mali_news_seed", False)
        if not seed and not self.topic.matches(page.title, page.topic_text):
            stats.inc_value("mali_news/dropped/off_topic")
            logger.info("Off topic, not stored or followed: %s", response.url)
            return
        if page.article is not None:
            # Every address the page came under joins the story's: links to any of them find it.
            page.article.addresses = [url for url in dict.fromkeys([
                *response.meta.get("redirect_urls", []), response.url, *page.article.addresses])
                if is_cnn_host(urlsplit(url).hostname)]
            page.article.capture_url = response.meta.get(CAPTURE_URL, "")
            if captured := response.meta.get(CAPTURED_AT):
                page.article.captured_at = parse_timestamp(captured)
            yield page.article
        yield from self.follow(page.follow, response.meta.get("mali_news_hops", 0) + 1,
                               self._wayback(response))

    def follow(self, urls: list[str], hops: int,
               wayback: dict[str, str] | None = None) -> Iterator[Request]:
        """Requests for the story and hub links among urls, hops away from a start URL, each
        story once per crawl."""
        if hops > self.depth:
            return
        for url in urls:
            if url_kind(url) not in FOLLOWED_KINDS:
                continue
            request = self._request(url, hops, wayback=wayback)
            if request is not None:
                yield request

    def _done(self, request: Request | None) -> None:
        """A page that stores nothing is finished when parsed: its claim in a shared crawl goes.
        (A page with an article is finished when the article is stored.)"""
        if self.frontier is None or request is None:
            return
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        self.frontier.release(canonical_url(request.meta.get(ORIGINAL) or first))

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        self._done(request)
        stats = self.crawler.stats
        if request.meta.get("mali_news_seed"):
            stats.inc_value("mali_news/seeds/failed")
        reason = failure_reason(failure)
        if reason == "ignored":
            # Whoever ignored it (the replay mirror, say) has logged and counted it.
            return
        if reason == "robots_disallowed":
            stats.inc_value("mali_news/skipped/robots_txt")
            logger.info("Not fetched, robots.txt disallows it: %s", request.url)
            return
        stats.inc_value(f"mali_news/errors/{reason}")
        detail = "" if reason.startswith("http_") else f" ({failure.getErrorMessage()})"
        via = f" via {request.url}" if request.meta.get(ORIGINAL) else ""
        logger.error("Could not fetch %s%s: %s%s", request.meta.get(ORIGINAL, request.url), via,
                     reason, detail)
