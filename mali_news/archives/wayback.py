"""Wayback Machine addresses: archive URLs, the CDX query, and choosing the nearest capture."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from mali_news.urls import MAIN_HOSTS, TRANSCRIPT_HOST, date_from_url

# Pages whose address names no day (a hub, a front page), when nothing else says when.
DEFAULT_DATE = "20130215"
# /web/<timestamp><flags>/<original>: flags such as id_ (original bytes) or im_; none for the
# replay form with the archive's toolbar and rewritten links.
_ARCHIVE_PATH_RE = re.compile(r"^/web/(?P<timestamp>\d{4,14})(?P<flags>[a-z]{2}_)?/(?P<original>.+)$")


@dataclass(frozen=True)
class Snapshot:
    """A capture as an index lists it, before it is read: its time and the address captured."""

    timestamp: str  # 14 digits, UTC
    original: str

    @property
    def captured_at(self) -> datetime:
        return parse_timestamp(self.timestamp)


def parse_timestamp(timestamp: str) -> datetime:
    """A Wayback timestamp (YYYYMMDDhhmmss, possibly shortened) as a UTC datetime."""
    padded = (timestamp + "0101000000"[len(timestamp) - 4:]) if len(timestamp) < 14 else timestamp
    return datetime.strptime(padded[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def split_archive_url(url: str) -> tuple[str, str] | None:
    """(timestamp, original URL) of a Wayback replay address, or None for any other URL."""
    parts = urlsplit(url)
    match = _ARCHIVE_PATH_RE.match(parts.path + (f"?{parts.query}" if parts.query else ""))
    if not match:
        return None
    original = match.group("original")
    # The archive collapses "http://" to "http:/" in some links, or drops the scheme.
    original = re.sub(r"^(https?):/(?!/)", r"\1://", original)
    if not original.startswith(("http://", "https://")):
        original = "http://" + original
    return match.group("timestamp"), original


def pasted_capture(url: str, archive_base: str) -> tuple[str, str] | None:
    """(timestamp, original) when url is an archive address (on web.archive.org or the
    configured archive) of a CNN page, else None."""
    host = urlsplit(url).hostname
    if host not in {"web.archive.org", urlsplit(archive_base).hostname}:
        return None
    found = split_archive_url(url)
    original_host = (urlsplit(found[1]).hostname or "").lower().rstrip(".") if found else ""
    return found if original_host == "cnn.com" or original_host.endswith(".cnn.com") else None


def unwrap(url: str) -> str:
    """The original address inside a Wayback replay URL; any other URL unchanged."""
    found = split_archive_url(url)
    return found[1] if found else url


def cdx_url(base: str, original: str, date: str, limit: int = 10, match_type: str = "exact") -> str:
    """The CDX query for the successful captures of original closest to date (JSON output);
    with match_type "prefix", every capture under that address (sorted by the client)."""
    params: dict[str, str | int] = {"url": original, "output": "json", "filter": "statuscode:200"}
    if match_type == "exact":
        params.update({"closest": date, "sort": "closest", "limit": limit})
    else:
        params.update({"matchType": match_type, "limit": limit * 20})
    params["fl"] = "timestamp,original,statuscode"
    return f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"


@dataclass(frozen=True)
class Variant:
    """One way of asking the index for a story: its name (for stats), the address, the match."""

    name: str
    url: str
    match_type: str = "prefix"


# CNN hosts that serve the same pages under the same paths; the index keys them apart.
STORY_HOSTS = ("www.cnn.com", "edition.cnn.com")
TRANSCRIPT_HOSTS = ("transcripts.cnn.com", "edition.cnn.com", "www.cnn.com")


def lookup_variants(original: str, kind: str) -> list[Variant]:
    """The queries that may find a capture of the story at original, in the order asked:
    the exact address; the address without its query (prefix: any tracking query); the path
    without index.html (prefix: with and without it); the same on CNN's other hosts.

    A prefix also matches other stories (mali-unrest-2/...): the caller keeps only captures
    whose key is the story's.
    """
    parts = urlsplit(original)
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    found = [Variant("exact", original, "exact"),
             Variant("prefix", f"{host}{path}")]
    bare = re.sub(r"/index\.html?$", "", path, flags=re.IGNORECASE)
    if bare != path:
        found.append(Variant("index", f"{host}{bare}"))
    others = {"article": STORY_HOSTS, "transcript": TRANSCRIPT_HOSTS}.get(kind, ())
    found += [Variant(f"host_{other.split('.')[0]}", f"{other}{bare}")
              for other in others if other != host and host in MAIN_HOSTS | {TRANSCRIPT_HOST}]
    return found


def capture_date(url: str, wanted: dict[str, str]) -> str:
    """The moment a capture of url is asked nearest to: the date given (-a wayback_date); else the
    page's own day, so that the first capture after it, the story as first published, is read;
    else the capture time of the page that linked to it; else DEFAULT_DATE."""
    if wanted.get("date"):
        return wanted["date"]
    day = date_from_url(url)
    if day is not None:
        return day.strftime("%Y%m%d")
    return wanted.get("near") or DEFAULT_DATE


def capture_url(base: str, capture: Snapshot) -> str:
    """The capture in its original form: no toolbar, links as the page had them."""
    return f"{base.rstrip('/')}/web/{capture.timestamp}id_/{capture.original}"


def preferred(captures: list[Snapshot], date: str) -> list[Snapshot]:
    """The captures in the order they are read until one is the story: the nearest to date,
    then the others on or after it, earliest first, then those before it, latest first."""
    first = nearest(captures, date)
    if first is None:
        return []
    target = parse_timestamp(date)
    rest = sorted({c for c in captures if c != first},
                  key=lambda c: (c.captured_at < target, abs((c.captured_at - target).total_seconds()),
                                 c.timestamp))
    return [first, *rest]


def nearest(captures: list[Snapshot], date: str) -> Snapshot | None:
    """The capture closest in time to date (earlier one on a tie)."""
    if not captures:
        return None
    target = parse_timestamp(date)
    return min(captures, key=lambda c: (abs((c.captured_at - target).total_seconds()),
                                        c.timestamp))
