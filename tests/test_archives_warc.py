"""WARC capture of a crawl, and a corpus rebuilt from the WARC files alone."""

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mali_news.archives.warc import RotatingWarcWriter, WarcIndex, warc_files
from tests.corpus_helpers import corpus_rows
from tests.helpers import SEED_EDITION_URL, SEED_KEY, SITE
from tests.mockserver import mirror_server

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

MALI_NEWS = str(Path(sys.executable).with_name("mali-news"))
HTML = b"<html><head><title>Mali</title></head><body><p>Gao</p></body></html>"


def write_pairs(directory: Path, max_bytes: int = 10**9) -> RotatingWarcWriter:
    writer = RotatingWarcWriter(directory, max_bytes)
    writer.write(SEED_EDITION_URL, "GET", [("User-Agent", "mali_news")], 503, [], b"busy")
    writer.write(SEED_EDITION_URL + "?hpt=hp_t3", "GET", [], 200,
                 [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], gzip.compress(HTML))
    writer.write("http://edition.cnn.com/robots.txt", "GET", [], 200,
                 [("Content-Type", "text/plain")], b"User-agent: *\n")
    writer.write("https://web.archive.org/web/20130125230000id_/http://edition.cnn.com/2012/10/21/"
                 "world/africa/mali-q-a/index.html", "GET", [], 200, [("Content-Type", "text/html")],
                 HTML)
    writer.close()
    return writer


def test_responses_are_found_by_canonical_url_and_decoded(tmp_path):
    write_pairs(tmp_path)
    index = WarcIndex(warc_files(tmp_path))
    stored = index.get("https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html")
    # The good answer wins over the earlier 503, and its body comes back decompressed.
    assert (stored.status, stored.body) == (200, HTML)
    assert dict(stored.headers) == {"Content-Type": "text/html"}
    # A Wayback capture is also found under its original address.
    assert index.get("http://edition.cnn.com/2012/10/21/world/africa/mali-q-a/index.html").body == HTML
    assert index.get("http://edition.cnn.com/2013/01/01/world/africa/other/index.html") is None


def test_files_rotate_by_size(tmp_path):
    writer = write_pairs(tmp_path, max_bytes=200)
    assert len(writer.paths) == 4
    assert all(path.name.endswith(".warc.gz") for path in writer.paths)
    assert len(WarcIndex(warc_files(tmp_path))) == 4


def crawl(db: Path, *args: str, env_extra: dict[str, str]) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("MALI_NEWS_")}
    env.update(env_extra)
    result = subprocess.run(
        [MALI_NEWS, "crawl", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}", "-s", "AUTOTHROTTLE_ENABLED=0",
         "-s", "DOWNLOAD_DELAY=0", "--log-file", str(db.with_suffix(".log")), *args],
        cwd=db.parent, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def corpus(db: Path) -> dict[str, list[tuple]]:
    return corpus_rows(f"sqlite:///{db}")


@pytest.mark.parametrize("rotate", [10**9, 8_000], ids=["one file", "rotated"])
def test_a_warc_captured_crawl_replays_to_the_identical_corpus(tmp_path, rotate):
    warc_dir = tmp_path / "warc"
    with mirror_server(SITE) as base_url:
        crawl(tmp_path / "live.sqlite", "-s", f"MALI_NEWS_WARC_DIR={warc_dir}",
              "-s", f"MALI_NEWS_WARC_MAX_BYTES={rotate}", env_extra={"http_proxy": base_url})
    files = warc_files(warc_dir)
    assert len(files) == 1 if rotate > 10**6 else len(files) >= 3
    # The network is gone: only the WARC files can answer.
    crawl(tmp_path / "replayed.sqlite", "-s", f"MALI_NEWS_REPLAY={warc_dir}",
          env_extra={"http_proxy": "http://127.0.0.1:9"})
    live, replayed = corpus(tmp_path / "live.sqlite"), corpus(tmp_path / "replayed.sqlite")
    assert len(live["articles"]) == 11
    assert replayed == live
    assert SEED_KEY in {row[0] for row in replayed["articles"]}


def test_a_single_warc_file_can_be_replayed(tmp_path):
    warc_dir = tmp_path / "warc"
    with mirror_server(SITE) as base_url:
        crawl(tmp_path / "live.sqlite", "-a", "depth=0", "-s", f"MALI_NEWS_WARC_DIR={warc_dir}",
              env_extra={"http_proxy": base_url})
    (warc,) = warc_files(warc_dir)
    crawl(tmp_path / "replayed.sqlite", "-a", "depth=0", "-s", f"MALI_NEWS_REPLAY={warc}",
          env_extra={"http_proxy": "http://127.0.0.1:9"})
    assert corpus(tmp_path / "replayed.sqlite") == corpus(tmp_path / "live.sqlite")
