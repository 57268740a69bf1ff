"""Spider over CNN's Mali coverage from the seed and discovery routes: what to request, what an article is."""

import logging
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from mali_news import meta
from mali_news.archives.wayback import pasted_capture
from mali_news.config import derived
from mali_news.distributed.frontier import SharedFrontier
from mali_news.errors import ROBOTS, asked_url, report_failure
from mali_news.items import ArticleItem
from mali_news.parsers import NOT_THE_STORY, Page, read_page
from mali_news.signals import page_left
from mali_news.spiders.arguments import CrawlArguments
from mali_news.spiders.discovery import DiscoveryMixin
from mali_news.urls import canonical_url, is_cnn_host, url_kind

logger = logging.getLogger(__name__)

FOLLOWED_KINDS = frozenset({"article", "blog_post", "transcript", "hub"})


class CnnMaliSpider(DiscoveryMixin, Spider):
    name = "cnn_mali"

    def __init__(self, start_urls: str | list[str] | None = None, depth: int | str | None = None,
                 source: str = "live", wayback_date: str = "", discover: str | None = None,
                 versions: str = "first", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.args = CrawlArguments.parse_or_exit(start_urls, depth, source, wayback_date, discover, versions,
                                                 **{k: v for k, v in kwargs.items() if k != "name"})
        self.explicit_start = bool(self.args.start_urls)
        self.start_urls, self.depth = self.args.start_urls, self.args.depth
        # Scrapy's offsite middlewares drop any request, redirects included, that leaves CNN.
        self.allowed_domains = ["cnn.com"]
        # Canonical keys of the stories requested in this crawl (kept across a JOBDIR pause).
        self.seen: set[str] = set()
        # A shared crawl (MALI_NEWS_REDIS_URL): the frontier all workers share, and this one's name.
        self.frontier: SharedFrontier | None = None
        self.worker = ""

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        derived.derive(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> "CnnMaliSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.args.fill(settings)
        spider.start_urls, spider.depth = spider.args.start_urls, spider.args.depth
        if redis_url := settings.get("MALI_NEWS_REDIS_URL"):
            spider.frontier = SharedFrontier(redis_url, spider.name,
                                             int(3 * settings.getfloat("MALI_NEWS_WORKER_HEARTBEAT")))
            spider.worker = settings.get("MALI_NEWS_WORKER_NAME") or socket.gethostname()
        spider.allowed_domains += spider.args.archive_domains(settings)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        # The seed starts the links route; workers of a shared crawl take theirs from the frontier.
        wanted = self.explicit_start or (self.frontier is None and self.args.follows_links)
        for url in self.start_urls if wanted else []:
            if (request := self.seed_request(url)) is not None:
                yield request
        for request in self.discovery_requests():
            yield request

    def seed_request(self, url: str) -> Request | None:
        """The request for a start URL (a CNN page, or a pasted Wayback address of one)."""
        captured = pasted_capture(url, self.crawler.settings.get("MALI_NEWS_WAYBACK_URL"))
        wayback = {"timestamp": captured[0]} if captured else self.args.wayback()
        url = captured[1] if captured else url
        if not url.startswith(("http://", "https://")) or not is_cnn_host(urlsplit(url).hostname):
            self.crawler.stats.inc_value("mali_news/seeds/not_cnn")
            logger.error("Not a CNN address, not crawled: %s", url)
            return None
        return self._request(url, hops=0, seed=True, wayback=wayback)

    def _request(self, url: str, hops: int, seed: bool = False, wayback: dict[str, str] | None = None,
                 discovered: str = "", why: str = "") -> Request | None:
        """A request for url unless its story was already requested in this crawl."""
        key = canonical_url(url)
        # A shared crawl's seed is fetched each time it is pushed (it reveals new stories).
        first = self.frontier.first_time(key) if self.frontier is not None else True
        if key in self.seen or not (first or seed):
            self.crawler.stats.inc_value("mali_news/links/already_seen")
            return None
        self.seen.add(key)
        request_meta = {meta.HOPS: hops, meta.SEED: seed,
                        **({meta.ARCHIVE_REQUEST: wayback} if wayback else {}),
                        **({meta.DISCOVERED: discovered, meta.CANDIDATE_WHY: why} if discovered else {})}
        # A seed must pass a shared crawl's persistent duplicate filter too.
        return Request(url, callback=self.parse, errback=self.on_error, meta=request_meta,
                       dont_filter=seed and self.frontier is not None)

    def parse(self, response: Response) -> Iterator[ArticleItem | Request]:
        page = self._page(response)
        if page is not None and page.article is not None:
            yield page.article
        elif page is not None:
            # A hub, read for its links: not a story left out.
            self._done(response.request, response.url, "followed", page.layout)
        else:
            left = response.meta.get(meta.FAILURE)
            self._done(response.request, response.url, "failed" if left == NOT_THE_STORY else "dropped", "")
        if page is not None:
            yield from self.follow(page.follow, response.meta.get(meta.HOPS, 0) + 1,
                                   self.args.wayback(response.meta.get(meta.CAPTURE)))

    def _page(self, response: Response) -> Page | None:
        page = read_page(response, self.crawler.stats,
                         self.crawler.settings.getlist("MALI_NEWS_OTHER_PUBLICATIONS"))
        if page is not None:
            response.meta[meta.TOPIC] = (page.title, page.topic_text, page.published)
        return page

    def follow(self, urls: list[str], hops: int,
               wayback: dict[str, str] | None = None) -> Iterator[Request]:
        """Requests for the story and hub links among urls, hops away from a start URL."""
        for url in urls if hops <= self.depth and self.args.follows_links else []:
            if url_kind(url) in FOLLOWED_KINDS and (request := self._request(url, hops, wayback=wayback)):
                yield request

    def _done(self, request: Request | None, url: str, status: str, reason: str) -> None:
        """A page that stores nothing is done when parsed or failed: its shared-crawl claim goes
        (an article releases it when stored), and whoever records what was left hears why."""
        if self.frontier is not None and request is not None:
            self.frontier.release_request(request)
        found = request.meta if request is not None else {}
        # A middleware that left the page on purpose (judged off topic on its live page) says so.
        status = "dropped" if found.get(meta.DROPPED) else status
        given = found.get(meta.DROPPED) or found.get(meta.FAILURE)
        self.crawler.signals.send_catch_log(page_left, url=canonical_url(url), status=status,
                                            reason=given or reason or "not_an_article")

    def on_error(self, failure: Failure) -> None:
        reason = report_failure(failure, self.crawler.stats)
        status = "dropped" if reason == ROBOTS else "failed"
        self._done(failure.request, asked_url(failure.request), status, reason)
