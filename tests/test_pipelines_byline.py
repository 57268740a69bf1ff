import pytest

from mali_news.pipelines.byline import BylinePipeline
from tests.pipeline_helpers import article, make_pipeline, stat


@pytest.mark.parametrize(("byline", "authors"), [
    ("By Nima Elbagir and Ingrid Formanek, CNN", ["Nima Elbagir", "Ingrid Formanek"]),
    ("", []),
])
def test_authors_set_from_byline(byline, authors):
    pipeline = make_pipeline(BylinePipeline)
    item = pipeline.process_item(article(byline=byline))
    assert item.authors == authors
    assert item.byline == byline


def test_byline_without_a_person_is_counted():
    pipeline = make_pipeline(BylinePipeline)
    item = pipeline.process_item(article(byline="By the CNN Wire Staff"))
    assert item.authors == []
    assert stat(pipeline, "byline/no_person") == 1
