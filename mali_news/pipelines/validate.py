"""Drop items missing a required field; count those missing an optional one."""

import logging

from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline

logger = logging.getLogger(__name__)

OPTIONAL_FIELDS = ("byline", "timestamp_text", "raw_highlights")


class ValidationPipeline(CountingPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not item.title.strip():
            raise self.drop("missing_title", item.url)
        if not any(p.strip() for p in item.paragraphs):
            raise self.drop("missing_body", item.url)
        missing = [name for name in OPTIONAL_FIELDS if not getattr(item, name)]
        for name in missing:
            self.count(f"missing/{name}")
        if missing:
            logger.info("%s has no %s", item.url, ", ".join(missing))
        return item
