"""A local stand-in for the Wayback Machine's CDX API as DISCOVERY.md documents it, with captures."""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.mockserver import QuietHandler, serve

COLUMNS = {"urlkey": 0, "timestamp": 1, "original": 2, "statuscode": 3}


def surt(url: str) -> str:
    """The index's key: host reversed with commas, www. dropped (edition. kept), then the path."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "").removeprefix("www.")
    key = ",".join(reversed(host.split("."))) + ")" + (parts.path or "/").lower()
    return key + (f"?{parts.query}" if parts.query else "")


def cdx_answer(index: list[tuple[str, str, str, str, object]], query: dict[str, list[str]],
               digest: Any = None) -> str:
    """The JSON answer of a CDX query over index rows (urlkey, timestamp, original, statuscode,
    payload), sorted as the index is: prefix or exact match, filters, collapse of adjacent lines,
    fl, limit and resume-key paging. digest(row): the capture's content digest, for
    collapse=digest (adjacent identical captures as one, as the real index does)."""
    wanted = surt(query["url"][0])
    match_type = query.get("matchType", ["exact"])[0]
    rows = [row for row in index
            if (row[0].startswith(wanted) if match_type == "prefix" else row[0] == wanted)]
    for spec in query.get("filter", []):
        negate, spec = spec.startswith("!"), spec.lstrip("!")
        name, _, pattern = spec.partition(":")
        compiled = re.compile(pattern)
        rows = [row for row in rows if bool(compiled.fullmatch(row[COLUMNS[name]])) != negate]
    if query.get("collapse") == ["urlkey"]:
        # Adjacent lines only, as the real index does.
        rows = [row for i, row in enumerate(rows) if i == 0 or rows[i - 1][0] != row[0]]
    if query.get("collapse") == ["digest"] and digest is not None:
        rows = [row for i, row in enumerate(rows) if i == 0 or digest(rows[i - 1]) != digest(row)]
    if query.get("from") or query.get("to"):
        low, high = query.get("from", [""])[0], query.get("to", ["99999999999999"])[0]
        rows = [row for row in rows if low <= row[1][:len(low)] and row[1][:len(high)] <= high]
    start = 0
    if resume := query.get("resumeKey"):
        start = next(i for i, row in enumerate(rows) if f"{row[0]} {row[1]}" == resume[0]) + 1
    limit = int(query.get("limit", ["10000"])[0])
    page, rest = rows[start:start + limit], rows[start + limit:]
    fields = query.get("fl", ["urlkey,timestamp,original,statuscode"])[0].split(",")
    table: list[list[str]] = []
    if page:
        table = [fields, *([row[COLUMNS[f]] for f in fields] for row in page)]
    if rest and query.get("showResumeKey") == ["true"] and page:
        table += [[], [f"{page[-1][0]} {page[-1][1]}"]]
    return json.dumps(table)


class CdxHandler(QuietHandler):
    # (urlkey, timestamp, original, statuscode, file or None), in the index's order.
    index: list[tuple[str, str, str, str, Path | None]]
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        parts = urlsplit(self.path)
        if parts.path == "/cdx/search/cdx":
            self.send_body(cdx_answer(self.index, parse_qs(parts.query)), "application/json")
            return
        match = re.match(r"^/web/(\d{14})id_/(.+)$", self.path)
        found = [row for row in self.index if match and row[1] == match[1] and row[2] == match[2] and row[4]]
        if not found:
            self.send_body("not archived", "text/plain", 404)
            return
        self.send_body(found[0][4].read_bytes(), "text/html; charset=utf-8")


@contextmanager
def cdx_server(index: list[tuple[str, str, str, Path | None]]) -> Iterator[tuple[str, list[str]]]:
    """Serve an index of (timestamp, original, statuscode, file) on 127.0.0.1; yields the base
    URL and the request paths."""
    requests: list[str] = []
    rows = sorted((surt(original), ts, original, status, path) for ts, original, status, path in index)
    handler = type("Handler", (CdxHandler,), {"index": rows, "requests": requests})
    with serve(handler) as base:
        yield base, requests
