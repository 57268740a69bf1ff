"""Extraction: pick the page's CNN layout from a cheap marker, then run that layout's parser."""

from dataclasses import dataclass, field

from parsel import Selector

from mali_news.items import ArticleItem
from mali_news.parsers import hub, legacy


@dataclass
class Page:
    """What a page offers the crawl: an article to store (or not) and links to follow."""

    layout: str
    title: str
    article: ArticleItem | None = None
    follow: list[str] = field(default_factory=list)
    # Text the topic rule reads: title, highlights and body, or a hub's link texts.
    topic_text: str = ""


def detect_layout(sel: Selector, url: str) -> str | None:
    """The layout name for a page, or None when no parser knows it."""
    if legacy.matches(sel):
        return legacy.LAYOUT
    if hub.matches(sel, url):
        return hub.LAYOUT
    return None


def parse_page(sel: Selector, url: str) -> Page | None:
    layout = detect_layout(sel, url)
    if layout == legacy.LAYOUT:
        article = legacy.parse(sel, url)
        return Page(
            layout=layout,
            title=article.title,
            article=article,
            follow=[link.href for link in article.links],
            topic_text="\n".join([article.title, *article.raw_highlights, *article.paragraphs]),
        )
    if layout == hub.LAYOUT:
        links = hub.article_links(sel, url)
        title = hub.title(sel)
        return Page(layout=layout, title=title, follow=[u for u, _ in links],
                    topic_text="\n".join([title, *(text for _, text in links)]))
    return None
