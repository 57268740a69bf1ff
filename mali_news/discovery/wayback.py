"""The Wayback Machine's CDX index as a discovery route: a query per host and year, paging, candidates."""

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from mali_news.archives.wayback import Snapshot
from mali_news.reference.topic import DateWindow
from mali_news.urls import date_from_url, url_kind

# Fields asked of every listing; urlkey is what collapse=urlkey compares.
FIELDS = ("urlkey", "timestamp", "original", "statuscode")
DISCOVERED_KINDS = frozenset({"article", "blog_post", "transcript"})


@dataclass(frozen=True)
class Listing:
    """One prefix query: every archived address under prefix (host and path, no scheme)
    whose original address matches original_regex (Java regex, whole field)."""

    prefix: str
    original_regex: str = ""

    def url(self, base: str, page_size: int, resume_key: str = "") -> str:
        params: list[tuple[str, str | int]] = [
            ("url", self.prefix), ("matchType", "prefix"), ("filter", "statuscode:200")]
        if self.original_regex:
            params.append(("filter", f"original:{self.original_regex}"))
        params += [("collapse", "urlkey"), ("fl", ",".join(FIELDS)), ("output", "json"),
                   ("showResumeKey", "true"), ("limit", page_size)]
        if resume_key:
            # The key is opaque: it goes back as it came, percent-encoded again on the way.
            params.append(("resumeKey", resume_key))
        return f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"

    @property
    def key(self) -> str:
        """A short stable name of the query, to record how far it was read."""
        return hashlib.sha1(f"{self.prefix}\x1f{self.original_regex}".encode()).hexdigest()[:20]

    def narrower(self, window: DateWindow) -> list["Listing"]:
        """The same query over narrower spans, for when this one takes too long: a year becomes
        its months in the window, a month its days by tens (/2013/01/0, /1, /2, /3); a span of
        days has none."""
        if found := _YEAR_RE.match(self.prefix):
            head, year = found.groups()
            return [Listing(f"{head}/{year}/{month:02d}/", self.original_regex)
                    for y, month in months(window) if y == int(year)]
        if found := _TRANSCRIPT_YEAR_RE.match(self.prefix):
            head, yy = found.groups()
            return [Listing(f"{head}/TRANSCRIPTS/{yy}{month:02d}/", self.original_regex)
                    for y, month in months(window) if y % 100 == int(yy)]
        if _MONTH_RE.match(self.prefix):
            return [Listing(f"{self.prefix}{tens}", self.original_regex) for tens in "0123"]
        return []


# host/2013/, host/TRANSCRIPTS/13, host/2013/01/ and host/TRANSCRIPTS/1301/
_YEAR_RE = re.compile(r"^(.+)/(\d{4})/$")
_TRANSCRIPT_YEAR_RE = re.compile(r"^(.+)/TRANSCRIPTS/(\d{2})$")
_MONTH_RE = re.compile(r"^.+/(?:\d{4}/\d{2}|TRANSCRIPTS/\d{4})/$")


def months(window: DateWindow) -> list[tuple[int, int]]:
    """Every (year, month) the window touches. Raises ValueError for an open window: the
    archive holds decades of CNN."""
    if window.start is None or window.end is None:
        raise ValueError("archive discovery needs a date window with both ends "
                         "(MALI_NEWS_DATE_RANGE=FIRST..LAST)")
    found, (year, month) = [], (window.start.year, window.start.month)
    while date(year, month, 1) <= window.end:
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _slug_form(word: str) -> str:
    """A topic word as it appears in an address: "Ansar Dine" -> ansar[-_.+ ]?dine."""
    return r"[-_.+ ]?".join(re.escape(part) for part in word.lower().split())


def topic_regex(words: Iterable[str], sections: Iterable[str]) -> str:
    """A CDX original-field filter: an address naming a topic word as a word of its path
    (not "somalia" for "mali"), or filed under one of the sections."""
    forms = sorted({_slug_form(w) for w in words if w.strip() and w.isascii()}, key=len, reverse=True)
    alternatives = []
    if forms:
        alternatives.append(r"(?:.*[^a-z0-9])?(?:" + "|".join(forms) + r")(?:[^a-z0-9].*)?")
    for section in sorted({s.strip("/").lower() for s in sections if s.strip("/")}):
        alternatives.append(r".*/\d{4}/\d{2}/\d{2}/" + re.escape(section) + r"/.*")
    return "(?i)" + "|".join(alternatives) if alternatives else ""


def transcript_regex(shows: Iterable[str]) -> str:
    """Transcripts of these shows only ("ampr", "ebo" ...); "" for every show."""
    codes = sorted({s.strip().lower() for s in shows if s.strip()})
    if not codes:
        return ""
    return r"(?i).*/TRANSCRIPTS/\d{4}/\d{2}/(?:" + "|".join(map(re.escape, codes)) + r")\.\d+\.html"


def spans(window: DateWindow) -> list[tuple[int, int | None]]:
    """(year, None) for each year the window covers whole, (year, month) for each month of a
    year it covers in part: as few queries as the window allows."""
    found: list[tuple[int, int | None]] = []
    for year in sorted({y for y, _ in months(window)}):
        covered = [m for y, m in months(window) if y == year]
        whole = (len(covered) == 12 and window.start is not None and window.end is not None
                 and window.start <= date(year, 1, 1) and window.end >= date(year, 12, 31))
        found += [(year, None)] if whole else [(year, m) for m in covered]
    return found


def listings(window: DateWindow, story_hosts: Iterable[str], blog_hosts: Iterable[str],
             transcript_hosts: Iterable[str], story_regex: str, shows_regex: str) -> list[Listing]:
    """The prefix queries of a discovery run, one per host and year the window covers (per
    month of a year it covers only in part): stories on each CNN host (the index keys www. and
    edition. apart), each blog's posts, and each host's transcripts. Each pages on as long as
    it has answers, so the number of queries grows with what is found, not with the months."""
    found: list[Listing] = []
    for year, month in spans(window):
        span = f"{year}/" if month is None else f"{year}/{month:02d}/"
        transcripts = f"{year % 100:02d}" if month is None else f"{year % 100:02d}{month:02d}/"
        found += [Listing(f"{host}/{span}", story_regex) for host in [*story_hosts, *blog_hosts]]
        found += [Listing(f"{host}/TRANSCRIPTS/{transcripts}", shows_regex) for host in transcript_hosts]
    return found


def candidates(captures: Iterable[Snapshot], window: DateWindow) -> Iterator[Snapshot]:
    """The captures of story, blog and transcript addresses of the window's days, each
    address once (the index repeats a line, and collapse=urlkey merges only neighbours)."""
    seen: set[str] = set()
    for capture in captures:
        if capture.original in seen or url_kind(capture.original) not in DISCOVERED_KINDS:
            continue
        seen.add(capture.original)
        if window.contains(date_from_url(capture.original)):
            yield capture
