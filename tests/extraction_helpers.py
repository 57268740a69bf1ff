"""Run a page through its parser and the cleaning pipelines, as the crawl does."""

import re
from collections import Counter

from scrapy.utils.test import get_crawler

from mali_news.items import ArticleItem
from mali_news.parsers import page_root, parse_page
from mali_news.pipelines.body import BodyPipeline
from mali_news.pipelines.byline import BylinePipeline
from mali_news.pipelines.highlights import HighlightsPipeline
from mali_news.pipelines.timestamps import TimestampPipeline
from mali_news.pipelines.validate import ValidationPipeline

CLEANING = (ValidationPipeline, BylinePipeline, HighlightsPipeline, BodyPipeline, TimestampPipeline)


def extract(response) -> ArticleItem:
    """The cleaned article a crawl would store from this response."""
    page = parse_page(page_root(response), response.url)
    assert page is not None and page.article is not None, f"no article at {response.url}"
    return clean(page.article)


def clean(item: ArticleItem) -> ArticleItem:
    """A parser's article after the cleaning pipelines."""
    crawler = get_crawler()
    crawler.stats.open_spider()
    for cls in CLEANING:
        item = cls.from_crawler(crawler).process_item(item)
    return item


def token_f1(ours: str, reference: str) -> float:
    tokens = lambda text: Counter(re.findall(r"\w+", text.lower()))  # noqa: E731
    a, b = tokens(ours), tokens(reference)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


# A dateline at the start of a paragraph ("Havana, Cuba (CNN) -- ", "(CNN)"), set aside when story
# text is compared with the benchmark author's corrected text.
DATELINE_RE = re.compile(r"^[^()]{0,60}\(CNN\)\s*(?:--)?\s*")


def corrected(path) -> tuple[str, list[str]]:
    """(headline, story paragraphs) of a corrected/<name>.txt of ../shared: the byline, the printed
    time and the contributor line set aside, and datelines taken off."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    story = [DATELINE_RE.sub("", line) for line in lines[1:]
             if not line.startswith("By ") and not (len(line) < 60 and re.search(r"\b(?:EST|ET|GMT)\b", line))
             and "contributed to this report" not in line]
    return lines[0], story
