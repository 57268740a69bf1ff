"""Common Crawl: its crawls, its URL index's queries and answers, and reading one WARC record."""

import io
import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArchiveLoadFailed

from mali_news.archives.wayback import parse_timestamp

# The crawls that can hold 2012-2013 CNN pages, earliest first.
DEFAULT_CRAWLS = ("CC-MAIN-2012", "CC-MAIN-2013-20", "CC-MAIN-2013-48", "CC-MAIN-2014-10")
# CC-MAIN-<year>-<week> since 2013; the three first crawls have names of their own.
_WEEKLY_RE = re.compile(r"^CC-MAIN-(?P<year>20\d\d)-(?P<week>\d\d)$")
_EARLY = {"CC-MAIN-2008-2009": (date(2008, 1, 1), date(2009, 12, 31)),
          "CC-MAIN-2009-2010": (date(2009, 1, 1), date(2010, 12, 31)),
          # Fetched in the first half of 2012 (a month of margin).
          "CC-MAIN-2012": (date(2012, 1, 1), date(2012, 7, 31))}
# The three fields that locate a record; without them a line of the index is of no use.
_LOCATION = ("filename", "offset", "length")


def crawl_span(name: str) -> tuple[date, date]:
    """When a crawl fetched its pages, widely: a weekly crawl is named after the week it ended
    and ran for some weeks before it. Raises ValueError for a name that is no crawl's."""
    if name in _EARLY:
        return _EARLY[name]
    found = _WEEKLY_RE.match(name)
    if found is None or not 1 <= int(found["week"]) <= 53:
        raise ValueError(f"{name!r} is not a Common Crawl crawl (CC-MAIN-2012, CC-MAIN-2013-20 ...)")
    week = date.fromisocalendar(int(found["year"]), min(int(found["week"]), 52), 1)
    return week - timedelta(days=42), week + timedelta(days=13)


def check_crawls(names: Iterable[str]) -> tuple[str, ...]:
    """The crawls named, checked, each once, in the order given. Raises ValueError naming the
    first that is not a crawl, or when none is named."""
    crawls = tuple(dict.fromkeys(name.strip() for name in names if name.strip()))
    if not crawls:
        raise ValueError("names no crawl")
    for name in crawls:
        crawl_span(name)
    return crawls


def crawls_for(day: date | datetime | None, crawls: Iterable[str]) -> list[str]:
    """The crawls that can hold a page of this day (those that went on past it), earliest
    first, so that the first to hold it has its first capture; all of them for no day."""
    if isinstance(day, datetime):
        day = day.date()
    return sorted((c for c in crawls if day is None or crawl_span(c)[1] >= day), key=crawl_span)


def index_url(base: str, crawl: str, url: str, match_type: str = "exact", url_regex: str = "",
              page: int | None = None, num_pages: bool = False) -> str:
    """A query of one crawl's index: every capture of url (or under it, for "prefix"), as JSON
    lines; url_regex keeps only addresses it matches (from their start); page and num_pages
    are the index's paging (how many pages, then each page)."""
    params: list[tuple[str, str | int]] = [("url", url), ("output", "json")]
    if match_type != "exact":
        params.append(("matchType", match_type))
    if url_regex:
        params.append(("filter", f"~url:{url_regex}"))
    if num_pages:
        params.append(("showNumPages", "true"))
    elif page is not None:
        params.append(("page", page))
    return f"{base.rstrip('/')}/{crawl}-index?{urlencode(params)}"


@dataclass(frozen=True)
class Record:
    """One capture in a crawl's index: where its WARC record lies (file, offset, length)."""

    crawl: str
    url: str
    timestamp: str
    status: str
    mime: str
    digest: str
    filename: str
    offset: int
    length: int

    @property
    def captured_at(self) -> datetime:
        return parse_timestamp(self.timestamp)

    @property
    def byte_range(self) -> str:
        """The HTTP Range of the record: `curl -r` takes the part after "bytes="."""
        return f"bytes={self.offset}-{self.offset + self.length - 1}"

    def data_url(self, base: str) -> str:
        return f"{base.rstrip('/')}/{self.filename}"


