"""CNN's 2010-2014 story template (edition.cnn.com and www.cnn.com renderings)."""

import re
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from mali_news.cleaning.text import normalize_space
from mali_news.items import ArticleItem, Block, Link
from mali_news.parsers.common import (
    SKIP,
    STOP,
    Metas,
    absolute,
    class_rule,
    classes,
    first,
    has_class,
    headline,
    root_of,
    tag_action,
    visible_text,
    walk_blocks,
    xpath,
)
from mali_news.urls import canonical_url

LAYOUT = "legacy"
_STORY = f"//div[@id='cnnContentContainer' or {has_class('cnn_storyarea')}]"
MARKER = xpath(_STORY)
_H1 = xpath(f"{_STORY}//h1")
_BYLINE = xpath(f"//div[{has_class('cnnByline')}]")
_TIMESTAMP = xpath(f"//div[{has_class('cnn_strytmstmp')}]")
_SCRIPTS = xpath(".//script/text()")
_HIGHLIGHTS = xpath(f"//ul[{has_class('cnnStryHghLght')}]/li")
_LEFT = xpath(f"(//div[{has_class('cnn_strycntntlft')}])[1]")
# CNN Arabic swaps the columns: its story is in the right one.
_RIGHT = xpath(f"(//div[{has_class('cnn_strycntntrgt')}])[1]")
_HAS_HIGHLIGHTS = xpath(f".//ul[{has_class('cnnStryHghLght')}]")
_HAS_IMAGE = xpath(".//img")
# The column's own paragraphs; every box in it is something else (LAYOUTS.md, legacy junk).
_CLASSES = class_rule((
    ("cnnEditorialNote", "editor_note"),
    ("cnn_strycbftrtxt", "contributor_note"),
    ("cnn_divline", STOP),
    ("cnnStryVidCont", "video_title"),
    ("cnn_strylftcexpbx", "video_title"),
    ("cnnGalleryContainer", "caption"),
    ("cnn_html_slideshow", "caption"),
    ("cnnExplainer", "caption"),
    ("cnn_stryshrwdgtbtm", "promo"),
    ("cnn_strybtntoolsbttm", "promo"),
    ("cnn_strybtmcntnt", "promo"),
))
_TOPIC = xpath(f"//div[{has_class('cnn_stryspcvh3')}]")
_TOPIC_LINK = xpath(f"//div[{has_class('cnn_stryspcvh3')}]//a[@href]")
_COVERAGE_BOXES = xpath(f"//div[{has_class('cnn_stryspcvbx')}]")
_BOX_LINK = xpath(f".//div[{has_class('cnn_stryscbx1')}]/div[not(@class)]//a[@href]")
_BOX_TEASER = xpath(f".//div[{has_class('cnn_stryscbx4')}]")
_BOX_TIME = xpath(f".//div[{has_class('cnn_stryscbx2')}]")
_DOCUMENT_WRITE_RE = re.compile(r"document\.write\(\s*(['\"])(.*?)\1\s*\)")
# 2010 pages keep the first publication in a script: cnnFirstPub = new Date('Tue Feb 02 ...').
# In the head on every 2010 page seen; the body's many scripts are read only when it is not.
_FIRST_PUB_SCRIPTS = (xpath("/html/head/script[contains(., 'cnnFirstPub')]/text()"),
                      xpath("/html/body//script[contains(., 'cnnFirstPub')]/text()"))
_FIRST_PUB_RE = re.compile(r"cnnFirstPub\s*=\s*new\s+Date\(\s*(['\"])(?P<date>[^'\"]+)\1\s*\)")


def matches(sel: Selector | Any) -> bool:
    return bool(MARKER(root_of(sel)))


def title(root: Any, metas: Metas | None = None) -> str:
    return headline(root, _H1, metas)


def byline(root: Any, metas: Metas | None = None) -> str:
    # Script text inside .cnnByline repeats the byline ("cnnAuthor = ..."); visible text only.
    root = root_of(root)
    return visible_text(_BYLINE(root)) or (metas or Metas(root)).get(name="author")


def timestamp_text(root: Any, url: str) -> str:
    node = first(_TIMESTAMP(root_of(root)))
    printed = visible_text(node)
    if printed or node is None:
        return printed
    # 2010 pages write the time with a script that picks the string by host.
    written = [normalize_space(m.group(2))
               for m in _DOCUMENT_WRITE_RE.finditer(" ".join(_SCRIPTS(node)))]
    if not written:
        return ""
    edition = (urlsplit(url).hostname or "").startswith("edition.")
    for text in written:
        if ("GMT" in text) == edition:
            return text
    return written[0]


def published_meta(root: Any, metas: Metas) -> str:
    """The machine-written first publication: the pubdate meta (2012+), else the Date a 2010
    page's script sets."""
    if found := metas.get(name="pubdate", itemprop="datePublished"):
        return found
    for scripts in _FIRST_PUB_SCRIPTS:
        for script in scripts(root_of(root)):
            if m := _FIRST_PUB_RE.search(script):
                return normalize_space(m["date"])
    return ""


def raw_highlights(root: Any) -> list[str]:
    return [text for text in map(visible_text, _HIGHLIGHTS(root_of(root))) if text]


def _rule(element: Any) -> str:
    found = _CLASSES(element)
    if found:
        return found
    if element.tag == "a" and element.get("name") is not None:
        return SKIP
    action = tag_action(element)
    if action is not None:
        return action
    if _HAS_HIGHLIGHTS(element):
        return SKIP  # read by raw_highlights
    # A photo box (image and caption), or an ad, a "related topics" list, a share widget.
    return "caption" if "cnn_strylftcntnt" in classes(element) and _HAS_IMAGE(element) else "promo"


def blocks(root: Any, base_url: str) -> tuple[list[Block], list[Link]]:
    """The story column as typed blocks, with the links of its link paragraphs."""
    root = root_of(root)
    for column in (*_LEFT(root), *_RIGHT(root)):
        found, links = walk_blocks(column, _rule, base_url)
        if any(block.in_story for block in found):
            return found, links
    return [], []


def coverage_topic(root: Any) -> str:
    return visible_text(_TOPIC(root))


def coverage_links(root: Any, base_url: str) -> list[Link]:
    """The "Part of complete coverage on ..." box: its topic link, then each of its stories."""
    links: list[Link] = []
    hub = first(_TOPIC_LINK(root))
    if hub is not None and (url := absolute(base_url, hub.get("href"))):
        links.append(Link(url=canonical_url(url), kind="coverage_hub", href=url,
                          anchor_text=visible_text(hub) or coverage_topic(root)))
    for box in _COVERAGE_BOXES(root):
        anchor = first(_BOX_LINK(box))
        if anchor is None or not (url := absolute(base_url, anchor.get("href"))):
            continue
        links.append(Link(url=canonical_url(url), kind="complete_coverage", href=url,
                          anchor_text=visible_text(anchor), teaser=visible_text(_BOX_TEASER(box)),
                          listed_text=visible_text(_BOX_TIME(box))))
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
        byline=byline(root, metas),
        timestamp_text=timestamp_text(root, url),
        published_meta=published_meta(root, metas),
        modified_meta=metas.get(name="lastmod", itemprop="dateModified"),
        raw_highlights=raw_highlights(root),
        blocks=story,
        coverage_topic=coverage_topic(root),
        section=metas.get(name="section", itemprop="articleSection"),
        description=metas.get(name="description", prop="og:description"),
        links=body_links + coverage_links(root, base),
    )
