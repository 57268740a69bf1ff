"""The quotes pipeline: who each story quotes, from its story blocks only, counted by kind of source."""

from mali_news.items import Block
from mali_news.pipelines.quotes import QuotesPipeline
from tests.pipeline_helpers import article, make_pipeline, stat


def test_the_story_blocks_are_read_and_the_asides_are_not():
    pipeline = make_pipeline(QuotesPipeline)
    item = article()
    item.blocks = [
        Block("paragraph", "Konna was retaken on Friday, a Malian army spokesman told CNN."),
        Block("caption", '"We are winning," a soldier said in a photo caption.'),
        Block("subhead", "The view from Gao"),
        Block("blockquote", '"We left everything," said Moussa Ag Mohamed, a refugee in Burkina Faso.'),
        Block("promo", "Read more: Analysts say the Islamists will regroup."),
    ]
    item = pipeline.process_item(item)
    assert [(q.block, q.speaker, q.category, q.kind) for q in item.quotes] == [
        (0, "a Malian army spokesman", "government", "indirect"),
        (3, "Moussa Ag Mohamed", "civilian", "direct")]
    assert stat(pipeline, "quotes") == 2
    assert stat(pipeline, "quotes/government") == stat(pipeline, "quotes/civilian") == 1


def test_a_story_that_quotes_nobody_is_counted():
    pipeline = make_pipeline(QuotesPipeline)
    item = article()
    item.blocks = [Block("paragraph", "French jets struck Gao overnight.")]
    assert pipeline.process_item(item).quotes == []
    assert stat(pipeline, "quotes/none") == 1
