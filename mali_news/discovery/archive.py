"""The Wayback Machine's CDX index as a discovery route: month-by-month prefix queries, paging, candidates."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from mali_news.cleaning.timestamps import date_from_url
from mali_news.topic import DateWindow
from mali_news.urls import url_kind
from mali_news.wayback import Capture

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


def listings(window: DateWindow, story_hosts: Iterable[str], blog_hosts: Iterable[str],
             transcript_hosts: Iterable[str], story_regex: str, shows_regex: str) -> list[Listing]:
    """The prefix queries of a discovery run, month by month: stories on each CNN host (the
    index keys www. and edition. apart), each blog's posts, and each host's transcripts."""
    found: list[Listing] = []
    for year, month in months(window):
        found += [Listing(f"{host}/{year}/{month:02d}/", story_regex) for host in story_hosts]
        found += [Listing(f"{host}/{year}/{month:02d}/", story_regex) for host in blog_hosts]
        found += [Listing(f"{host}/TRANSCRIPTS/{year % 100:02d}{month:02d}/", shows_regex)
                  for host in transcript_hosts]
    return found


def candidates(captures: Iterable[Capture], window: DateWindow) -> Iterator[Capture]:
    """The captures of story, blog and transcript addresses of the window's days, each
    address once (the index repeats a line, and collapse=urlkey merges only neighbours)."""
    seen: set[str] = set()
    for capture in captures:
        if capture.original in seen or url_kind(capture.original) not in DISCOVERED_KINDS:
            continue
        seen.add(capture.original)
        if window.contains(date_from_url(capture.original)):
            yield capture
