"""The spider's discovery routes: story addresses from CNN's sitemaps and from the archive's index."""

import logging
from collections.abc import Callable, Iterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from mali_news.cdx import parse_cdx
from mali_news.discovery import archive, sitemaps
from mali_news.errors import failure_reason
from mali_news.signals import candidate_found
from mali_news.spiders.arguments import CrawlArguments
from mali_news.topic import DateWindow, TopicRule
from mali_news.urls import canonical_url

logger = logging.getLogger(__name__)

# Request meta: which route a sitemap, robots.txt or index page belongs to, and the index
# query (prefix, filter) a page of answers continues.
ROUTE = "mali_news_discovery_route"
LISTING = "mali_news_discovery_listing"


class DiscoveryMixin:
    """Requests for the routes named by -a discover (sitemaps, archive) and the callbacks that
    read their answers into candidate requests. A candidate is a start point (hops 0) that the
    topic rule and date window still judge on the page itself."""

    crawler: Crawler
    args: CrawlArguments
    wayback_url: str
    _request: Callable[..., Request | None]

    def discovery_requests(self) -> Iterator[Request]:
        settings = self.crawler.settings
        if "sitemaps" in self.args.routes:
            listed = settings.getlist("MALI_NEWS_SITEMAP_URLS")
            for url in listed or settings.getlist("MALI_NEWS_SITEMAP_ROBOTS"):
                yield self._step(url, self.parse_sitemap if listed else self.parse_robots, "sitemaps")
        if "archive" in self.args.routes:
            for listing in self._listings():
                yield self._listing_request(listing)

    def _window(self) -> DateWindow:
        return DateWindow(self.crawler.settings.get("MALI_NEWS_DATE_RANGE"))

    def _listings(self) -> list[archive.Listing]:
        settings = self.crawler.settings
        words = settings.getlist("MALI_NEWS_TOPIC_STRONG")
        sections = settings.getlist("MALI_NEWS_DISCOVERY_SECTIONS")
        return archive.listings(
            self._window(), settings.getlist("MALI_NEWS_ARCHIVE_STORY_HOSTS"),
            settings.getlist("MALI_NEWS_ARCHIVE_BLOG_HOSTS"),
            settings.getlist("MALI_NEWS_ARCHIVE_TRANSCRIPT_HOSTS"),
            archive.topic_regex(words, sections),
            archive.transcript_regex(settings.getlist("MALI_NEWS_ARCHIVE_TRANSCRIPT_SHOWS")))

    def _step(self, url: str, callback: Callable[[Response], Any], route: str,
              extra: dict[str, Any] | None = None) -> Request:
        return Request(url, callback=callback, errback=self.on_discovery_error,
                       meta={ROUTE: route, **(extra or {})})

    def _listing_request(self, listing: archive.Listing, resume_key: str = "") -> Request:
        page_size = self.crawler.settings.getint("MALI_NEWS_ARCHIVE_PAGE_SIZE")
        return self._step(listing.url(self.wayback_url, page_size, resume_key), self.parse_archive_listing,
                          "archive", {LISTING: (listing.prefix, listing.original_regex)})

    def _candidate(self, url: str, route: str, wayback: dict[str, str] | None) -> Iterator[Request]:
        key = canonical_url(url)
        self.crawler.signals.send_catch_log(candidate_found, url=key, found_url=url, source=route)
        request = self._request(url, hops=0, wayback=wayback, discovered=route)
        if request is not None:
            yield request

    def _count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"mali_news/discovery/{key}", n)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        found = sitemaps.from_robots(response.body, response.url)
        if not found:
            self._count("sitemaps/robots_without_sitemaps")
            logger.warning("robots.txt at %s names no sitemap", response.url)
        for url in found:
            yield self._step(url, self.parse_sitemap, "sitemaps")

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            body = sitemaps.sitemap_body(response.body, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            kind, found = sitemaps.read(body)
        except (ValueError, OSError, EOFError) as exc:
            self._count("sitemaps/unreadable")
            logger.error("Not a readable sitemap, skipped: %s (%s)", response.url, exc)
            return
        self._count("sitemaps/read")
        window = self._window()
        if kind == "sitemapindex":
            for entry in sitemaps.entries(found):
                if sitemaps.wanted_sitemap(entry.loc, window):
                    yield self._step(entry.loc, self.parse_sitemap, "sitemaps")
                else:
                    self._count("sitemaps/outside_window")
            return
        rule = sitemaps.CandidateRule(TopicRule.from_settings(self.crawler.settings).strong_re,
                                      self.crawler.settings.getlist("MALI_NEWS_DISCOVERY_SECTIONS"), window)
        for entry in sitemaps.entries(found):
            why = rule.why(entry)
            self._count(f"sitemaps/candidates/{why}" if why else "sitemaps/not_candidates")
            if why:
                yield from self._candidate(entry.loc, "sitemaps", self.args.wayback())

    def parse_archive_listing(self, response: Response) -> Iterator[Request]:
        prefix, regex = response.meta[LISTING]
        try:
            answer = parse_cdx(response.text)
        except (ValueError, AttributeError) as exc:
            self._count("archive/unreadable")
            logger.error("The archive's index answer for %s is not CDX: %s (%s)", prefix, exc, response.url)
            return
        if answer.malformed:
            self._count("archive/malformed_rows", answer.malformed)
            logger.warning("Skipped %d malformed rows of the archive's index answer for %s (%s)",
                           answer.malformed, prefix, response.url)
        captures, resume_key = answer.captures, answer.resume_key
        self._count("archive/pages")
        found = list(archive.candidates(captures, self._window()))
        self._count("archive/candidates", len(found))
        logger.debug("The archive's index lists %d candidates under %s", len(found), prefix)
        for capture in found:
            yield from self._candidate(capture.original, "archive", {"timestamp": capture.timestamp})
        if resume_key:
            yield self._listing_request(archive.Listing(prefix, regex), resume_key)

    def on_discovery_error(self, failure: Failure) -> None:
        route = failure.request.meta.get(ROUTE, "discovery")
        reason = failure_reason(failure)
        self._count(f"{route}/failed/{reason}")
        logger.error("Discovery (%s): could not read %s: %s", route, failure.request.url, reason)
