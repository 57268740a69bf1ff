"""CNN's 2010-2014 story template (edition.cnn.com and www.cnn.com renderings)."""

import re
from urllib.parse import urlsplit

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
from mali_news.text import normalize_space
from mali_news.urls import canonical_url

LAYOUT = "legacy"
MARKER = "//div[@id='cnnContentContainer' or contains(@class, 'cnn_storyarea')]"

_STORY = "//div[@id='cnnContentContainer' or contains(@class, 'cnn_storyarea')]"
_LEFT = "//div[contains(concat(' ', normalize-space(@class), ' '), ' cnn_strycntntlft ')]"
_RIGHT = "//div[contains(concat(' ', normalize-space(@class), ' '), ' cnn_strycntntrgt ')]"
_NOT_BODY = ("cnnEditorialNote", "cnn_strycbftrtxt")
_DOCUMENT_WRITE_RE = re.compile(r"document\.write\(\s*(['\"])(.*?)\1\s*\)")


def matches(sel: Selector) -> bool:
    return bool(sel.xpath(MARKER))


def title(sel: Selector) -> str:
    return (visible_text(sel.xpath(f"{_STORY}//h1"))
            or meta_content(sel, prop="og:title", itemprop="headline")
            or title_without_suffix(sel))


def byline(sel: Selector) -> str:
    # Script text inside .cnnByline repeats the byline ("cnnAuthor = ..."); visible text only.
    printed = visible_text(sel.xpath(f"//div[{has_class('cnnByline')}]"))
    return printed or meta_content(sel, name="author")


def timestamp_text(sel: Selector, url: str) -> str:
    node = sel.xpath(f"//div[{has_class('cnn_strytmstmp')}]")
    printed = visible_text(node)
    if printed or not node:
        return printed
    # 2010 pages write the time with a script that picks the string by host.
    written = [normalize_space(m.group(2))
               for m in _DOCUMENT_WRITE_RE.finditer(" ".join(node.xpath(".//script/text()").getall()))]
    if not written:
        return ""
    edition = (urlsplit(url).hostname or "").startswith("edition.")
    for text in written:
        if ("GMT" in text) == edition:
            return text
    return written[0]


def published_meta(sel: Selector) -> str:
    return meta_content(sel, name="pubdate", itemprop="datePublished")


def modified_meta(sel: Selector) -> str:
    return meta_content(sel, name="lastmod", itemprop="dateModified")


def raw_highlights(sel: Selector) -> list[str]:
    items = sel.xpath(f"//ul[{has_class('cnnStryHghLght')}]/li")
    return [text for text in (visible_text(li) for li in items) if text]


def _paragraph_nodes(sel: Selector) -> list[Selector]:
    excluded = " or ".join(has_class(name) for name in _NOT_BODY)
    nodes = sel.xpath(f"({_LEFT})[1]/p[not({excluded})]")
    if nodes:
        return list(nodes)
    # CNN Arabic swaps the columns and ends the story at the first divider.
    return list(sel.xpath(
        f"({_RIGHT})[1]/p[not({excluded})][not(preceding-sibling::div[{has_class('cnn_divline')}])]"))


def body_blocks(sel: Selector, base_url: str) -> list[tuple[str, Link | None]]:
    """Each body paragraph's text with the link it stands for, if it is a link paragraph."""
    return [(visible_text(p), link_paragraph(p, base_url)) for p in _paragraph_nodes(sel)]


def paragraphs(blocks: list[tuple[str, Link | None]]) -> list[str]:
    return [text for text, link in blocks if link is None]


def body_links(blocks: list[tuple[str, Link | None]]) -> list[Link]:
    return [link for _text, link in blocks if link is not None]


def editor_note(sel: Selector) -> str:
    return visible_text(sel.xpath(f"({_LEFT})[1]/p[{has_class('cnnEditorialNote')}]"))


def coverage_topic(sel: Selector) -> str:
    return visible_text(sel.xpath(f"//div[{has_class('cnn_stryspcvh3')}]"))


def coverage_links(sel: Selector, base_url: str) -> list[Link]:
    """The "Part of complete coverage on ..." box: its topic link, then each of its stories."""
    links: list[Link] = []
    hub = sel.xpath(f"//div[{has_class('cnn_stryspcvh3')}]//a[@href]")
    if hub and (url := absolute(base_url, hub[0].attrib.get("href"))):
        links.append(Link(url=canonical_url(url), kind="coverage_hub", href=url,
                          anchor_text=visible_text(hub[0]) or coverage_topic(sel)))
    for box in sel.xpath(f"//div[{has_class('cnn_stryspcvbx')}]"):
        anchor = box.xpath(f".//div[{has_class('cnn_stryscbx1')}]/div[not(@class)]//a[@href]")
        if not anchor or not (url := absolute(base_url, anchor[0].attrib.get("href"))):
            continue
        links.append(Link(
            url=canonical_url(url),
            kind="complete_coverage",
            href=url,
            anchor_text=visible_text(anchor[0]),
            teaser=visible_text(box.xpath(f".//div[{has_class('cnn_stryscbx4')}]")),
            listed_text=visible_text(box.xpath(f".//div[{has_class('cnn_stryscbx2')}]")),
        ))
    return links


def parse(sel: Selector, url: str) -> ArticleItem:
    blocks = body_blocks(sel, url)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        title=title(sel),
        byline=byline(sel),
        timestamp_text=timestamp_text(sel, url),
        published_meta=published_meta(sel),
        modified_meta=modified_meta(sel),
        raw_highlights=raw_highlights(sel),
        paragraphs=paragraphs(blocks),
        editor_note=editor_note(sel),
        coverage_topic=coverage_topic(sel),
        section=meta_content(sel, name="section", itemprop="articleSection"),
        description=meta_content(sel, name="description", prop="og:description"),
        links=body_links(blocks) + coverage_links(sel, url),
    )
