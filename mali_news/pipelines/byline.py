"""Turn the printed byline into the ordered author list."""

from mali_news.cleaning.byline import split_byline
from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline
from mali_news.text import normalize_space


class BylinePipeline(CountingPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.byline:
            item.authors = split_byline(item.byline)
        else:
            item.authors = [name for name in map(normalize_space, item.author_names) if name]
        if item.byline and not item.authors:
            self.count("byline/no_person")
        self.count("byline/authors", len(item.authors))
        return item
