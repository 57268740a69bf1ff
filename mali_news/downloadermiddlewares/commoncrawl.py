"""Fetch pages from Common Crawl: a crawl's URL index names the WARC record, a byte range reads it."""

import logging
from collections.abc import Callable
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import StatsCollector

from mali_news.archives.capture import Capture
from mali_news.archives.commoncrawl import (
    Record,
    RecordError,
    check_crawls,
    crawls_for,
    index_url,
    no_captures,
    parse_index,
    read_record,
)
from mali_news.archives.mementos import judge
from mali_news.archives.middleware import ArchiveMiddleware, skip_listener
from mali_news.archives.warc import TRANSFER_HEADERS
from mali_news.archives.wayback import Snapshot, Variant, capture_date, lookup_variants, nearest
from mali_news.meta import ARCHIVE_REQUEST, CAPTURE, COMMONCRAWL_RECORD, COMMONCRAWL_STAGE, ORIGINAL, SKIPPED
from mali_news.urls import HTML_TYPES, canonical_url, date_from_url, url_kind

logger = logging.getLogger(__name__)

# Which lookup of the story is being asked: (index into its crawls, index into its addresses).
_LOOKUP = "mali_news_commoncrawl_lookup"


def index_variants(original: str) -> list[Variant]:
    """The prefix queries that find a story in a crawl's index: its path without index.html on
    its own host (a tracking query, index.html or not), then on CNN's other hosts. The index
    keys http and https, and www and no host prefix, as one."""
    variants = [v for v in lookup_variants(original, url_kind(original)) if v.name != "exact"]
    if any(v.name == "index" for v in variants):
        variants = [v for v in variants if v.name != "prefix"]
    return variants


