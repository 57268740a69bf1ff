from mali_news.items import Highlight
from mali_news.pipelines.highlights import HighlightsPipeline
from tests.pipeline_helpers import article, make_pipeline, stat


def test_highlights_cleaned_and_new_flag_kept():
    pipeline = make_pipeline(HighlightsPipeline)
    item = pipeline.process_item(article(raw_highlights=["NEW: A bridge falls", " • Troops advance "]))
    assert item.highlights == [Highlight("A bridge falls", True), Highlight("Troops advance", False)]
    assert stat(pipeline, "highlights/new") == 1


def test_no_highlights():
    pipeline = make_pipeline(HighlightsPipeline)
    assert pipeline.process_item(article()).highlights == []
