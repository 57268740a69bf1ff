"""Articles in a template no other parser knows, read from structured data (JSON-LD, metas, microdata)."""

import re
from typing import Any

from parsel import Selector

from mali_news.items import ArticleItem
from mali_news.parsers import structured
from mali_news.parsers.common import Metas, root_of, title_without_suffix, visible_text, xpath
from mali_news.urls import canonical_url

LAYOUT = "fallback"
MARKER = xpath("//script[@type='application/ld+json'][contains(., 'Article') or contains(., 'BlogPosting')]"
               " | //*[@itemprop='articleBody']"
               " | //meta[(@property='og:type' or @name='og:type') and @content='article']")

_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n|\r\n\s*\r\n")
_HEADLINE = xpath("//*[@itemprop='headline']")
_MICRO_AUTHORS = xpath("//*[@itemprop='author']//*[@itemprop='name'] | //*[@itemprop='author'][not(*)]")
_MICRO_PARAGRAPHS = xpath("//*[@itemprop='articleBody']//p")


def matches(sel: Selector | Any) -> bool:
    """An article by its structured data: a JSON-LD article, microdata body or og:type article."""
    return bool(MARKER(root_of(sel)))


def title(root: Any, metas: Metas, ld: dict[str, Any] | None) -> str:
    return (structured.text_value(ld, "headline") or metas.get(prop="og:title")
            or metas.get(itemprop="headline") or visible_text(_HEADLINE(root))
            or title_without_suffix(root))


def author_names(root: Any, ld: dict[str, Any] | None) -> list[str]:
    if ld and (names := structured.person_names(ld.get("author"))):
        return names
    return [name for name in map(visible_text, _MICRO_AUTHORS(root)) if name]


def published_meta(metas: Metas, ld: dict[str, Any] | None) -> str:
    return (structured.text_value(ld, "datePublished")
            or metas.get(prop="article:published_time", name="pubdate", itemprop="datePublished"))


def modified_meta(metas: Metas, ld: dict[str, Any] | None) -> str:
    return (structured.text_value(ld, "dateModified")
            or metas.get(prop="article:modified_time", name="lastmod", itemprop="dateModified"))


def paragraphs(root: Any, ld: dict[str, Any] | None) -> list[str]:
    """Paragraphs of the microdata body, else of the JSON-LD articleBody (split at blank lines)."""
    found = [text for text in map(visible_text, _MICRO_PARAGRAPHS(root)) if text]
    if found:
        return found
    body = (ld or {}).get("articleBody")
    if isinstance(body, str):
        return [part.strip() for part in _PARAGRAPH_BREAK_RE.split(body) if part.strip()]
    return []


def parse(sel: Selector | Any, url: str, ld: dict[str, Any] | None) -> ArticleItem:
    root = root_of(sel)
    metas = Metas(root)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        title=title(root, metas, ld),
        author_names=author_names(root, ld),
        published_meta=published_meta(metas, ld),
        modified_meta=modified_meta(metas, ld),
        paragraphs=paragraphs(root, ld),
        section=metas.get(name="section", prop="article:section"),
        description=metas.get(name="description", prop="og:description"),
    )
