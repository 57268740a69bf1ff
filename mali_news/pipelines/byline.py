"""Turn the printed byline into the ordered author list."""

from mali_news.cleaning.byline import split_byline
from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline


class BylinePipeline(CountingPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.authors = split_byline(item.byline)
        if item.byline and not item.authors:
            self.count("byline/no_person")
        self.count("byline/authors", len(item.authors))
        return item
