import logging

import pytest
from scrapy.exceptions import DropItem

from mali_news.items import Block
from mali_news.pipelines.body import BodyPipeline
from tests.pipeline_helpers import article, make_pipeline, stat


def test_story_blocks_make_the_body_and_asides_are_counted(caplog):
    pipeline = make_pipeline(BodyPipeline)
    caplog.set_level(logging.DEBUG, logger="mali_news.pipelines.body")
    item = pipeline.process_item(article(blocks=[
        Block("editor_note", "Watch Erin Burnett OutFront weekdays at 7 p.m. ET."),
        Block("paragraph", "Moscow (CNN) -- First paragraph."),
        Block("link_paragraph", "Read more: Elsewhere"),
        Block("caption", "A caption that is much longer than eighty characters, so that the log shows "
                         "only its start"),
        Block("subhead", "Key players"),
        Block("list_item", "Ansar Dine", "•"),
        Block("paragraph", "Second  paragraph.")]))
    assert item.dateline == "Moscow (CNN)"
    assert item.body == "First paragraph.\n\nKey players\n\n• Ansar Dine\n\nSecond paragraph."
    assert [b.kind for b in item.story] == ["paragraph", "subhead", "list_item", "paragraph"]
    assert len(item.blocks) == 7
    assert item.editor_note == "Watch Erin Burnett OutFront weekdays at 7 p.m. ET."
    assert item.word_count == 9
    for kind in ("editor_note", "link_paragraph", "caption"):
        assert stat(pipeline, f"body/dropped/{kind}") == 1
    caption = item.blocks[3].text
    assert f"at {item.url} (caption): {caption[:80]}\n" in caplog.text
    assert caption[:81] not in caplog.text


def test_nothing_but_asides_is_dropped():
    pipeline = make_pipeline(BodyPipeline)
    with pytest.raises(DropItem, match="empty body"):
        pipeline.process_item(article(blocks=[Block("link_paragraph", "Read more: Elsewhere"),
                                              Block("promo", "Part of complete coverage on")]))
    assert stat(pipeline, "dropped/empty_body") == 1
    assert stat(pipeline, "body/dropped/promo") == 1
