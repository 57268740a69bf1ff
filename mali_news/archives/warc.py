"""WARC files: write every exchange of a crawl (rotated by size), and read responses back by URL."""

import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from mali_news import __version__
from mali_news.archives.wayback import unwrap
from mali_news.urls import canonical_url

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
# Headers that describe the bytes on the wire; the stored content is already decoded.
TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def is_warc(path: Path) -> bool:
    return path.is_file() and path.name.endswith(WARC_SUFFIXES)


def warc_files(path: Path) -> list[Path]:
    """The WARC file itself, or the WARC files in a folder (in name order)."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if is_warc(p))
    return [path] if is_warc(path) else []


class RotatingWarcWriter:
    """Gzipped WARC files in a folder, a new one when the current one passes max_bytes."""

    def __init__(self, directory: Path, max_bytes: int, prefix: str = "mali_news") -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.started = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.sequence = 0
        self.handle: IO[bytes] | None = None
        self.writer: WARCWriter | None = None
        self.paths: list[Path] = []

    def _open(self) -> WARCWriter:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.sequence += 1
        path = self.directory / f"{self.prefix}-{self.started}-{self.sequence:05d}.warc.gz"
        self.handle = path.open("xb")
        self.paths.append(path)
        self.writer = WARCWriter(self.handle, gzip=True)
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, {
            "software": f"mali_news/{__version__} (Scrapy)", "format": "WARC File Format 1.1"}))
        return self.writer

    def write(self, url: str, method: str, request_headers: list[tuple[str, str]], status: int,
              response_headers: list[tuple[str, str]], body: bytes) -> None:
        """One request record and its response record."""
        writer = self.writer or self._open()
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                            http_headers=StatusAndHeaders(
                                                f"{method} {target} HTTP/1.1", request_headers,
                                                is_http_request=True))
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        response = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                             http_headers=StatusAndHeaders(
                                                 f"{status} {reason}", response_headers,
                                                 protocol="HTTP/1.1"))
        writer.write_request_response_pair(request, response)
        assert self.handle is not None
        self.handle.flush()
        if self.handle.tell() >= self.max_bytes:
            self.close()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        self.handle = None
        self.writer = None


@dataclass(frozen=True)
class Stored:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class WarcIndex:
    """Response records of WARC files, found by the canonical URL of their target (a Wayback
    capture also under its original's)."""

    def __init__(self, files: list[Path]) -> None:
        self.files = files
        self.index: dict[str, tuple[Path, int, int]] = {}
        for path in files:
            self._scan(path)
        logger.info("Indexed %d responses in %d WARC files", len(self.index), len(files))

    def _scan(self, path: Path) -> None:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                status = int(record.http_headers.get_statuscode() or 0)
                offset = records.get_record_offset()
                for key in {canonical_url(url), canonical_url(unwrap(url))}:
                    # A later good answer replaces an earlier one (a retry after a 503, say).
                    previous = self.index.get(key)
                    if previous is None or status == 200 or previous[2] != 200:
                        self.index[key] = (path, offset, status)

    def __len__(self) -> int:
        return len(self.index)

    def get(self, url: str) -> Stored | None:
        found = self.index.get(canonical_url(url))
        if found is None:
            return None
        path, offset, _ = found
        with path.open("rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)))
            body = record.content_stream().read()
            http = record.http_headers
            headers = [(name, value) for name, value in http.headers
                       if name.lower() not in TRANSFER_HEADERS]
            return Stored(int(http.get_statuscode()), headers, body)
