"""CNN's 2022+ story template (headline__text, article__content), also used for re-served old stories."""

from typing import Any

from parsel import Selector

from mali_news.items import ArticleItem, Link
from mali_news.parsers import structured
from mali_news.parsers.common import (
    absolute,
    has_class,
    link_paragraph,
    meta_content,
    title_without_suffix,
    visible_text,
)
from mali_news.urls import canonical_url

LAYOUT = "modern"
MARKER = f"//h1[{has_class('headline__text')}] | //div[{has_class('article__content')}]"

_CONTENT = f"(//div[{has_class('article__content')}])[1]"
_BOXES = ("related-content", "image", "video-resource", "ad-slot-dynamic", "ad-feedback-link-container")
_NOT_IN_BOX = " and ".join(f"not(ancestor::*[{has_class(name)}])" for name in _BOXES)


def matches(sel: Selector) -> bool:
    return bool(sel.xpath(MARKER))


def title(sel: Selector, ld: dict[str, Any] | None) -> str:
    return (visible_text(sel.xpath(f"//h1[{has_class('headline__text')}]"))
            or meta_content(sel, prop="og:title")
            or structured.text_value(ld, "headline")
            or title_without_suffix(sel))


def byline(sel: Selector) -> str:
    # The printed byline holds every name (.byline__name spans, or a bare <a>); meta author
    # is empty or names someone else on these pages.
    return visible_text(sel.xpath(f"//div[{has_class('byline__names')}]"))


def author_names(ld: dict[str, Any] | None) -> list[str]:
    return structured.person_names(ld.get("author")) if ld else []


def timestamp_text(sel: Selector) -> str:
    return visible_text(sel.xpath(f"//div[{has_class('timestamp')}]"))


def published_meta(sel: Selector, ld: dict[str, Any] | None) -> str:
    return (meta_content(sel, name="article:published_time", prop="article:published_time")
            or structured.text_value(ld, "datePublished"))


def modified_meta(sel: Selector, ld: dict[str, Any] | None) -> str:
    return (meta_content(sel, name="article:modified_time", prop="article:modified_time")
            or structured.text_value(ld, "dateModified"))


def dateline(sel: Selector) -> str:
    """ "New York (CNN)" from the source element printed before the first paragraph."""
    source = sel.xpath(f"{_CONTENT}//div[{has_class('source')}]")
    if not source:
        return ""
    location = visible_text(source.xpath(f".//*[{has_class('source__location')}]"))
    credit = visible_text(source.xpath(f".//*[{has_class('source__text')}]")) or "CNN"
    return f"{location} ({credit})".strip()


def _paragraph_nodes(sel: Selector) -> list[Selector]:
    return list(sel.xpath(
        f"{_CONTENT}//*[(self::p and {has_class('paragraph')}) or (self::h2 and {has_class('subheader')})]"
        f"[{_NOT_IN_BOX}]"))


def body_blocks(sel: Selector, base_url: str) -> list[tuple[str, Link | None]]:
    return [(visible_text(p), link_paragraph(p, base_url)) for p in _paragraph_nodes(sel)]


def paragraphs(blocks: list[tuple[str, Link | None]]) -> list[str]:
    return [text for text, link in blocks if link is None and text]


def body_links(blocks: list[tuple[str, Link | None]]) -> list[Link]:
    return [link for _text, link in blocks if link is not None]


def related_links(sel: Selector, base_url: str) -> list[Link]:
    """The "related-content" boxes between paragraphs."""
    links = []
    for anchor in sel.xpath(f"{_CONTENT}//*[{has_class('related-content')}]//a[@href]"
                            f"[{has_class('related-content__link')}]"):
        url = absolute(base_url, anchor.attrib.get("href"))
        if not url:
            continue
        text = (visible_text(anchor.xpath(f".//*[{has_class('related-content__headline-text')}]"))
                or visible_text(anchor))
        links.append(Link(url=canonical_url(url), kind="related", href=url, anchor_text=text))
    return links


def parse(sel: Selector, url: str) -> ArticleItem:
    blocks = body_blocks(sel, url)
    ld = structured.news_article(sel)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        title=title(sel, ld),
        byline=byline(sel),
        author_names=author_names(ld),
        timestamp_text=timestamp_text(sel),
        published_meta=published_meta(sel, ld),
        modified_meta=modified_meta(sel, ld),
        paragraphs=paragraphs(blocks),
        dateline=dateline(sel),
        section=meta_content(sel, name="meta-section", prop="article:section"),
        description=meta_content(sel, name="description", prop="og:description"),
        links=body_links(blocks) + related_links(sel, url),
    )
