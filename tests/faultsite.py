"""A small CNN-like site full of faults, served on 127.0.0.1, and what the crawl must do with each.

The same CASES drive the end-to-end test (tests/test_reliability.py) and the README's
"Reliability" table: `python -m tests.faultsite` prints the table.
"""

import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.mockserver import QuietHandler, QuietServer

HOST = "edition.cnn.com"
HUB = "/SPECIALS/world/mali-faults/index.html"
STORY = "/2013/02/01/world/africa/{slug}/index.html"
SQL = "'); DROP TABLE articles;--"
RTL_EMOJI = "مالي تمبكتو 🇲🇱 שלום 🔥"
CP1252_TITLE = "Sévaré’s “front line” in Mali"
LATIN1_DECLARED = '<meta http-equiv="content-type" content="text/html; charset=iso-8859-1">'
UTF8_TITLE = "Á Tombouctou, Ségou’s troops in Mali"
# The content types that leave the charset to the page itself.
UNDECLARED = ("cp1252", "utf8-declared-latin1", "stray-bytes")
MAX_PAGE_BYTES = 1_500_000
DOWNLOAD_TIMEOUT = 1


@dataclass(frozen=True)
class Case:
    slug: str
    case: str  # the README's words for the fault
    outcome: str  # what the crawl does with it
    stat: str | None  # the mali_news/... stats key that accounts for it
    stored: bool  # whether a good article comes out of it


CASES = (
    Case("good-story", "a well-formed story", "stored", None, True),
    Case("server-error", "HTTP 500 on every try", "retried with backoff, then recorded", "errors/http_500", False),
    Case("unavailable-once", "HTTP 503 once, then the page", "retried, then stored", None, True),
    Case("unavailable", "HTTP 503 on every try (Retry-After: 0)", "retried, then recorded", "errors/http_503", False),
    Case("not-found", "HTTP 404", "recorded, not retried", "errors/http_404", False),
    Case("gone", "HTTP 410", "recorded, not retried", "errors/http_410", False),
    Case("slow", f"no answer within DOWNLOAD_TIMEOUT ({DOWNLOAD_TIMEOUT} s in the test)", "retried, then recorded", "errors/timeout", False),
    Case("reset", "connection reset in the middle of the body", "retried, then recorded", "errors/connection_lost", False),
    Case("redirect-loop", "redirects that go round in a loop", "stopped after REDIRECT_MAX_TIMES, recorded", "errors/redirect_loop", False),
    Case("redirect-away", "a redirect to another domain", "not followed, recorded", "errors/offsite_redirect", False),
    Case("pdf", "Content-Type application/pdf", "not parsed, counted", "pages/not_html/application_pdf", False),
    Case("json", "Content-Type application/json", "not parsed, counted", "pages/not_html/application_json", False),
    Case("image", "Content-Type image/png", "not parsed, counted", "pages/not_html/image_png", False),
    Case("too-large", f"a page over MALI_NEWS_MAX_PAGE_BYTES ({MAX_PAGE_BYTES:,} in the test)", "download cancelled, recorded", "errors/too_large", False),
    Case("truncated", "HTML cut off in the middle of the body", "what arrived is stored, counted", "pages/truncated", True),
    Case("cp1252", "no charset anywhere, cp1252 bytes", "decoded as cp1252 and stored", None, True),
    Case("utf8-bom", "a UTF-8 byte-order mark before <!DOCTYPE>", "stored (BOM dropped)", None, True),
    Case("utf8-declared-latin1", "UTF-8 bytes under a meta declaring iso-8859-1 (\"Á\" is C3 81: 0x81 has no cp1252 character)", "read as UTF-8 and stored, counted", "encoding/declared_wrong", True),
    Case("stray-bytes", "two stray bytes no codec maps in a windows-1252 page", "stored, each stray byte a U+FFFD, counted", "encoding/replaced_bytes", True),
    Case("no-byline", "a story without byline", "stored with no authors, counted", "missing/byline", True),
    Case("no-timestamp", "a story without any timestamp", "stored with the day in its address as published_at (precision day), counted", "missing/timestamp_text", True),
    Case("impossible-date", '"February 30, 2013 -- Updated 2147 GMT"', "stored, times left empty (never guessed; published_at is the day in its address), counted", "timestamp/unparsed", True),
    Case("impossible-time", '"February 1, 2013 -- Updated 2547 GMT"', "stored, times left empty (never guessed; published_at is the day in its address), counted", "timestamp/unparsed", True),
    Case("empty-body", "a story with a title and no paragraphs", "dropped, counted (no parser, the fallback included, finds story text)", "dropped/missing_body", False),
    Case("no-title", "a story with paragraphs and no title", "dropped, counted", "dropped/missing_title", False),
    Case("huge-paragraph", "a 1 MB paragraph", "stored whole", None, True),
    Case("huge-attribute", "a 1 MB attribute on a paragraph", "stored", None, True),
    Case("deep-nesting", "elements nested 100,000 deep (libxml2 gives up at 2,048)", "dropped as unparsable, counted (never a partial story)", "dropped/unparsable", False),
    Case("short-lines", "a ranked list of short lines, a run of subheads, a line printed twice, a time like 06:00", "stored with every line", None, True),
    Case("nul-bytes", "NUL bytes inside the text", "stored without the NULs", None, True),
    Case("rtl-emoji", "right-to-left text and emoji", "stored verbatim", None, True),
    Case("sql-text", f"SQL-looking text ({SQL})", "stored verbatim; the tables are untouched", None, True),
    Case("private", "a path robots.txt disallows", "never fetched, counted", "skipped/robots_txt", False),
    Case("hostile-links", "javascript:, mailto:, data:, file:, #fragment and other-site links", "stored; none of those links is followed", None, True),
)


