"""CNN's 2014-2021 "zn" story template (pg-headline, zn-body__paragraph)."""

from typing import Any

from parsel import Selector

from mali_news.items import ArticleItem, Block, Link
from mali_news.parsers.common import (
    DESCEND,
    PARAGRAPH,
    SKIP,
    Metas,
    absolute,
    box_rule,
    class_rule,
    first,
    has_class,
    headline,
    root_of,
    visible_text,
    walk_blocks,
    xpath,
)
from mali_news.urls import canonical_url

LAYOUT = "zn"
# The early variant (January 2015) prints the headline as h2.pg-headline.
MARKER = xpath(f"//h1[{has_class('pg-headline')}] | //h2[{has_class('pg-headline')}]"
               f" | //*[{has_class('zn-body__paragraph')}]"
               f" | //article[{has_class('pg-rail-tall')}]")

# The story's own section first: on special-article pages itemprop=articleBody also holds
# the headline, byline and share bars.
_BODY_TEXT = xpath(f"(//section[@id='body-text'] | //*[{has_class('zn-body-text')}])[1]")
_ARTICLE_BODY = xpath(f"(//*[@itemprop='articleBody'] | //*[{has_class('pg-special-article__body')}])[1]")
_CLASSES = class_rule((
    ("zn-body__footer", "contributor_note"),
    ("el__leafmedia--editorial-note", "editor_note"),
    ("el__leafmedia--storyhighlights", SKIP),  # read by raw_highlights
    ("el__leafmedia--sourced-paragraph", DESCEND),
    ("zn-body__read-all", DESCEND),
    ("zn-body__paragraph", PARAGRAPH),
    ("el__article--embed", "link_paragraph"),
    ("el__video--standard", "video_title"),
    ("el__video--fullwidth", "video_title"),
    ("el__leafmedia--featured-video-collection", "video_title"),
    ("el__gallery--standard", "caption"),
    ("el__gallery--expandable", "caption"),
    ("el__image--fullwidth", "caption"),
    ("el__image--standard", "caption"),
    ("el__image--expandable", "caption"),
    ("el__video--expandable", "video_title"),
    ("el__leafmedia--pullquote", "promo"),  # repeats a sentence of the story
    ("el__embedded", DESCEND),  # holds one image, video or story box
))
_EDITOR_NOTE_INSIDE = xpath(f".//q[{has_class('el-editorial-note')}]")
_STORY_INSIDE = xpath(f".//*[{has_class('zn-body__paragraph')}]")
_HEADLINE = xpath(f"(//h1[{has_class('pg-headline')}] | //h2[{has_class('pg-headline')}])[1]")
_BYLINE = xpath(f"//*[{has_class('metadata__byline__author')}]")
_BYLINE_BLOCK = xpath(f"//*[{has_class('metadata__byline')}]")
_UPDATE_TIME = xpath(f"//*[{has_class('update-time')}]")
_HIGHLIGHTS = xpath(f"//li[{has_class('el__storyhighlights__item')}]")
_EMBEDS = xpath(f"//*[@id='body-text' or @itemprop='articleBody']//*[{has_class('el__article--embed')}]")
_EMBED_TITLE = xpath(f".//*[{has_class('el__storyelement__title')}]//a[@href]"
                     f" | .//*[{has_class('el__storyelement__header')}]//a[@href]")
_EMBED_ANY = xpath(".//a[@href]")
_IMAGE_ALT = xpath(".//img/@alt")


def matches(sel: Selector | Any) -> bool:
    return bool(MARKER(root_of(sel)))


def title(root: Any, metas: Metas | None = None) -> str:
    return headline(root, _HEADLINE, metas)


def byline(root: Any) -> str:
    # "By Jill Disis, CNN Business": the name may be plain text, so the whole text, not <a>.
    root = root_of(root)
    return visible_text(_BYLINE(root)) or visible_text(_BYLINE_BLOCK(root))


def timestamp_text(root: Any) -> str:
    return visible_text(_UPDATE_TIME(root_of(root)))


def raw_highlights(root: Any) -> list[str]:
    return [text for text in map(visible_text, _HIGHLIGHTS(root_of(root))) if text]


def _named(element: Any) -> str | None:
    found = _CLASSES(element)
    # The editor's note is a zn-body__paragraph too.
    return "editor_note" if found == PARAGRAPH and _EDITOR_NOTE_INSIDE(element) else found


_RULE = box_rule(_named, _STORY_INSIDE)


def blocks(root: Any, base_url: str) -> tuple[list[Block], list[Link]]:
    """The story section as typed blocks, with the links of its READ/WATCH paragraphs."""
    root = root_of(root)
    return walk_blocks(first(_BODY_TEXT(root) or _ARTICLE_BODY(root)), _RULE, base_url)


def embedded_links(root: Any, base_url: str) -> list[Link]:
    """Embedded story boxes between paragraphs ("el__article--embed"): related links."""
    links = []
    for box in _EMBEDS(root_of(root)):
        anchor = first(_EMBED_TITLE(box))
        if anchor is None:
            anchor = first(_EMBED_ANY(box))
        if anchor is None or not (url := absolute(base_url, anchor.get("href"))):
            continue
        text = visible_text(anchor) or visible_text(_IMAGE_ALT(anchor))
        links.append(Link(url=canonical_url(url), kind="related", href=url, anchor_text=text))
    return links


def parse(sel: Selector | Any, url: str, base_url: str = "") -> ArticleItem:
    """The page's article; links resolve against base_url (the page's <base href>) or url."""
    root = root_of(sel)
    base = base_url or url
    metas = Metas(root)
    story, body_links = blocks(root, base)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        title=title(root, metas),
        byline=byline(root),
        timestamp_text=timestamp_text(root),
        published_meta=metas.get(name="pubdate", prop="og:pubdate", itemprop="datePublished"),
        modified_meta=metas.get(name="lastmod", itemprop="dateModified"),
        raw_highlights=raw_highlights(root),
        blocks=story,
        section=metas.get(name="section", itemprop="articleSection"),
        description=metas.get(name="description", prop="og:description"),
        links=body_links + embedded_links(root, base),
    )