class CommonCrawlMiddleware(ArchiveMiddleware):
    """A request whose next archive is Common Crawl becomes a query of a crawl's index under
    the story's address, earliest crawl first (those that ended before the story's day are not
    asked), then under its other addresses; the record the index names is fetched as a byte
    range of its WARC file and read with warcio, and its response comes back under the original
    address, with the crawl, file, offset and length of the record beside it. A record that a
    discovery route already named is fetched at once. A page no crawl holds, or whose record
    cannot be read, is asked of the request's next archive, else given up, counted and logged."""

    archive = "commoncrawl"
    stage = COMMONCRAWL_STAGE

    def __init__(self, index_base: str, data_base: str, crawls: tuple[str, ...],
                 stats: StatsCollector, on_skip: Callable[..., Any] | None = None) -> None:
        super().__init__(stats, on_skip)
        self.index_base = index_base.rstrip("/")
        self.data_base = data_base.rstrip("/")
        self.crawls = crawls

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(settings.get("MALI_NEWS_COMMONCRAWL_INDEX_URL"),
                   settings.get("MALI_NEWS_COMMONCRAWL_DATA_URL"),
                   check_crawls(settings.getlist("MALI_NEWS_COMMONCRAWL_CRAWLS")), crawler.stats,
                   skip_listener(crawler))

    def process_request(self, request: Request) -> Request | None:
        if not self.takes(request):
            return None
        meta = {**request.meta, ORIGINAL: request.url}
        named = request.meta[ARCHIVE_REQUEST].get("record")
        if isinstance(named, Record) and canonical_url(named.url) == canonical_url(request.url):
            self.count("found_via/discovery")
            return self._data_request(request.replace(meta=meta), named)
        return self._lookup(request.replace(meta=meta), 0, 0)

    def _crawls(self, request: Request) -> list[str]:
        original = request.meta[ORIGINAL]
        return crawls_for(date_from_url(original), self.crawls)

    def _lookup(self, request: Request, crawl: int, variant: int) -> Request:
        """The index query of the crawl-th crawl under the variant-th address of the story."""
        original = request.meta[ORIGINAL]
        crawls, variants = self._crawls(request), index_variants(original)
        if crawl >= len(crawls):
            return self.fail(request, "no_capture", f"Common Crawl has no capture of {original} in "
                              f"{len(crawls)} crawls under any of its {len(variants)} addresses")
        url = index_url(self.index_base, crawls[crawl], variants[variant].url, "prefix")
        self.count("index_queries")
        meta = {**request.meta, COMMONCRAWL_STAGE: "index", _LOOKUP: (crawl, variant)}
        return request.replace(url=url, meta=meta, dont_filter=True)

    def _next_lookup(self, request: Request) -> Request:
        crawl, variant = request.meta[_LOOKUP]
        if variant + 1 < len(index_variants(request.meta[ORIGINAL])):
            return self._lookup(request, crawl, variant + 1)
        return self._lookup(request, crawl + 1, 0)

    def _data_request(self, request: Request, record: Record) -> Request:
        headers = request.headers.copy()
        headers["Range"] = record.byte_range
        # Every record of a WARC file has the file's address: only the range tells them apart,
        # and the duplicate filter does not look at it.
        return request.replace(url=record.data_url(self.data_base), headers=headers, method="GET",
                               meta={**request.meta, COMMONCRAWL_STAGE: "data", COMMONCRAWL_RECORD: record},
                               dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        stage = request.meta.get(COMMONCRAWL_STAGE)
        if stage == "index":
            return self._read_index(request, response)
        if stage == "data":
            return self._read_record(request, response)
        return response

    def _read_index(self, request: Request, response: Response) -> Request:
        original = request.meta[ORIGINAL]
        crawl = self._crawls(request)[request.meta[_LOOKUP][0]]
        text = response.body.decode("utf-8", "replace")
        if no_captures(response.status, text):
            return self._next_lookup(request)
        if response.status != 200:
            return self.fail(request, "index_failed", f"Common Crawl's {crawl} index answered HTTP "
                              f"{response.status} for {original} ({response.url})")
        try:
            answer = parse_index(text, crawl)
        except ValueError as exc:
            return self.fail(request, "bad_index", f"Common Crawl's {crawl} index answer for {original} "
                              f"cannot be read: {exc}")
        if answer.malformed:
            self.count("malformed_lines", answer.malformed)
            logger.warning("Skipped %d malformed lines of Common Crawl's %s index answer for %s",
                           answer.malformed, crawl, original)
        key = canonical_url(original)
        # A prefix matches other stories too; a revisit record holds no page of its own.
        records = {r.timestamp: r for r in answer.records
                   if canonical_url(r.url) == key and r.status == "200" and r.mime != "warc/revisit"}
        best = nearest([Snapshot(stamp, r.url) for stamp, r in records.items()],
                       capture_date(original, request.meta[ARCHIVE_REQUEST]))
        if best is None:
            return self._next_lookup(request)
        variant = index_variants(original)[request.meta[_LOOKUP][1]]
        self.count(f"found_via/{variant.name}")
        return self._data_request(request, records[best.timestamp])

    def _read_record(self, request: Request, response: Response) -> Response | Request:
        original = request.meta[ORIGINAL]
        record: Record = request.meta[COMMONCRAWL_RECORD]
        where = f"{record.filename} at {record.offset} (+{record.length})"
        if response.status not in (200, 206):
            return self.fail(request, "data_failed", f"Common Crawl's data host answered HTTP "
                              f"{response.status} for the record of {original} ({where})")
        body = response.body
        if response.status == 200 and len(body) > record.length:
            body = body[record.offset:record.offset + record.length]  # the range was ignored: the whole file
        try:
            page = read_record(body, record.length)
        except RecordError as exc:
            return self.fail(request, f"record_{exc.reason}", f"the Common Crawl record of {original} "
                              f"({where}) cannot be read: {exc}")
        headers = [(name, value) for name, value in page.headers if name.lower() not in TRANSFER_HEADERS]
        declared = next((v for n, v in headers if n.lower() == "content-type"), "")
        declared = declared.split(";")[0].strip().lower()
        if page.status != 200 or (declared and declared not in HTML_TYPES):
            # The page's own answer when it was crawled (a 301, a 404, a PDF): not the story.
            self._skip(request, record, page.status, declared)
        if page.status != 200:
            return self.fail(request, "record_not_ok", f"the Common Crawl record of {original} ({where}) "
                              f"holds an HTTP {page.status}, not the page")
        if declared and declared not in HTML_TYPES:
            return self.fail(request, "record_not_html", f"the Common Crawl record of {original} ({where}) "
                              f"holds {declared}, not an HTML page")
        request.meta[CAPTURE] = Capture(self.archive, original, record.data_url(self.data_base),
                                        record.captured_at, page.status, record.filename, record.offset,
                                        record.length, record.crawl)
        self.count("captures")
        return HtmlResponse(url=original, status=200, headers=headers, body=page.body, request=request)

    def _skip(self, request: Request, record: Record, status: int, declared: str) -> None:
        reason = ("archived_redirect_elsewhere" if 300 <= status < 400
                  else judge(status, declared, b"page", record.url, record.url).reason)
        request.meta[SKIPPED] = self.skipped(request, record.data_url(self.data_base), status, reason)
