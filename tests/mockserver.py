"""A local HTTP server on 127.0.0.1 that serves a mirror directory, also as a plain HTTP proxy."""

import mimetypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class QuietHandler(BaseHTTPRequestHandler):
    """A handler that logs nothing and answers with a whole body in one call."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_body(self, body: bytes | str, content_type: str = "text/html; charset=utf-8",
                  status: int = 200, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class MirrorHandler(QuietHandler):
    """GET http://host/path (proxy form) or /host/path -> <root>/host/path."""

    root: Path
    delay: float = 0.0

    def _file(self) -> Path | None:
        parts = urlsplit(self.path)
        if parts.scheme:  # proxy request: absolute URI
            host, path = (parts.hostname or ""), parts.path
        else:
            host, _, path = parts.path.lstrip("/").partition("/")
            path = "/" + path
        candidate = (self.root / host / unquote(path).lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate /= "index.html"
        return candidate if candidate.is_file() else None

    def do_GET(self) -> None:
        if self.delay and not self.path.endswith("/robots.txt"):
            time.sleep(self.delay)
        path = self._file()
        if path is None:
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """A client that goes away mid-answer (a killed crawl, a reset on purpose) is not news."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def mirror_server(root: Path, delay: float = 0.0) -> Iterator[str]:
    """Serve root on 127.0.0.1 on a free port, each page after delay seconds; yields the base URL."""
    with serve(type("Handler", (MirrorHandler,), {"root": root.resolve(), "delay": delay})) as base:
        yield base


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve handler on 127.0.0.1 on a free port until the block ends; yields the base URL."""
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