def story_url(slug: str) -> str:
    return f"http://{HOST}{STORY.format(slug=slug)}"


def page(slug: str, *, title: str | None = None, byline: str = "By <strong>Faith Karimi</strong>, CNN",
         timestamp: str = "February 1, 2013 -- Updated 1200 GMT (2000 HKT)",
         paragraphs: list[str] | None = None, metas: bool = True, extra: str = "") -> str:
    title = f"Mali fault case: {slug}" if title is None else title
    paragraphs = [f"(CNN) -- French and Malian troops reached Gao on the {slug} day.",
                  "Residents of Timbuktu said the militants had left."] if paragraphs is None else paragraphs
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    meta = ('<meta content="2013-02-01T09:00:00Z" name="pubdate"/>'
            '<meta content="2013-02-01T12:00:00Z" name="lastmod"/>') if metas else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><title>{title} - CNN.com</title>{meta}</head>
<body><div class="cnn_storyarea" id="cnnContentContainer"><h1>{title}</h1>
<div class="cnn_stryathrtmp"><div class="cnnByline">{byline}</div><div class="cnn_strytmstmp">{timestamp}</div></div>
<div class="cnn_strycntntlft">{body}{extra}</div></div></body></html>
"""


HOSTILE_LINKS = """<p>See <a href="javascript:alert(1)">this</a>, <a href="mailto:desk@cnn.com">mail us</a>,
<a href="data:text/html,<b>x</b>">data</a>, <a href="file:///etc/passwd">a file</a>, <a href="#top">the top</a>,
<a href="//evil.example/2013/02/01/world/africa/x/index.html">elsewhere</a> and
<a href="http://evil.example/2013/02/01/world/africa/y/index.html">another site</a>.</p>"""


# Story text that rules on the shape of text used to drop: all of it must be stored.
SHORT_LINES = ["(CNN) -- The armed groups of northern Mali, as ranked by the minister:",
               "<strong>Key players</strong>", "<strong>Ansar Dine</strong>", "<strong>MNLA</strong>",
               "1. Ansar Dine", "2. MUJAO", "3. MNLA", "The curfew begins at 06:00",
               "Opinion: the war will be long, the minister said.", "Gao is calm.", "Gao is calm."]


def _stray_bytes_page() -> bytes:
    """A windows-1252 page holding 0x81 and 0x8D, which no windows-1252 character has."""
    text = page("stray-bytes", paragraphs=["(CNN) -- Troops in Sévaré STRAY1 moved north.",
                                          "Gao’s STRAY2 market reopened."])
    return (text.replace("<head>", '<head><meta charset="windows-1252">').encode("cp1252")
            .replace(b"STRAY1", b"\x81").replace(b"STRAY2", b"\x8d"))


def bodies() -> dict[str, bytes | str]:
    """The fixed pages of the site by slug (the ones the handler does not build on the fly)."""
    return {
        "good-story": page("good-story"),
        "unavailable-once": page("unavailable-once"),
        "truncated": page("truncated")[:-120],
        "cp1252": page("cp1252", title=CP1252_TITLE, paragraphs=[
            "(CNN) -- Troops in Sévaré said the “front line” had moved north of Mopti.",
            "Gao’s market reopened."]).encode("cp1252"),
        "utf8-bom": b"\xef\xbb\xbf" + page("utf8-bom").encode("utf-8"),
        "utf8-declared-latin1": page("utf8-declared-latin1", title=UTF8_TITLE).replace(
            "<head>", "<head>" + LATIN1_DECLARED).encode("utf-8"),
        "stray-bytes": _stray_bytes_page(),
        "no-byline": page("no-byline", byline=""),
        "no-timestamp": page("no-timestamp", timestamp="", metas=False),
        "impossible-date": page("impossible-date", timestamp="February 30, 2013 -- Updated 2147 GMT (0547 HKT)", metas=False),
        "impossible-time": page("impossible-time", timestamp="February 1, 2013 -- Updated 2547 GMT (1047 HKT)", metas=False),
        "empty-body": page("empty-body", paragraphs=[]),
        "no-title": page("no-title", title=""),
        "huge-paragraph": page("huge-paragraph", paragraphs=[
            "(CNN) -- Mali. " + "Gao Timbuktu Kidal " * 55_000, "Short closing paragraph."]),
        "nul-bytes": page("nul-bytes", paragraphs=["(CNN) -- Mali\x00 troops\x00 advanced.", "Gao\x00."]),
        "rtl-emoji": page("rtl-emoji", title=f"Mali {RTL_EMOJI}", paragraphs=[
            f"(CNN) -- Mali: {RTL_EMOJI}", "Timbuktu 📜 manuscripts."]),
        "sql-text": page("sql-text", title=f"Mali {SQL}", paragraphs=[
            f"(CNN) -- Gao {SQL}", "Robert\"); DELETE FROM authors; -- in Timbuktu."]),
        "hostile-links": page("hostile-links", extra=HOSTILE_LINKS),
        "huge-attribute": page("huge-attribute", paragraphs=[
            "(CNN) -- Troops entered Gao.", "Residents cheered."]).replace(
            "<p>", "<p title='" + "x" * (1 << 20) + "'>", 1),
        "deep-nesting": page("deep-nesting", extra="<div>" * 100_000 + "Deep in Gao." + "</div>" * 100_000),
        "short-lines": page("short-lines", paragraphs=SHORT_LINES),
        "private": page("private"),
    }


def hub() -> str:
    items = "\n".join(f'<li><a href="{STORY.format(slug=c.slug)}">Mali: {c.slug}</a></li>' for c in CASES)
    return f"""<!DOCTYPE html><html><head><title>Conflict in Mali - CNN.com</title></head>
