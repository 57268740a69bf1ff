"""A local stand-in for the Wayback Machine: the CDX API (JSON) and captures of fixtures/site."""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mali_news.archives.wayback import parse_timestamp
from mali_news.urls import canonical_url
from tests.helpers import SEED_KEY, SITE
from tests.mockserver import QuietHandler, serve

# The seed was captured twice: soon after publication, and in April with a later version.
SEED_LATER = "20130401093000"
LATER_SENTENCE = "This is the version the archive captured in April."


def captures() -> dict[str, list[tuple[str, str, Path]]]:
    """canonical URL -> [(timestamp, original as captured, file)], from the fixture mirror."""
    found: dict[str, list[tuple[str, str, Path]]] = {}
    for path in sorted(SITE.rglob("index.html")):
        relative = path.relative_to(SITE)
        host, rest = relative.parts[0], "/".join(relative.parts[1:])
        original = f"http://{host}/{rest}"
        date = re.search(r"/(\d{4})/(\d{2})/(\d{2})/", "/" + rest)
        # Captured the day after the story's date (the hub and front page: February 2013).
        stamp = f"{''.join(date.groups())}230000" if date else "20130201120000"
        found.setdefault(canonical_url(original), []).append((stamp, original, path))
    found[SEED_KEY].append((SEED_LATER, found[SEED_KEY][0][1], found[SEED_KEY][0][2]))
    return found


def capture_html(path: Path, timestamp: str) -> str:
    html = path.read_text(encoding="utf-8")
    if timestamp == SEED_LATER:
        html = html.replace("three of its employees remain missing.</p>",
                            f"three of its employees remain missing.</p>\n<p>{LATER_SENTENCE}</p>")
    return html


TOOLBAR = """<script src="/_static/js/wombat.js"></script>
<!-- BEGIN ARCHIVE_REQUEST TOOLBAR INSERT --><div id="wm-ipp-base"><div id="wm-ipp">
<a href="/web/">Wayback Machine</a> <a href="/web/{ts}*/{original}">captures</a>
<p>Mali unrest captured {ts}</p></div></div><!-- END ARCHIVE_REQUEST TOOLBAR INSERT -->"""


def toolbar_form(html: str, timestamp: str, original: str) -> str:
    """What the archive serves without id_: a toolbar, and every link rewritten into the archive."""
    host = urlsplit(original).netloc

    def rewrite(match: re.Match[str]) -> str:
        href = match.group(2)
        if href.startswith(("javascript:", "mailto:", "#")):
            return match.group(0)
        if href.startswith("/"):
            href = f"http://{host}{href}"
        return f'{match.group(1)}"/web/{timestamp}/{href}"'

    html = re.sub(r'(href=)"([^"]+)"', rewrite, html)
    return html.replace("<body>", "<body>" + TOOLBAR.format(ts=timestamp, original=original), 1)


class WaybackHandler(QuietHandler):
    archive: dict[str, list[tuple[str, str, Path]]]
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        parts = urlsplit(self.path)
        if parts.path == "/cdx/search/cdx":
            self.cdx(parse_qs(parts.query))
            return
        match = re.match(r"^/web/(\d{4,14})(id_)?/(.+)$", self.path)
        if not match:
            self.send_body("not found", "text/plain", 404)
            return
        timestamp, raw, original = match.groups()
        rows = self.archive.get(canonical_url(original), [])
        exact = [row for row in rows if row[0] == timestamp]
        if not exact:
            if not rows:
                self.send_body("not archived", "text/plain", 404)
                return
            # Like the archive: redirect to the capture nearest the asked time (a short one is
            # the start of its day, month or year).
            asked = parse_timestamp(timestamp)
            best = min(rows, key=lambda row: abs((parse_timestamp(row[0]) - asked).total_seconds()))
            self.send_body("", "text/plain", 302, {"Location": f"/web/{best[0]}{raw or ''}/{original}"})
            return
        html = capture_html(exact[0][2], timestamp)
        self.send_body(html if raw else toolbar_form(html, timestamp, original))

    def cdx(self, query: dict[str, list[str]]) -> None:
        original = query.get("url", [""])[0]
        closest = query.get("closest", ["20130215"])[0].ljust(14, "0")
        rows = sorted(self.archive.get(canonical_url(original), []),
                      key=lambda row: abs(int(row[0]) - int(closest)))
        # from and to bound the capture times (a short one is the start, or end, of its period).
        start, end = query.get("from", [""])[0], query.get("to", [""])[0]
        rows = [row for row in rows
                if row[0] >= start.ljust(14, "0") and (not end or row[0] <= end.ljust(14, "9"))]
        table = [["timestamp", "original", "statuscode"]]
        table += [[stamp, captured, "200"] for stamp, captured, _ in rows]
        if rows:
            # A redirect capture, which the statuscode filter must keep out.
            table.append([closest, rows[0][1], "302"])
        if query.get("filter") == ["statuscode:200"]:
            table = [table[0]] + [row for row in table[1:] if row[2] == "200"]
        limit = int(query.get("limit", ["100"])[0])
        self.send_body(json.dumps(table[:limit + 1] if len(table) > 1 else []), "application/json")


@contextmanager
def wayback_server() -> Iterator[tuple[str, list[str]]]:
    """Serve the archive on 127.0.0.1; yields its base URL and the list of request paths."""
    requests: list[str] = []
    handler = type("Handler", (WaybackHandler,), {"archive": captures(), "requests": requests})
    with serve(handler) as base:
        yield base, requests
