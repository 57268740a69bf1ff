"""CNN's 2022+ story template (headline__text, article__content), also used for re-served old stories."""

from typing import Any

from parsel import Selector

from mali_news.cleaning.titles import strip_site_suffix
from mali_news.items import ArticleItem, Block, Link
from mali_news.parsers import structured
from mali_news.parsers.common import (
    PARAGRAPH,
    SKIP,
    Metas,
    absolute,
    box_rule,
    class_rule,
    first,
    has_class,
    root_of,
    title_without_suffix,
    visible_text,
    walk_blocks,
    xpath,
)
from mali_news.urls import canonical_url

LAYOUT = "modern"
MARKER = xpath(f"//h1[{has_class('headline__text')}] | //div[{has_class('article__content')}]")

_CONTENT = f"(//div[{has_class('article__content')}])[1]"
_CONTENT_NODE = xpath(_CONTENT)
# Components by class; data-component-name says the same on most of them.
_CLASSES = class_rule((
    ("source", SKIP),  # the dateline, read by dateline()
    ("editor-note", "editor_note"),
    ("footnote", "contributor_note"),
    ("paragraph", PARAGRAPH),
    ("subheader", "subhead"),
    ("related-content", "link_paragraph"),
    ("video-resource", "video_title"),
    ("pull-quote", "promo"),  # repeats a sentence of the story
    ("image", "caption"),
    ("image_inline-full", "caption"),
    ("image_inline-small", "caption"),
    ("gallery-inline", "caption"),
    ("ad-slot-dynamic", "promo"),
    ("ad-feedback-link-container", "promo"),
    ("article__copyright", "promo"),
))
_COMPONENTS = {"paragraph": PARAGRAPH, "subheader": "subhead", "image": "caption",
               "video-resource": "video_title", "related-content": "link_paragraph",
               "gallery-inline": "caption", "editor-note": "editor_note"}
_STORY_INSIDE = xpath(f".//p[{has_class('paragraph')}] | .//h2[{has_class('subheader')}]"
                      " | .//li | .//blockquote")
_H1 = xpath(f"//h1[{has_class('headline__text')}]")
_BYLINE = xpath(f"//div[{has_class('byline__names')}]")
_TIMESTAMP = xpath(f"//div[{has_class('timestamp')}]")
_SOURCE = xpath(f"{_CONTENT}//div[{has_class('source')}]")
_LOCATION = xpath(f".//*[{has_class('source__location')}]")
_CREDIT = xpath(f".//*[{has_class('source__text')}]")
_RELATED = xpath(f"{_CONTENT}//*[{has_class('related-content')}]"
                 f"//a[@href][{has_class('related-content__link')}]")
_RELATED_TITLE = xpath(f".//*[{has_class('related-content__headline-text')}]")


def matches(sel: Selector | Any) -> bool:
    return bool(MARKER(root_of(sel)))


def title(root: Any, metas: Metas, ld: dict[str, Any] | None) -> str:
    return (visible_text(_H1(root))
            or strip_site_suffix(metas.get(prop="og:title") or structured.text_value(ld, "headline"))
            or title_without_suffix(root))


def byline(root: Any) -> str:
    # The printed byline holds every name (.byline__name spans, or a bare <a>); meta author
    # is empty or names someone else on these pages.
    return visible_text(_BYLINE(root_of(root)))


def author_names(ld: dict[str, Any] | None) -> list[str]:
    return structured.person_names(ld.get("author")) if ld else []


def timestamp_text(root: Any) -> str:
    return visible_text(_TIMESTAMP(root_of(root)))


def published_meta(metas: Metas, ld: dict[str, Any] | None) -> str:
    return (metas.get(name="article:published_time", prop="article:published_time")
            or structured.text_value(ld, "datePublished"))


def modified_meta(metas: Metas, ld: dict[str, Any] | None) -> str:
    return (metas.get(name="article:modified_time", prop="article:modified_time")
            or structured.text_value(ld, "dateModified"))


def dateline(root: Any) -> str:
    """ "New York (CNN)" from the source element printed before the first paragraph."""
    source = first(_SOURCE(root_of(root)))
    if source is None:
        return ""
    location = visible_text(_LOCATION(source))
    credit = visible_text(_CREDIT(source)) or "CNN"
    return f"{location} ({credit})".strip()


def _named(element: Any) -> str | None:
    return _CLASSES(element) or _COMPONENTS.get(element.get("data-component-name") or "")


_RULE = box_rule(_named, _STORY_INSIDE)


def blocks(root: Any, base_url: str) -> tuple[list[Block], list[Link]]:
    """The article__content components as typed blocks."""
    return walk_blocks(first(_CONTENT_NODE(root_of(root))), _RULE, base_url)


def related_links(root: Any, base_url: str) -> list[Link]:
    """The "related-content" boxes between paragraphs."""
    links = []
    for anchor in _RELATED(root_of(root)):
        url = absolute(base_url, anchor.get("href"))
        if not url:
            continue
        text = visible_text(_RELATED_TITLE(anchor)) or visible_text(anchor)
        links.append(Link(url=canonical_url(url), kind="related", href=url, anchor_text=text))
    return links


def parse(sel: Selector | Any, url: str, base_url: str = "") -> ArticleItem:
    """The page's article; links resolve against base_url (the page's <base href>) or url."""
    root = root_of(sel)
    base = base_url or url
    metas = Metas(root)
    ld = structured.news_article(root)
    story, body_links = blocks(root, base)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        title=title(root, metas, ld),
        byline=byline(root),
        author_names=author_names(ld),
        timestamp_text=timestamp_text(root),
        published_meta=published_meta(metas, ld),
        modified_meta=modified_meta(metas, ld),
        blocks=story,
        dateline=dateline(root),
        section=metas.get(name="meta-section", prop="article:section"),
        description=metas.get(name="description", prop="og:description"),
        links=body_links + related_links(root, base),
    )