<body><h1>Conflict in Mali</h1><ul class="cnn_bulletbin">{items}</ul></body></html>"""


class FaultHandler(QuietHandler):
    site: "FaultSite"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        host, path = parts.hostname or HOST, parts.path
        if not self.site.count(host, path):
            self.send_body("request budget used up", "text/plain", 503)
            return
        if host != HOST:
            self.send_body("not this site", "text/plain", 404)
            return
        if path == "/robots.txt":
            self.send_body("User-agent: *\nDisallow: " + STORY.format(slug="private").rsplit("/", 1)[0] + "/\n",
                           "text/plain")
            return
        if path == HUB:
            self.send_body(hub())
            return
        slug = path.split("/")[-2] if path.endswith("/index.html") else ""
        self.serve(slug, path)

    def serve(self, slug: str, path: str) -> None:
        fixed = bodies()
        if slug == "unavailable-once" and self.site.hits(path) == 1:
            self.send_body("busy", "text/plain", 503, {"Retry-After": "0"})
        elif slug in fixed:
            content_type = "text/html" if slug in UNDECLARED else "text/html; charset=utf-8"
            self.send_body(fixed[slug], content_type)
        elif slug == "server-error":
            self.send_body("oops", "text/plain", 500)
        elif slug == "unavailable":
            self.send_body("busy", "text/plain", 503, {"Retry-After": "0"})
        elif slug == "not-found":
            self.send_body("no such page", "text/plain", 404)
        elif slug == "gone":
            self.send_body("gone", "text/plain", 410)
        elif slug == "slow":
            time.sleep(DOWNLOAD_TIMEOUT + 2)
            self.send_body(page("slow"))
        elif slug == "reset":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "50000")
            self.end_headers()
            self.wfile.write(page("reset").encode()[:300])
            self.wfile.flush()
            # SO_LINGER 0: close with a TCP reset instead of a clean end.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif slug == "redirect-loop":
            # Round and round, a new address each time, so only the redirect limit stops it.
            hop = self.site.hits(path)
            self.send_body("", "text/plain", 302, {"Location": f"{path}?hop={hop}"})
        elif slug == "redirect-away":
            self.send_body("", "text/plain", 301, {"Location": "http://example.org/moved/index.html"})
        elif slug == "pdf":
            self.send_body(b"%PDF-1.4\n% Mali report\n", "application/pdf")
        elif slug == "json":
            self.send_body('{"title": "Mali", "body": "Gao"}', "application/json")
        elif slug == "image":
            self.send_body(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        elif slug == "too-large":
            self.send_body(page("too-large", paragraphs=["(CNN) -- Mali " + "x" * (MAX_PAGE_BYTES + 100_000)]))
        else:
            self.send_body("no such page", "text/plain", 404)


class FaultSite:
    """Counts requests by host and path, and refuses all after max_requests."""

    def __init__(self, max_requests: int) -> None:
        self.max_requests = max_requests
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def count(self, host: str, path: str) -> bool:
        with self.lock:
            self.requests.append((host, path))
            return len(self.requests) <= self.max_requests

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for _, p in self.requests if p == path)


@contextmanager
def fault_server(max_requests: int = 500, max_seconds: float = 120) -> Iterator[tuple[str, FaultSite]]:
    """Serve the fault site on 127.0.0.1 (as an HTTP proxy for edition.cnn.com); it stops by
    itself after max_seconds and answers 503 to every request past max_requests."""
    site = FaultSite(max_requests)
    handler = type("Handler", (FaultHandler,), {"site": site})
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    timer = threading.Timer(max_seconds, server.shutdown)
    timer.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        timer.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def markdown_table() -> str:
    lines = ["| case | what the crawl does | counted in stats as |", "|---|---|---|"]
    for case in CASES:
        stat = f"`mali_news/{case.stat}`" if case.stat else ("stored" if case.stored else "-")
        lines.append(f"| {case.case} | {case.outcome} | {stat} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown_table() + "\n")