@dataclass
class IndexAnswer:
    """The records of an answer, and how many of its lines were malformed (skipped, counted)."""

    records: list[Record] = field(default_factory=list)
    malformed: int = 0


def _record(crawl: str, line: dict[str, object]) -> Record | None:
    timestamp = str(line.get("timestamp", ""))
    try:
        offset, length = int(str(line["offset"])), int(str(line["length"]))
    except (KeyError, ValueError):
        return None
    if (not (timestamp.isdigit() and len(timestamp) == 14) or not line.get("url")
            or not line.get("filename") or offset < 0 or length <= 0):
        return None
    return Record(crawl, str(line["url"]), timestamp, str(line.get("status", "")),
                  str(line.get("mime", "")), str(line.get("digest", "")), str(line["filename"]),
                  offset, length)


def parse_index(text: str, crawl: str) -> IndexAnswer:
    """The records of an index answer (one JSON object a line). Raises ValueError when no line
    is one (an error page, a proxy's answer)."""
    answer = IndexAnswer()
    lines = [line for line in text.splitlines() if line.strip()]
    readable = 0
    for line in lines:
        try:
            found = json.loads(line)
        except json.JSONDecodeError:
            answer.malformed += 1
            continue
        if not isinstance(found, dict):
            answer.malformed += 1
            continue
        readable += 1
        record = _record(crawl, found)
        if record is None:
            answer.malformed += 1
        else:
            answer.records.append(record)
    if lines and not readable:
        raise ValueError(f"not an index answer: {lines[0][:80]!r}")
    return answer


def no_captures(status: int, text: str) -> bool:
    """The index's answer that it holds nothing under the address: a 404 whose JSON says so."""
    if status != 404:
        return False
    try:
        found = json.loads(text)
    except json.JSONDecodeError:
        return False
    return isinstance(found, dict) and "no captures found" in str(found.get("message", found)).lower()


def page_count(text: str) -> int:
    """The pages of a paged query, from its showNumPages answer. Raises ValueError."""
    try:
        found = json.loads(text)
        pages = int(found["pages"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        raise ValueError(f"not a page count: {text.strip()[:80]!r}") from None
    if pages < 0:
        raise ValueError(f"a negative page count: {pages}")
    return pages


class RecordError(ValueError):
    """A WARC record that cannot be read as a page: why ("truncated", "not_a_response",
    "unreadable") and what was found."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class ArchivedPage:
    """The HTTP response a WARC record holds: its status, headers and body (decoded)."""

    target_uri: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def read_record(data: bytes, length: int) -> ArchivedPage:
    """The response in one record's bytes (a gzip member, as the data host serves a range).

    Raises RecordError: fewer bytes than the index's length, a record that is not a response
    (a request, metadata, a revisit), or bytes warcio cannot read.
    """
    if len(data) < length:
        raise RecordError("truncated", f"{len(data)} of the record's {length} bytes came")
    try:
        for record in ArchiveIterator(io.BytesIO(data[:length]), arc2warc=True):
            if record.rec_type != "response":
                raise RecordError("not_a_response", f"a {record.rec_type} record, not a response")
            if record.http_headers is None:
                raise RecordError("unreadable", "a response record without HTTP headers")
            status = int(record.http_headers.get_statuscode() or 0)
            body = record.content_stream().read()
            return ArchivedPage(record.rec_headers.get_header("WARC-Target-URI") or "", status,
                                list(record.http_headers.headers), body)
    except RecordError:
        raise
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        truncated = isinstance(exc, EOFError) or "end of stream" in str(exc).lower()
        reason = "truncated" if truncated else "unreadable"
        raise RecordError(reason, f"warcio cannot read it: {exc}") from None
    raise RecordError("unreadable", "no WARC record in the bytes")
