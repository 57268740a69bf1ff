from datetime import UTC, datetime

import pytest

from mali_news.items import Link
from mali_news.pipelines.timestamps import TimestampPipeline
from tests.pipeline_helpers import article, make_pipeline, stat

UPDATED = datetime(2013, 1, 25, 21, 47, tzinfo=UTC)


URL_DAY = datetime(2013, 1, 25, tzinfo=UTC)


@pytest.mark.parametrize(("text", "pubdate", "lastmod", "published", "precision", "updated"), [
    ("January 25, 2013 -- Updated 2147 GMT (0547 HKT)", "2013-01-25T12:08:41Z",
     "2013-01-25T21:47:53Z", datetime(2013, 1, 25, 12, 8, 41, tzinfo=UTC), "minute", UPDATED),
    # No publication time anywhere: the day in the address, said to be a day.
    ("updated 4:47 PM EST, Fri January 25, 2013", "", "", URL_DAY, "day", UPDATED),
    ("", "", "2013-01-25T21:47:53Z", URL_DAY, "day", datetime(2013, 1, 25, 21, 47, 53, tzinfo=UTC)),
    ("Published 8:00 AM EDT, Wed May 1, 2024", "", "",
     datetime(2024, 5, 1, 12, 0, tzinfo=UTC), "minute", None),
    ("", "", "", URL_DAY, "day", None),
])
def test_published_and_updated(text, pubdate, lastmod, published, precision, updated):
    pipeline = make_pipeline(TimestampPipeline)
    item = pipeline.process_item(article(timestamp_text=text, published_meta=pubdate,
                                         modified_meta=lastmod))
    assert (item.published_at, item.published_precision, item.updated_at) == (
        published, precision, updated)
    assert item.timestamp_text == text


def test_address_without_a_date_leaves_published_unknown():
    pipeline = make_pipeline(TimestampPipeline)
    item = pipeline.process_item(article(url="https://www.cnn.com/SPECIALS/world/mali-conflict/"))
    assert (item.published_at, item.published_precision) == (None, "")


def test_impossible_timestamp_is_counted_and_never_guessed():
    pipeline = make_pipeline(TimestampPipeline)
    item = pipeline.process_item(article(timestamp_text="February 30, 2013 -- Updated 2147 GMT"))
    assert item.updated_at is None
    assert stat(pipeline, "timestamp/unparsed") == 1


def test_sidebar_times_date_links_never_the_article():
    pipeline = make_pipeline(TimestampPipeline)
    link = Link(url="https://www.cnn.com/x", kind="complete_coverage",
                listed_text="March 13, 2013 -- Updated 1701 GMT (0101 HKT)")
    item = pipeline.process_item(article(links=[link]))
    assert item.links[0].listed_at == datetime(2013, 3, 13, 17, 1, tzinfo=UTC)
    assert item.updated_at is None and item.published_precision == "day"
