import pytest
from scrapy.exceptions import DropItem

from mali_news.pipelines.validate import ValidationPipeline
from tests.pipeline_helpers import article, make_pipeline, stat


@pytest.mark.parametrize(("fields", "reason"), [
    ({"title": ""}, "missing_title"),
    ({"title": "   "}, "missing_title"),
    ({"paragraphs": []}, "missing_body"),
    ({"paragraphs": ["", "  "]}, "missing_body"),
])
def test_required_fields(fields, reason):
    pipeline = make_pipeline(ValidationPipeline)
    item = article(**fields)
    with pytest.raises(DropItem, match=reason.replace("_", " ") + ": https://www.cnn.com/"):
        pipeline.process_item(item)
    assert stat(pipeline, f"dropped/{reason}") == 1


def test_missing_optional_fields_are_counted_not_dropped():
    pipeline = make_pipeline(ValidationPipeline)
    item = article(byline="", timestamp_text="", raw_highlights=[])
    assert pipeline.process_item(item) is item
    assert stat(pipeline, "missing/byline") == 1
    assert stat(pipeline, "missing/timestamp_text") == 1
    assert stat(pipeline, "missing/raw_highlights") == 1


def test_complete_item_passes_untouched():
    pipeline = make_pipeline(ValidationPipeline)
    item = article(byline="By A, CNN", timestamp_text="x", raw_highlights=["y"])
    assert pipeline.process_item(item) is item
    assert stat(pipeline, "missing/byline") is None
