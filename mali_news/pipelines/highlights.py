"""Clean story-highlight bullets and flag the live "NEW:" ones."""

from mali_news.cleaning.highlights import clean_highlights
from mali_news.items import ArticleItem, Highlight
from mali_news.pipelines.base import CountingPipeline


class HighlightsPipeline(CountingPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.highlights = [Highlight(text, is_new) for text, is_new in
                           clean_highlights(item.raw_highlights)]
        self.count("highlights/new", sum(h.is_new for h in item.highlights))
        return item
