"""Parse published and updated times into UTC; the printed text stays beside them."""

import logging

from mali_news.cleaning.timestamps import (
    date_from_url,
    parse_iso_timestamp,
    parse_printed_timestamp,
)
from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline

logger = logging.getLogger(__name__)


class TimestampPipeline(CountingPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        printed, kind = parse_printed_timestamp(item.timestamp_text)
        if item.timestamp_text and printed is None:
            self.count("timestamp/unparsed")
            logger.warning("Unreadable timestamp %r on %s", item.timestamp_text, item.url)
        # The printed time is what readers saw; the metas fill in what it does not say.
        item.published_at = (parse_iso_timestamp(item.published_meta)
                             or (printed if kind == "published" else None))
        item.updated_at = (printed if kind == "updated" else None) or parse_iso_timestamp(
            item.modified_meta)
        item.published_precision = "minute" if item.published_at else ""
        if item.published_at is None and (day := date_from_url(item.url)):
            # The address gives the day, not the time: say so rather than invent a midnight.
            item.published_at, item.published_precision = day, "day"
            self.count("timestamp/published_from_url")
        for link in item.links:
            # Sidebar times are when the box was rendered: they date the link, not the article.
            link.listed_at, _ = parse_printed_timestamp(link.listed_text)
        return item
