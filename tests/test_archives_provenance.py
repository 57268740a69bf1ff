"""Where pages came from: the bundled sample, another replay, an archive, or cnn.com."""

from datetime import UTC, datetime

import pytest

from mali_news.archives.capture import Capture
from mali_news.archives.provenance import is_sample, page_origin, run_origin
from tests.helpers import SITE

STORY = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
CAPTURE = Capture("wayback", STORY, f"https://web.archive.org/web/20130126003000id_/{STORY}",
                  datetime(2013, 1, 26, 0, 30, tzinfo=UTC), 200)
RECORD = Capture("commoncrawl", STORY, "https://data.commoncrawl.org/crawl-data/CC-MAIN-2013-20/x.warc.gz",
                 datetime(2013, 5, 18, 10, 10, 10, tzinfo=UTC), 200, "crawl-data/CC-MAIN-2013-20/x.warc.gz",
                 81234, 9120, "CC-MAIN-2013-20")


def test_the_bundled_sample_says_what_it_is(tmp_path):
    assert is_sample(str(SITE))
    assert not is_sample(str(tmp_path)) and not is_sample("")


@pytest.mark.parametrize(("replay", "capture", "origin"), [
    ("sample", None, "sample"),
    ("other", CAPTURE, "replay"),
    ("", CAPTURE, "wayback"),
    ("", RECORD, "commoncrawl"),
    ("", None, "live"),
])
def test_page_origin(tmp_path, replay, capture, origin):
    folder = {"sample": str(SITE), "other": str(tmp_path), "": ""}[replay]
    assert page_origin(folder, capture) == origin


def test_run_origin(tmp_path):
    assert run_origin(str(SITE), {}) == f"the bundled sample pages ({SITE})"
    assert run_origin(str(tmp_path / "crawl.warc.gz"), {}) == f"replay of {tmp_path / 'crawl.warc.gz'}"
    assert run_origin("", {"wayback": 212}) == "cnn.com and the Wayback Machine (212 requests)"
    assert run_origin("", {"wayback": 0}) == "cnn.com"
