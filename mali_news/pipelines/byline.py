"""Turn the printed byline into ordered credits: people, staff and agencies."""

import logging

from mali_news.cleaning.byline import credits_from_names, parse_credits
from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline

logger = logging.getLogger(__name__)


class BylinePipeline(CountingPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.credits = parse_credits(item.byline) if item.byline else []
        if item.byline and not item.credits:
            self.count("byline/no_credit")
            logger.info("Byline %r of %s credits nobody", item.byline, item.url)
        if not item.credits:
            # Structured data, for pages whose byline is not printed in a known place.
            item.credits = credits_from_names(item.author_names)
        for credit in item.credits:
            self.count(f"byline/{credit.kind}")
        return item
