"""Whose answer an archive response is: a memento (the page's answer then) or the archive's own."""

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from mali_news.archives.wayback import split_archive_url
from mali_news.urls import HTML_TYPES, canonical_url, url_kind

# A redirect chain of the page's own (archived) redirects ends after this many hops (RFC 7231
# suggests 5; the `wayback` library's default is 10; CNN's same-story chains take at most 2).
MAX_HOPS = 6


def _header(headers: Any, name: str) -> str:
    value = headers.get(name) if headers is not None else None
    if isinstance(value, bytes):
        return value.decode("latin-1").strip()
    return (value or "").strip()


def memento_time(headers: Any) -> datetime | None:
    """The moment a memento was captured (Memento-Datetime, RFC 7089), None for an answer of the
    archive's own (its playback redirect, its 429, its 404 for an address it holds nothing of)."""
    text = _header(headers, "Memento-Datetime")
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def is_memento(headers: Any) -> bool:
    """Whether the answer is the archived page's (its status is then the page's, never the
    archive's): it carries Memento-Datetime, whatever its status and even unreadable."""
    return bool(_header(headers, "Memento-Datetime"))


def archive_source(headers: Any) -> str:
    """The WARC file the Wayback Machine served the memento from (X-Archive-Src), or ""."""
    return _header(headers, "X-Archive-Src")


def stamp(moment: datetime) -> str:
    """A moment as a Wayback timestamp (14 digits, UTC)."""
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def location(response_url: str, headers: Any) -> str:
    """A redirect's target, absolute: the archive sends absolute, path-based (/web/...) and
    scheme-less (//web.archive.org/...) Locations."""
    found = _header(headers, "Location")
    return urljoin(response_url, found) if found else ""


def is_playback_redirect(headers: Any, current: str, target: str) -> bool:
    """Whether a redirect without Memento-Datetime is the archive's own, to the capture nearest
    the asked time ("found capture at ..."), rather than a page's redirect recorded without it:
    the archive's own says so, or keeps the same page (another timestamp)."""
    if is_memento(headers):
        return False
    if _header(headers, "X-Archive-Redirect-Reason"):
        return True
    here, there = split_archive_url(current), split_archive_url(target)
    return bool(here and there) and canonical_url(here[1]) == canonical_url(there[1])


def address(url: str) -> str:
    """An original address as a redirect chain remembers it: the scheme and host in lower case
    (http://A and https://A are two hops, and a chain that comes back to one is a loop)."""
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


@dataclass(frozen=True)
class Verdict:
    """What a memento is to the story it was asked for: "" when it is the story, else why it is
    not ("archived_503"), counted and recorded as a skipped capture."""

    reason: str

    @property
    def readable(self) -> bool:
        return not self.reason


def judge(status: int, content_type: str, body: bytes, original: str, story: str) -> Verdict:
    """A memento that is not a redirect, against the story's address: an archived error, an
    empty or non-HTML answer, or another page than the story are not the story."""
    if status in (404, 410):
        return Verdict("archived_404")
    if status == 429:
        return Verdict("archived_429")
    if status >= 500:
        return Verdict("archived_5xx")
    if status >= 400:
        return Verdict("archived_4xx")
    if not 200 <= status < 300:
        return Verdict(f"archived_{status}")
    if not body.strip():
        return Verdict("empty_memento")
    declared = content_type.split(";")[0].strip().lower()
    if declared and declared not in HTML_TYPES:
        return Verdict("not_html_memento")
    if canonical_url(original) != canonical_url(story):
        return Verdict("archived_redirect_elsewhere")
    return Verdict("")


def redirect_verdict(target: str, chain: list[str], story: str) -> Verdict:
    """An archived redirect to target (an original address), after the chain of addresses
    visited: "" to follow it, or why not (a loop; a front page or section, which no redirect
    leads on from to the story)."""
    if address(target) in chain or len(chain) > MAX_HOPS:
        return Verdict("redirect_loop")
    if canonical_url(target) != canonical_url(story) and url_kind(target) == "hub":
        return Verdict("archived_redirect_elsewhere")
    return Verdict("")
