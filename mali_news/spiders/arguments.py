"""The spider's -a arguments, checked: start URLs, depth, discovery routes, source of pages."""

import difflib
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from mali_news.archives.capture import Capture
from mali_news.archives.registry import NAMES
from mali_news.archives.wayback import pasted_capture
from mali_news.config.checks import ArgumentError
from mali_news.discovery import parse_routes


@dataclass
class CrawlArguments:
    # The spider's own -a names (others are Scrapy's, set on the spider as they are).
    NAMES = frozenset({"start_urls", "depth", "source", "wayback_date", "discover", "versions"})

    start_urls: list[str] = field(default_factory=list)
    depth: int | None = None
    # live, or the archives to read pages from in order of preference ("wayback,commoncrawl").
    source: str = "live"
    # The date a capture is asked nearest to; "" for each page's first capture after its own day.
    wayback_date: str = ""
    # links (the seed's links), sitemaps, archive; None until given or read from settings.
    routes: frozenset[str] | None = None
    # "first": a story's record capture only; "all": every distinct capture in the date window.
    versions: str = "first"

    @classmethod
    def parse(cls, start_urls: str | list[str] | None = None, depth: int | str | None = None,
              source: str = "live", wayback_date: str = "",
              discover: str | None = None, versions: str = "first") -> "CrawlArguments":
        if versions not in ("first", "all"):
            raise ArgumentError("versions", "must be first or all", versions)
        source = _check_source(source)
        if wayback_date and not re.fullmatch(r"\d{4,14}", str(wayback_date)):
            raise ArgumentError("wayback_date", "must be YYYYMMDD (or a longer timestamp)", wayback_date)
        if isinstance(start_urls, str):
            start_urls = [u.strip() for u in start_urls.split(",") if u.strip()]
        try:
            checked = None if depth is None else int(depth)
        except ValueError:
            raise ArgumentError("depth", "not a whole number", depth) from None
        if checked is not None and checked < 0:
            raise ArgumentError("depth", "must be 0 or more", depth)
        try:
            routes = parse_routes(discover) if discover is not None else None
        except ValueError as exc:
            raise ArgumentError("discover", str(exc), discover) from None
        return cls(list(start_urls or []), checked, source, wayback_date, routes, versions)

    @classmethod
    def check_names(cls, given: Mapping[str, Any]) -> None:
        """An -a name the spider does not know is a misspelling: `-a dept=0` would otherwise be
        ignored and the crawl go its default way."""
        for name in sorted(set(given) - cls.NAMES):
            close = difflib.get_close_matches(name, cls.NAMES, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else f" (known: {', '.join(sorted(cls.NAMES))})"
            raise ArgumentError(name, f"no such argument{hint}", given[name])

    @classmethod
    def parse_or_exit(cls, *args: Any, **unknown: Any) -> "CrawlArguments":
        """parse(), but a bad or unknown argument ends the run with one line and status 2, as a
        bad setting does (`scrapy crawl -a depth=abc` would otherwise end in a traceback)."""
        try:
            cls.check_names(unknown)
            return cls.parse(*args)
        except ArgumentError as exc:
            print(exc, file=sys.stderr)
            raise SystemExit(exc.status) from None

    def fill(self, settings: BaseSettings) -> None:
        """What -a left out, from the MALI_NEWS_ settings."""
        self.start_urls = self.start_urls or settings.getlist("MALI_NEWS_SEED_URLS")
        self.depth = settings.getint("MALI_NEWS_DEPTH") if self.depth is None else self.depth
        if self.routes is None:
            self.routes = parse_routes(settings.get("MALI_NEWS_DISCOVER"))

    @property
    def follows_links(self) -> bool:
        """Links are followed on the links route; the other routes fetch what they find."""
        return self.routes is None or "links" in self.routes

    @property
    def archives(self) -> tuple[str, ...]:
        """The archives pages are read from, in order of preference; none for live CNN."""
        return () if self.source == "live" else tuple(self.source.split(","))

    def wayback(self, capture: Capture | None = None) -> dict[str, Any] | None:
        """Where pages are fetched from: the archives (the capture nearest -a wayback_date, else
        each page's first capture after its own day), or None for live CNN. Links on an archived
        page are read from an archive too (the one it came from, when pages are read live),
        near that page's capture when theirs names no day."""
        near = {"near": capture.timestamp} if capture is not None and capture.timestamp else {}
        if self.archives:
            return {"date": self.wayback_date, **near, "archives": list(self.archives)}
        return {"date": "", **near, "archives": [capture.archive]} if capture is not None else None

    def archives_with(self, found_by: str) -> list[str]:
        """The archives a candidate an archive's index found is read from: those of -a source in
        their order, then the archive that found it (it holds the page)."""
        return list(dict.fromkeys([*self.archives, found_by]))

    def archive_domains(self, settings: BaseSettings) -> list[str]:
        """The archives' hosts, when pages come from them or a start URL is an archive address."""
        archive_base = settings.get("MALI_NEWS_WAYBACK_URL")
        host = urlsplit(archive_base).hostname
        routes = self.routes or frozenset()
        wanted = ("wayback" in self.archives or "wayback" in routes
                  or any(pasted_capture(u, archive_base) for u in self.start_urls))
        hosts = [host] if host and wanted else []
        if "commoncrawl" in self.archives or "commoncrawl" in routes:
            hosts += [h for name in ("MALI_NEWS_COMMONCRAWL_INDEX_URL", "MALI_NEWS_COMMONCRAWL_DATA_URL")
                      if (h := urlsplit(settings.get(name)).hostname)]
        return hosts


def _check_source(source: str) -> str:
    """live, or one or more archives in order of preference: "wayback,commoncrawl"."""
    names = [name.strip().lower() for name in str(source).split(",") if name.strip()]
    allowed = ("live", *NAMES)
    unknown = [name for name in names if name not in allowed]
    if not names or unknown or ("live" in names and len(names) > 1) or len(set(names)) < len(names):
        raise ArgumentError("source", f"must be live, or archives in order of preference "
                            f"({', '.join(NAMES)}, comma-separated)", source)
    return ",".join(names)
