"""Extraction: pick the page's CNN layout from a cheap marker, then run that layout's parser."""

import logging
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from parsel import Selector
from scrapy.http import TextResponse

from mali_news.items import ArticleItem
from mali_news.parsers import fallback, hub, legacy, modern, structured, zn
from mali_news.parsers.common import root_of, title_without_suffix
from mali_news.urls import url_kind

logger = logging.getLogger(__name__)

# Pages known by their address alone: never stored, never followed.
NON_ARTICLE_KINDS = frozenset({"video", "gallery", "out_of_scope"})
# CNN's story templates, oldest first; each parser's MARKER tells its pages apart.
ARTICLE_PARSERS = (legacy, zn, modern)


@dataclass
class Page:
    """What a page offers the crawl: an article to store (or not) and links to follow."""

    layout: str
    title: str
    article: ArticleItem | None = None
    follow: list[str] = field(default_factory=list)
    # Text the topic rule reads: title, highlights and body, or a hub's link texts.
    topic_text: str = ""


def page_root(response: TextResponse) -> Any:
    """The page's lxml tree, parsed straight from the response's bytes: Scrapy's
    response.selector would decode them to text and parsel encode that text back to bytes."""
    parser = etree.HTMLParser(encoding=response.encoding, recover=True, huge_tree=True)
    root = etree.fromstring(response.body, parser=parser)
    # An empty or unparseable body: an empty document rather than None.
    return root if root is not None else etree.fromstring(b"<html/>", parser=parser)


def detect_layout(sel: Selector | Any, url: str) -> str | None:
    """The layout name for a page ("legacy", "zn", "modern", "hub", "fallback", or a
    non-article kind: "video", "gallery", "out_of_scope"), or None when nothing fits."""
    kind = url_kind(url)
    if kind in NON_ARTICLE_KINDS:
        return kind
    for parser in ARTICLE_PARSERS:
        if parser.matches(sel):
            return parser.LAYOUT
    if hub.matches(sel, url):
        return hub.LAYOUT
    if fallback.matches(sel):
        return fallback.LAYOUT
    return None


def _article_page(article: ArticleItem) -> Page:
    return Page(
        layout=article.layout,
        title=article.title,
        article=article,
        follow=[link.href for link in article.links if link.href],
        topic_text="\n".join([article.title, *article.raw_highlights, *article.paragraphs]),
    )


def parse_page(sel: Selector | Any, url: str) -> Page | None:
    """What the page offers, from a parsel Selector or an lxml root element."""
    sel = root_of(sel)
    layout = detect_layout(sel, url)
    if layout is None:
        return None
    for parser in ARTICLE_PARSERS:
        if layout == parser.LAYOUT:
            return _article_page(parser.parse(sel, url))
    if layout == hub.LAYOUT:
        links = hub.article_links(sel, url)
        title = hub.title(sel)
        return Page(layout=layout, title=title, follow=[u for u, _ in links],
                    topic_text="\n".join([title, *(text for _, text in links)]))
    if layout == fallback.LAYOUT:
        logger.warning("Unknown CNN template at %s: stored from its structured data", url)
        return _article_page(fallback.parse(sel, url, structured.news_article(sel)))
    return Page(layout=layout, title=title_without_suffix(sel))
