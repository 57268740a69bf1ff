"""The web archives a crawl reads, each with its endpoints and the pace each endpoint allows."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Endpoint:
    """One part of an archive with a limit of its own (the Wayback Machine's index and its
    captures): every address under prefix, at most per_minute requests a minute."""

    archive: str
    name: str
    prefix: str
    per_minute: float

    @property
    def lane(self) -> str:
        """The key its requests are queued, paced and downloaded under ("wayback/index")."""
        return f"{self.archive}/{self.name}"


@dataclass(frozen=True)
class Archive:
    """An archive: its name in stats and settings, what a log line calls it, its endpoints,
    and a small address whose answer shows that it can be reached at all."""

    name: str
    title: str
    endpoints: tuple[Endpoint, ...]
    probe_url: str

    @property
    def heading(self) -> str:
        """Its title at the start of a sentence: "The Wayback Machine"."""
        return self.title[:1].upper() + self.title[1:]

    def endpoint(self, name: str) -> Endpoint:
        return next(e for e in self.endpoints if e.name == name)


# What a log line or a crawl's last line calls each archive, by its name in stats and settings.
TITLES = {"wayback": "the Wayback Machine", "commoncrawl": "Common Crawl"}
# Every archive a crawl can read pages from, in the order -a source names them by default.
NAMES = ("wayback", "commoncrawl")


def wayback(base_url: str, index_per_minute: float, captures_per_minute: float) -> Archive:
    """The Wayback Machine at base_url: its CDX index (/cdx/) and its captures (/web/, the
    playback addresses and their redirects included)."""
    base = base_url.rstrip("/")
    return Archive("wayback", TITLES["wayback"], (
        Endpoint("wayback", "index", f"{base}/cdx/", index_per_minute),
        Endpoint("wayback", "captures", f"{base}/web/", captures_per_minute),
    ), f"{base}/robots.txt")


def commoncrawl(index_url: str, data_url: str, index_per_minute: float, data_per_minute: float) -> Archive:
    """Common Crawl: its URL index (one CDX server per crawl) and the host of its WARC files,
    which answers 503 "Slow Down" when pressed."""
    index, data = index_url.rstrip("/"), data_url.rstrip("/")
    return Archive("commoncrawl", TITLES["commoncrawl"], (
        Endpoint("commoncrawl", "index", f"{index}/", index_per_minute),
        Endpoint("commoncrawl", "data", f"{data}/", data_per_minute),
    ), f"{index}/collinfo.json")


def configured(settings: Any) -> tuple[Archive, ...]:
    """The archives the settings name (their addresses and rates)."""
    return (wayback(settings.get("MALI_NEWS_WAYBACK_URL"),
                    settings.getfloat("MALI_NEWS_WAYBACK_INDEX_PER_MINUTE"),
                    settings.getfloat("MALI_NEWS_WAYBACK_CAPTURES_PER_MINUTE")),
            commoncrawl(settings.get("MALI_NEWS_COMMONCRAWL_INDEX_URL"),
                        settings.get("MALI_NEWS_COMMONCRAWL_DATA_URL"),
                        settings.getfloat("MALI_NEWS_COMMONCRAWL_INDEX_PER_MINUTE"),
                        settings.getfloat("MALI_NEWS_COMMONCRAWL_DATA_PER_MINUTE")))


def endpoint_for(url: str, archives: Iterable[Archive]) -> Endpoint | None:
    """The endpoint whose addresses url is one of, or None (cnn.com, an archive's robots.txt)."""
    for archive in archives:
        for endpoint in archive.endpoints:
            if url.startswith(endpoint.prefix):
                return endpoint
    return None
