"""Common Crawl for the tests: crawls' URL indexes, and WARC files written with warcio served by range."""

import hashlib
import io
import json
import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from mali_news.archives.commoncrawl import DEFAULT_CRAWLS, crawl_span, crawls_for
from tests.archiveworld import Story, World
from tests.cdxserver import surt
from tests.mockserver import QuietHandler, serve

SEGMENT = "1368696381249.0"


@dataclass
class Line:
    """One line of a crawl's index, and the story it is a capture of."""

    crawl: str
    urlkey: str
    fields: dict[str, str]
    story: Story


@dataclass
class CommonCrawlStandIn:
    """Common Crawl holding the world's stories whose keys are in `holds`, each in the first
    crawl that can hold it, captured two days after publication (as first published). One WARC
    file per crawl, a request record before each response as Common Crawl writes them.

    Faults: the first `slow_down` requests for records are answered 503 "Slow Down"; the range
    of a story in `truncated` comes short; the index points a story in `not_response` at its
    request record; `down`: connections refused all along."""

    world: World
    folder: Path
    holds: frozenset[str]
    slow_down: int = 0
    truncated: frozenset[str] = frozenset()
    not_response: frozenset[str] = frozenset()
    down: bool = False
    page_size: int = 4
    log: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.lines: list[Line] = []
        by_crawl: dict[str, list[Story]] = {}
        for story in self.world.stories:
            if story.key in self.holds:
                crawl = crawls_for(story.published, DEFAULT_CRAWLS)[0]
                by_crawl.setdefault(crawl, []).append(story)
        for crawl, stories in by_crawl.items():
            self._write(crawl, stories)
        self.lines.sort(key=lambda line: (line.urlkey, line.fields["timestamp"]))

    def _write(self, crawl: str, stories: list[Story]) -> None:
        start, end = crawl_span(crawl)
        name = f"crawl-data/{crawl}/segments/{SEGMENT}/warc/{crawl}-{start:%Y%m%d}000000-00000.warc.gz"
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            writer = WARCWriter(out, gzip=True)
            for story in stories:
                day = min(max(story.published + timedelta(days=2), start), end)
                stamp = datetime.combine(day, time(3, 0)).strftime("%Y%m%d%H%M%S")
                html = self.world.capture(story, story.captures[0]).encode()
                request_at = out.tell()
                writer.write_record(writer.create_warc_record(story.url, "request", payload=io.BytesIO(
                    f"GET {urlsplit(story.url).path} HTTP/1.1\r\nHost: {urlsplit(story.url).hostname}\r\n\r\n"
                    .encode())))
                response_at = out.tell()
                headers = StatusAndHeaders("200 OK", [
                    ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(html)))],
                    protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    story.url, "response", payload=io.BytesIO(html), http_headers=headers,
                    warc_headers_dict={"WARC-Date": f"{day:%Y-%m-%d}T03:00:00Z"}))
                after = out.tell()
                at, length = (request_at, response_at - request_at) if story.key in self.not_response \
                    else (response_at, after - response_at)
                fields = {"urlkey": surt(story.url), "timestamp": stamp, "url": story.url,
                          "mime": "text/html", "status": "200", "digest": hashlib.sha1(html).hexdigest(),
                          "length": str(length), "offset": str(at), "filename": name}
                self.lines.append(Line(crawl, surt(story.url), fields, story))
                # A redirect the crawl must pass over.
                self.lines.append(Line(crawl, surt(story.url), {**fields, "status": "301", "mime": "unk",
                                                                 "timestamp": stamp[:8] + "235959"}, story))

    # What the servers answer.

    def index(self, crawl: str, query: dict[str, list[str]]) -> tuple[int, str, str]:
        wanted = query["url"][0]
        prefix = query.get("matchType", ["exact"])[0] == "prefix" or wanted.endswith("*")
        key = surt(wanted.rstrip("*"))
        lines = [line for line in self.lines if line.crawl == crawl
                 and (line.urlkey.startswith(key) if prefix else line.urlkey == key)]
        for spec in query.get("filter", []):
            name, _, pattern = spec.partition(":")
            if name.startswith("~"):
                compiled = re.compile(pattern)
                lines = [line for line in lines if compiled.match(line.fields[name[1:]])]
            elif name.startswith("="):
                lines = [line for line in lines if line.fields[name[1:]] == pattern]
        if not lines:
            return 404, "application/json", json.dumps({"message": f"No Captures found for: {wanted}"})
        pages = math.ceil(len(lines) / self.page_size)
        if query.get("showNumPages") == ["true"]:
            return 200, "text/x-ndjson", json.dumps({"pages": pages, "pageSize": 5, "blocks": pages})
        page = int(query.get("page", ["0"])[0])
        if page >= pages:
            return 400, "text/plain", f"Page {page} invalid: First Page is 0, Last Page is {pages - 1}"
        chosen = lines[page * self.page_size:(page + 1) * self.page_size] if "page" in query else lines
        return 200, "text/x-ndjson", "".join(json.dumps(line.fields) + "\n" for line in chosen)

    def data(self, path: str, byte_range: str) -> tuple[int, str, bytes]:
        with self.lock:
            self.slow_down, slow = max(self.slow_down - 1, 0), self.slow_down > 0
        if slow:
            return 503, "text/plain", b"Slow Down"
        file = self.folder / path.removeprefix("/cc-data/")
        found = re.fullmatch(r"bytes=(\d+)-(\d+)", byte_range)
        if not file.is_file() or not found:
            return 404, "text/plain", b"no such file"
        start, end = int(found[1]), int(found[2])
        body = file.read_bytes()[start:end + 1]
        line = next((line for line in self.lines if line.fields["filename"] in path
                     and line.fields["offset"] == str(start)), None)
        if line is not None and line.story.key in self.truncated:
            body = body[:len(body) // 2]
        return 206, "application/octet-stream", body

    def data_requests(self) -> list[tuple[str, int]]:
        return [entry for entry in self.log if entry[0].startswith("/cc-data/")]


class _Handler(QuietHandler):
    stand_in: CommonCrawlStandIn

    def do_GET(self) -> None:
        cc, parts = self.stand_in, urlsplit(self.path)
        if parts.path == "/cc-index/collinfo.json":
            status, kind, body = 200, "application/json", json.dumps(
                [{"id": c, "name": c, "cdx-api": f"/cc-index/{c}-index"} for c in DEFAULT_CRAWLS]).encode()
        elif found := re.fullmatch(r"/cc-index/(CC-MAIN-[\w-]+)-index", parts.path):
            status, kind, text = cc.index(found[1], parse_qs(parts.query))
            body = text.encode()
        elif parts.path.startswith("/cc-data/"):
            status, kind, body = cc.data(parts.path, self.headers.get("Range", ""))
        else:
            status, kind, body = 404, "text/plain", b"not found"
        with cc.lock:
            cc.log.append((self.path, status))
        self.send_body(body, kind, status)


@contextmanager
def commoncrawl_standin(stand_in: CommonCrawlStandIn) -> Iterator[list[str]]:
    """Serve it on 127.0.0.1; yields the -s options that point a crawl at it (a port nothing
    listens on when it is down)."""
    if stand_in.down:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = f"http://127.0.0.1:{probe.getsockname()[1]}"
        yield settings_for(base)
        return
    handler = type("Handler", (_Handler,), {"stand_in": stand_in})
    with serve(handler) as base:
        yield settings_for(base)


def settings_for(base: str) -> list[str]:
    return ["-s", f"MALI_NEWS_COMMONCRAWL_INDEX_URL={base}/cc-index",
            "-s", f"MALI_NEWS_COMMONCRAWL_DATA_URL={base}/cc-data"]
