"""CNN's 2014-2021 "zn" story template (pg-headline, zn-body__paragraph)."""

from typing import Any

from parsel import Selector

from mali_news.items import ArticleItem, Link
from mali_news.parsers.common import (
    Metas,
    absolute,
    body_blocks,
    body_links,
    first,
    has_class,
    headline,
    not_inside,
    paragraphs,
    root_of,
    visible_text,
    xpath,
)
from mali_news.urls import canonical_url

LAYOUT = "zn"
MARKER = xpath(f"//h1[{has_class('pg-headline')}] | //*[{has_class('zn-body__paragraph')}]"
               f" | //article[{has_class('pg-rail-tall')}]")

_BODY = (f"(//*[@itemprop='articleBody'] | //*[@id='body-text']"
         f" | //*[{has_class('pg-special-article__body')}])[1]")
# Boxes inside the body whose own paragraphs are not the story's (pull quotes repeat it).
_BOXES = ("el__embedded", "el__leafmedia--pullquote", "el__article--embed", "el__gallery",
          "el__leafmedia--instagram", "el__leafmedia--twitter", "el__leafmedia--youtube")
_NOT_IN_BOX = not_inside(*_BOXES)
_PARAGRAPHS = xpath(
    f"{_BODY}//*[{has_class('zn-body__paragraph')}][not({has_class('zn-body__footer')})]"
    f"[not(.//q[{has_class('el-editorial-note')}])][{_NOT_IN_BOX}]")
_H1 = xpath(f"//h1[{has_class('pg-headline')}]")
_BYLINE = xpath(f"//*[{has_class('metadata__byline__author')}]")
_BYLINE_BLOCK = xpath(f"//*[{has_class('metadata__byline')}]")
_UPDATE_TIME = xpath(f"//*[{has_class('update-time')}]")
_HIGHLIGHTS = xpath(f"//li[{has_class('el__storyhighlights__item')}]")
_EMBEDS = xpath(f"{_BODY}//*[{has_class('el__article--embed')}]")
_EMBED_TITLE = xpath(f".//*[{has_class('el__storyelement__title')}]//a[@href]"
                     f" | .//*[{has_class('el__storyelement__header')}]//a[@href]")
_EMBED_ANY = xpath(".//a[@href]")
_IMAGE_ALT = xpath(".//img/@alt")
_EDITOR_NOTE = xpath(f"//q[{has_class('el-editorial-note')}]")


def matches(sel: Selector | Any) -> bool:
    return bool(MARKER(root_of(sel)))


def title(root: Any, metas: Metas | None = None) -> str:
    return headline(root, _H1, metas)


def byline(root: Any) -> str:
    # "By Jill Disis, CNN Business": the name may be plain text, so the whole text, not <a>.
    root = root_of(root)
    return visible_text(_BYLINE(root)) or visible_text(_BYLINE_BLOCK(root))


def timestamp_text(root: Any) -> str:
    return visible_text(_UPDATE_TIME(root_of(root)))


def raw_highlights(root: Any) -> list[str]:
    return [text for text in map(visible_text, _HIGHLIGHTS(root_of(root))) if text]


def paragraph_nodes(root: Any) -> list[Any]:
    return _PARAGRAPHS(root_of(root))


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


def editor_note(root: Any) -> str:
    return visible_text(_EDITOR_NOTE(root_of(root)))


def parse(sel: Selector | Any, url: str) -> ArticleItem:
    root = root_of(sel)
    metas = Metas(root)
    blocks = body_blocks(paragraph_nodes(root), url)
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
        paragraphs=paragraphs(blocks),
        editor_note=editor_note(root),
        section=metas.get(name="section", itemprop="articleSection"),
        description=metas.get(name="description", prop="og:description"),
        links=body_links(blocks) + embedded_links(root, url),
    )
