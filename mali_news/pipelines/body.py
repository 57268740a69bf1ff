"""Keep only story paragraphs, split off the dateline and count the words."""

from mali_news.cleaning.body import clean_paragraphs, word_count
from mali_news.items import ArticleItem
from mali_news.pipelines.base import CountingPipeline


class BodyPipeline(CountingPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        dateline, paragraphs = clean_paragraphs(item.paragraphs)
        removed = len(item.paragraphs) - len(paragraphs)
        if removed:
            self.count("body/paragraphs_removed", removed)
        if not paragraphs:
            raise self.drop("empty_body", item.url)
        item.dateline = dateline or item.dateline
        item.body = "\n\n".join(paragraphs)
        item.word_count = word_count(item.body)
        return item
