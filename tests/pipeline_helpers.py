"""Build pipelines the way Scrapy does, with a real crawler and stats."""

from typing import Any

from scrapy.utils.test import get_crawler

from mali_news.items import ArticleItem, Block, Credit


def make_pipeline(cls: type, settings: dict[str, Any] | None = None) -> Any:
    crawler = get_crawler(settings_dict=settings or {})
    crawler.stats.open_spider()
    return cls.from_crawler(crawler)


def stat(pipeline: Any, key: str) -> Any:
    return pipeline.stats.get_value(f"mali_news/{key}")


def article(**fields: Any) -> ArticleItem:
    defaults: dict[str, Any] = {
        "url": "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",
        "source_url": "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",
        "layout": "legacy", "title": "Malian security forces push into rebel territory",
        "paragraphs": ["(CNN) -- Malian security forces have made their deepest gains yet."],
    }
    defaults.update(fields)
    # Shorthands: paragraphs as paragraph blocks, authors as people's credits.
    paragraphs = defaults.pop("paragraphs")
    defaults.setdefault("blocks", [Block("paragraph", text) for text in paragraphs])
    authors = defaults.pop("authors", None)
    if authors is not None:
        defaults.setdefault("credits", [Credit(name) for name in authors])
    return ArticleItem(**defaults)
