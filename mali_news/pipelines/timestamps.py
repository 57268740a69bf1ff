"""Parse published and updated times into UTC; the printed text stays beside them."""

import logging

from mali_news.cleaning.timestamps import (
    parse_machine_timestamp,
    parse_printed_timestamp,
    time_on_day,
)
from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline
from mali_news.urls import date_from_url

logger = logging.getLogger(__name__)


class TimestampPipeline(CountingPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        # A blog post prints when it went up; a story, when it was last updated.
        bare = "published" if item.kind == "blog_post" else "updated"
        day = date_from_url(item.url)
        printed, kind = parse_printed_timestamp(item.timestamp_text, bare)
        if printed is None:
            # "Posted: 02:33 PM ET": a time of day, on the day the post's address gives.
            printed, kind = time_on_day(item.timestamp_text, day, bare)
        if item.timestamp_text and printed is None:
            self.count("timestamp/unparsed")
            logger.warning("Unreadable timestamp %r on %s", item.timestamp_text, item.url)
        # The printed time is what readers saw; the machine times fill in what it does not say.
        item.published_at = (parse_machine_timestamp(item.published_meta)
                             or (printed if kind == "published" else None))
        item.updated_at = (printed if kind == "updated" else None) or parse_machine_timestamp(
            item.modified_meta)
        item.published_precision = "minute" if item.published_at else ""
        if item.published_at is None and day is not None:
            # The address gives the day, not the time: say so rather than invent a midnight.
            item.published_at, item.published_precision = day, "day"
            self.count("timestamp/published_from_url")
        for link in item.links:
            # Sidebar times are when the box was rendered: they date the link, not the article.
            link.listed_at, _ = parse_printed_timestamp(link.listed_text)
        return item
