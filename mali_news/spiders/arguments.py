"""The spider's -a arguments, checked: start URLs, depth, and the source pages are read from."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from mali_news.wayback import DEFAULT_DATE, pasted_capture


@dataclass
class CrawlArguments:
    start_urls: list[str] = field(default_factory=list)
    depth: int | None = None
    source: str = "live"
    wayback_date: str = DEFAULT_DATE

    @classmethod
    def parse(cls, start_urls: str | list[str] | None = None, depth: int | str | None = None,
              source: str = "live", wayback_date: str = DEFAULT_DATE) -> "CrawlArguments":
        if source not in ("live", "wayback"):
            raise ValueError(f"source must be live or wayback, not {source!r}")
        if not re.fullmatch(r"\d{4,14}", wayback_date):
            raise ValueError(f"wayback_date must be YYYYMMDD (or a longer timestamp), not {wayback_date!r}")
        if isinstance(start_urls, str):
            start_urls = [u.strip() for u in start_urls.split(",") if u.strip()]
        checked = None if depth is None else int(depth)
        if checked is not None and checked < 0:
            raise ValueError(f"depth must be 0 or more, not {depth!r}")
        return cls(list(start_urls or []), checked, source, wayback_date)

    def wayback(self, captured_at: str | None = None) -> dict[str, str] | None:
        """Where pages are fetched from: the archive (near which date), or None for live CNN.
        Links on an archived page are read from the archive near that page's capture."""
        if self.source == "wayback":
            return {"date": self.wayback_date}
        return {"date": captured_at} if captured_at else None

    def archive_domains(self, archive_base: str) -> list[str]:
        """The archive's host, when pages come from it or a start URL is an archive address."""
        host = urlsplit(archive_base).hostname
        wanted = self.source == "wayback" or any(pasted_capture(u, archive_base) for u in self.start_urls)
        return [host] if host and wanted else []
