"""Keep the story blocks, count and log every block left out, split off the dateline."""

import logging

from mali_news.cleaning.body import body_text, clean_blocks, word_count
from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline

logger = logging.getLogger(__name__)


class BodyPipeline(CountingPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        cleaned = clean_blocks(item.blocks)
        for block in cleaned.left_out:
            self.count(f"body/dropped/{block.kind}")
            logger.debug("Left out of the story at %s (%s): %s", item.url, block.kind,
                         block.text[:80])
        story = cleaned.story
        if not story:
            raise self.drop("empty_body", item.url)
        item.blocks = cleaned.blocks
        item.story = story
        item.dateline = cleaned.dateline or item.dateline
        item.editor_note = "\n\n".join(b.text for b in cleaned.left_out if b.kind == "editor_note")
        item.body = body_text(story)
        item.word_count = word_count(item.body)
        return item
