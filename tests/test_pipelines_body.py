import pytest
from scrapy.exceptions import DropItem

from mali_news.pipelines.body import BodyPipeline
from tests.pipeline_helpers import article, make_pipeline, stat


def test_body_joined_with_dateline_split_off():
    pipeline = make_pipeline(BodyPipeline)
    item = pipeline.process_item(article(paragraphs=[
        "Moscow (CNN) -- First paragraph.", "Read more: Elsewhere", "Second  paragraph."]))
    assert item.dateline == "Moscow (CNN)"
    assert item.body == "First paragraph.\n\nSecond paragraph."
    assert item.word_count == 4
    assert stat(pipeline, "body/paragraphs_removed") == 1


def test_nothing_left_after_cleaning_is_dropped():
    pipeline = make_pipeline(BodyPipeline)
    with pytest.raises(DropItem, match="empty body"):
        pipeline.process_item(article(paragraphs=["Read more: Elsewhere", "Part of complete coverage on"]))
    assert stat(pipeline, "dropped/empty_body") == 1
