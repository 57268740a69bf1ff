import pytest

from mali_news.items import Credit
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


def test_staff_and_agency_credits_are_counted_apart_from_people():
    pipeline = make_pipeline(BylinePipeline)
    staff = pipeline.process_item(article(byline="By the CNN Wire Staff"))
    assert staff.credits == [Credit("CNN Wire Staff", "staff")]
    wire = pipeline.process_item(article(byline="By Nima Elbagir, CNN, and Reuters"))
    assert [(c.name, c.kind) for c in wire.credits] == [("Nima Elbagir", "person"), ("Reuters", "agency")]
    assert (stat(pipeline, "byline/staff"), stat(pipeline, "byline/agency"),
            stat(pipeline, "byline/person")) == (1, 1, 1)


def test_byline_crediting_nobody_falls_back_to_structured_names():
    pipeline = make_pipeline(BylinePipeline)
    item = pipeline.process_item(article(byline="By", author_names=["Faith Karimi"]))
    assert item.credits == [Credit("Faith Karimi")]
    assert stat(pipeline, "byline/no_credit") == 1
