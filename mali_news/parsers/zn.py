"""CNN's 2014-2021 "zn" story template (pg-headline, zn-body__paragraph)."""

from parsel import Selector

from mali_news.items import ArticleItem, Link
from mali_news.parsers.common import (
    absolute,
    has_class,
    link_paragraph,
    meta_content,
    title_without_suffix,
    visible_text,
)
from mali_news.urls import canonical_url

LAYOUT = "zn"
MARKER = (f"//h1[{has_class('pg-headline')}] | //*[{has_class('zn-body__paragraph')}]"
          f" | //article[{has_class('pg-rail-tall')}]")

_BODY = (f"(//*[@itemprop='articleBody'] | //*[@id='body-text']"
         f" | //*[{has_class('pg-special-article__body')}])[1]")
# Boxes inside the body whose own paragraphs are not the story's (pull quotes repeat it).
_BOXES = ("el__embedded", "el__leafmedia--pullquote", "el__article--embed", "el__gallery",
          "el__leafmedia--instagram", "el__leafmedia--twitter", "el__leafmedia--youtube")
_NOT_IN_BOX = " and ".join(f"not(ancestor::*[{has_class(name)}])" for name in _BOXES)


def matches(sel: Selector) -> bool:
    return bool(sel.xpath(MARKER))


def title(sel: Selector) -> str:
    return (visible_text(sel.xpath(f"//h1[{has_class('pg-headline')}]"))
            or meta_content(sel, prop="og:title", itemprop="headline")
            or title_without_suffix(sel))


def byline(sel: Selector) -> str:
    # "By Jill Disis, CNN Business": the name may be plain text, so the whole text, not <a>.
    return visible_text(sel.xpath(f"//*[{has_class('metadata__byline__author')}]")) or visible_text(
        sel.xpath(f"//*[{has_class('metadata__byline')}]"))


def timestamp_text(sel: Selector) -> str:
    return visible_text(sel.xpath(f"//*[{has_class('update-time')}]"))


def published_meta(sel: Selector) -> str:
    return meta_content(sel, name="pubdate", prop="og:pubdate", itemprop="datePublished")


def modified_meta(sel: Selector) -> str:
    return meta_content(sel, name="lastmod", itemprop="dateModified")


def raw_highlights(sel: Selector) -> list[str]:
    items = sel.xpath(f"//li[{has_class('el__storyhighlights__item')}]")
    return [text for text in (visible_text(li) for li in items) if text]


def _paragraph_nodes(sel: Selector) -> list[Selector]:
    return list(sel.xpath(
        f"{_BODY}//*[{has_class('zn-body__paragraph')}][not({has_class('zn-body__footer')})]"
        f"[not(.//q[{has_class('el-editorial-note')}])][{_NOT_IN_BOX}]"))


def body_blocks(sel: Selector, base_url: str) -> list[tuple[str, Link | None]]:
    return [(visible_text(p), link_paragraph(p, base_url)) for p in _paragraph_nodes(sel)]


def paragraphs(blocks: list[tuple[str, Link | None]]) -> list[str]:
    return [text for text, link in blocks if link is None and text]


def body_links(blocks: list[tuple[str, Link | None]]) -> list[Link]:
    return [link for _text, link in blocks if link is not None]


def embedded_links(sel: Selector, base_url: str) -> list[Link]:
    """Embedded story boxes between paragraphs ("el__article--embed"): related links."""
    links = []
    for box in sel.xpath(f"{_BODY}//*[{has_class('el__article--embed')}]"):
        anchor = box.xpath(f".//*[{has_class('el__storyelement__title')}]//a[@href]"
                           f" | .//*[{has_class('el__storyelement__header')}]//a[@href]")
        anchor = anchor or box.xpath(".//a[@href]")
        if not anchor or not (url := absolute(base_url, anchor[0].attrib.get("href"))):
            continue
        text = visible_text(anchor[0]) or visible_text(anchor[0].xpath(".//img/@alt"))
        links.append(Link(url=canonical_url(url), kind="related", href=url, anchor_text=text))
    return links


def editor_note(sel: Selector) -> str:
    return visible_text(sel.xpath(f"//q[{has_class('el-editorial-note')}]"))


def parse(sel: Selector, url: str) -> ArticleItem:
    blocks = body_blocks(sel, url)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        title=title(sel),
        byline=byline(sel),
        timestamp_text=timestamp_text(sel),
        published_meta=published_meta(sel),
        modified_meta=modified_meta(sel),
        raw_highlights=raw_highlights(sel),
        paragraphs=paragraphs(blocks),
        editor_note=editor_note(sel),
        section=meta_content(sel, name="section", itemprop="articleSection"),
        description=meta_content(sel, name="description", prop="og:description"),
        links=body_links(blocks) + embedded_links(sel, url),
    )
