"""A generated CNN-like site on 127.0.0.1: N legacy-template stories, each linking ("Read more:")
to the next two, and a coverage hub listing the first 100."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOST = "edition.cnn.com"
PER_HUB = 100
PLACES = ["Gao", "Timbuktu", "Kidal", "Bamako", "Mopti", "Konna", "Diabaly", "Sevare"]
WORDS = ["troops", "militants", "convoy", "desert", "market", "refugees", "minister", "elections", "ceasefire", "airport", "mosque", "manuscripts", "border", "patrol", "village", "aid", "water", "fuel", "road", "bridge", "mayor", "envoy"]


def story_path(n: int) -> str:
    return f"/2013/{1 + n % 12:02d}/{1 + n % 28:02d}/world/africa/mali-story-{n}/index.html"


def hub_path(k: int) -> str:
    return f"/SPECIALS/world/mali-archive/{k}/index.html"


def story(n: int, n_stories: int) -> str:
    place = PLACES[n % len(PLACES)]
    paragraphs = [f"<p><strong>{place}, Mali (CNN)</strong> -- Story {n}: Malian and French "
                  f"troops moved through {place} on the {n}th day of the operation.</p>"]
    for i in range(12):
        words = " ".join(WORDS[(n * 7 + i * 3 + j) % len(WORDS)] for j in range(30))
        paragraphs.append(f'<p class="cnn_storypgraphtxt cnn_storypgraph{i + 2}">In {place}, '
                          f"{words}, officials said on day {n}.</p>")
    links = "".join(f'<p class="cnn_storypgraphtxt"><a href="{story_path((n + d) % n_stories)}">'
                    f"Read more: Mali story {(n + d) % n_stories}</a></p>" for d in (1, 2))
    return f"""<!DOCTYPE html><html lang="en-US"><head><title>Mali story {n}: fighting near {place} - CNN.com</title>
<meta content="2013-01-25T12:08:41Z" name="pubdate"/><meta content="2013-01-25T21:47:53Z" name="lastmod"/>
<script>var cnnOmniture = {{page: "{n}"}};</script></head><body>
<div class="cnn_storyarea" id="cnnContentContainer"><h1>Mali story {n}: fighting near {place}</h1>
<div class="cnn_stryathrtmp"><div class="cnnByline">By <strong>Faith Karimi </strong>and<strong> Nima Elbagir, </strong>CNN</div>
<div class="cnn_strytmstmp">January 25, 2013 -- Updated 2147 GMT (0547 HKT)</div></div>
<div class="cnn_strycntntlft"><div class="cnn_strylftcntnt"><div class="cnn_strylctcntr">
<ul class="cnn_bulletbin cnnStryHghLght"><li><b>NEW:</b> Troops reach {place}</li><li>Story {n} highlight</li></ul></div></div>
{''.join(paragraphs)}{links}</div></div></body></html>"""


def hub(k: int, n_stories: int) -> str:
    first = k * PER_HUB
    items = "".join(f'<li><a href="{story_path(n)}">Mali story {n}</a></li>'
                    for n in range(first, min(first + PER_HUB, n_stories)))
    return (f"<!DOCTYPE html><html><head><title>Conflict in Mali - CNN.com</title></head><body>"
            f"<h1>Conflict in Mali</h1><ul class=\"cnn_bulletbin\">{items}</ul></body></html>")


def make_handler(n_stories: int) -> type[BaseHTTPRequestHandler]:
    by_path: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            body = by_path.get(path)
            if body is None:
                if path.startswith("/SPECIALS/world/mali-archive/"):
                    body = hub(int(path.split("/")[4]), n_stories)
                elif "/mali-story-" in path and int(path.split("mali-story-")[1].split("/")[0]) < n_stories:
                    body = story(int(path.split("mali-story-")[1].split("/")[0]), n_stories)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def serve(n_stories: int) -> Iterator[str]:
    """The site on a free port; yields its address, to use as http_proxy for edition.cnn.com."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(n_stories))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
