"""The archived copy a page was read from, made once where the archive answered and stored as it is."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Capture:
    """One archive's capture of a page: which archive (a name in registry.NAMES), the page's own
    address, the capture's address (a replay address; for Common Crawl, its WARC file), when it
    was captured (UTC), the page's answer then (its recorded HTTP status, never the archive's),
    the WARC file that holds it and, when the archive says, where in it (offset, length), and
    the Common Crawl crawl."""

    archive: str
    original: str
    url: str
    captured_at: datetime | None
    status: int
    source_file: str = ""
    offset: int | None = None
    length: int | None = None
    crawl: str = ""

    @property
    def timestamp(self) -> str:
        """Its time as the archives write it (YYYYMMDDhhmmss), "" when it is not known."""
        return self.captured_at.strftime("%Y%m%d%H%M%S") if self.captured_at is not None else ""

    def columns(self) -> dict[str, Any]:
        """Its columns in `articles` and `article_renderings`."""
        return {"capture_url": self.url, "captured_at": self.captured_at, "capture_status": self.status,
                "capture_crawl": self.crawl or None, "warc_filename": self.source_file or None,
                "warc_record_offset": self.offset, "warc_record_length": self.length}


# A page read from cnn.com or a replay: no capture, every column empty.
NO_CAPTURE_COLUMNS: dict[str, Any] = dict.fromkeys(Capture("", "", "", None, 0).columns())


def columns_of(capture: Capture | None) -> dict[str, Any]:
    return capture.columns() if capture is not None else dict(NO_CAPTURE_COLUMNS)
