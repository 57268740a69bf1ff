"""Articles in a template no other parser knows, read from structured data (JSON-LD, metas, microdata)."""

import re
from typing import Any

from parsel import Selector

from mali_news.items import ArticleItem
from mali_news.parsers import structured
from mali_news.parsers.common import meta_content, title_without_suffix, visible_text
from mali_news.urls import canonical_url

LAYOUT = "fallback"

_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n|\r\n\s*\r\n")


MARKER = ("//script[@type='application/ld+json'][contains(., 'Article') or contains(., 'BlogPosting')]"
          " | //*[@itemprop='articleBody']"
          " | //meta[(@property='og:type' or @name='og:type') and @content='article']")


def matches(sel: Selector) -> bool:
    """An article by its structured data: a JSON-LD article, microdata body or og:type article."""
    return bool(sel.xpath(MARKER))


def title(sel: Selector, ld: dict[str, Any] | None) -> str:
    return (structured.text_value(ld, "headline") or meta_content(sel, prop="og:title")
            or meta_content(sel, itemprop="headline")
            or visible_text(sel.xpath("//*[@itemprop='headline']")) or title_without_suffix(sel))


def author_names(sel: Selector, ld: dict[str, Any] | None) -> list[str]:
    if ld and (names := structured.person_names(ld.get("author"))):
        return names
    micro = [visible_text(node) for node in sel.xpath(
        "//*[@itemprop='author']//*[@itemprop='name'] | //*[@itemprop='author'][not(*)]")]
    return [name for name in micro if name]


def published_meta(sel: Selector, ld: dict[str, Any] | None) -> str:
    return (structured.text_value(ld, "datePublished")
            or meta_content(sel, prop="article:published_time", name="pubdate",
                            itemprop="datePublished"))


def modified_meta(sel: Selector, ld: dict[str, Any] | None) -> str:
    return (structured.text_value(ld, "dateModified")
            or meta_content(sel, prop="article:modified_time", name="lastmod",
                            itemprop="dateModified"))


def paragraphs(sel: Selector, ld: dict[str, Any] | None) -> list[str]:
    """Paragraphs of the microdata body, else of the JSON-LD articleBody (split at blank lines)."""
    nodes = sel.xpath("//*[@itemprop='articleBody']//p")
    found = [text for text in (visible_text(p) for p in nodes) if text]
    if found:
        return found
    body = (ld or {}).get("articleBody")
    if isinstance(body, str):
        return [part.strip() for part in _PARAGRAPH_BREAK_RE.split(body) if part.strip()]
    return []


def parse(sel: Selector, url: str, ld: dict[str, Any] | None) -> ArticleItem:
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        title=title(sel, ld),
        author_names=author_names(sel, ld),
        published_meta=published_meta(sel, ld),
        modified_meta=modified_meta(sel, ld),
        paragraphs=paragraphs(sel, ld),
        section=meta_content(sel, name="section", prop="article:section"),
        description=meta_content(sel, name="description", prop="og:description"),
    )
