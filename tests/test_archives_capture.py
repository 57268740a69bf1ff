"""The capture a page was read from: its columns in the corpus, as the archive answered."""

from datetime import UTC, datetime

from mali_news.archives.capture import NO_CAPTURE_COLUMNS, Capture, columns_of
from mali_news.db.models import Article, ArticleRendering

STORY = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
WARC = "crawl-data/CC-MAIN-2013-20/segments/1/warc/CC-MAIN-1-00001.warc.gz"


def test_a_common_crawl_capture_is_written_with_its_record():
    capture = Capture("commoncrawl", STORY, f"https://data.commoncrawl.org/{WARC}",
                      datetime(2013, 5, 18, 10, 10, 10, tzinfo=UTC), 200, WARC, 81234, 9120,
                      "CC-MAIN-2013-20")
    assert capture.timestamp == "20130518101010"
    assert capture.columns() == {
        "capture_url": f"https://data.commoncrawl.org/{WARC}", "captured_at": capture.captured_at,
        "capture_status": 200, "capture_crawl": "CC-MAIN-2013-20", "warc_filename": WARC,
        "warc_record_offset": 81234, "warc_record_length": 9120}


def test_a_wayback_capture_has_no_crawl_and_no_record_place():
    capture = Capture("wayback", STORY, f"https://web.archive.org/web/20130126003000id_/{STORY}",
                      datetime(2013, 1, 26, 0, 30, tzinfo=UTC), 200, "IA-2013/x.warc.gz")
    columns = capture.columns()
    assert (columns["capture_crawl"], columns["warc_record_offset"], columns["warc_record_length"]) == (
        None, None, None)
    assert columns["warc_filename"] == "IA-2013/x.warc.gz"


def test_a_page_without_a_capture_fills_no_column():
    assert columns_of(None) == NO_CAPTURE_COLUMNS and set(NO_CAPTURE_COLUMNS.values()) == {None}
    assert Capture("wayback", STORY, "u", None, 200).timestamp == ""


def test_every_column_is_a_column_of_both_tables():
    for table in (Article.__table__, ArticleRendering.__table__):
        assert set(NO_CAPTURE_COLUMNS) <= set(table.c.keys())
