"""Extraction: pick the page's CNN layout from a cheap marker, then run that layout's parser."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector
from scrapy.http import TextResponse
from scrapy.statscollectors import StatsCollector

from mali_news.cleaning.decoding import declared_encoding, decode_page, is_utf8
from mali_news.cleaning.timestamps import parse_machine_timestamp, parse_printed_timestamp
from mali_news.items import ArticleItem
from mali_news.ledger import GIVEN_UP
from mali_news.meta import ADDRESSES, CAPTURE, FAILURE
from mali_news.parsers import blog, fallback, hub, legacy, modern, structured, transcript, zn
from mali_news.parsers.common import canonical_addresses, document_base, root_of, title_without_suffix
from mali_news.urls import (
    OTHER_PUBLICATIONS,
    canonical_url,
    date_from_url,
    is_cnn_host,
    publication_of,
    url_kind,
)

logger = logging.getLogger(__name__)

# Pages known by their address alone: never stored, never followed.
NON_ARTICLE_KINDS = frozenset({"video", "gallery", "out_of_scope"})
# Addresses of pages that are stored: a page may name one of them as its own.
STORED_KINDS = frozenset({"article", "blog_post", "transcript"})
# A front page or section an archive served under a story's address: the story failed, not dropped.
NOT_THE_STORY = "not_the_story"
# CNN's story templates, oldest first; each parser's MARKER tells its pages apart.
ARTICLE_PARSERS = (transcript, blog, legacy, zn, modern)


@dataclass
class Page:
    """What a page offers the crawl: an article to store (or not) and links to follow."""

    layout: str
    title: str
    article: ArticleItem | None = None
    follow: list[str] = field(default_factory=list)
    # Text the topic rule reads beside the title: highlights and body, or a hub's link texts.
    topic_text: str = ""
    # When the page was published, as far as it says (for the date window); None if unknown.
    published: datetime | None = None


class UnparsablePage(ValueError):
    """libxml2 gave up part way through the page (nesting too deep, say): what it kept may
    lack story text, so the page is not read at all rather than read in part. Never raised
    for the page's encoding: decode_page() reads any bytes."""


@dataclass(frozen=True)
class Tree:
    """A page's lxml tree, the encoding its bytes were read in, and what decoding met."""

    root: Any
    encoding: str
    events: tuple[str, ...] = ()


def _parse(raw: bytes) -> tuple[Any, bool]:
    """(lxml tree of UTF-8 bytes, whether libxml2 met bytes that are not UTF-8)."""
    parser = etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True)
    root = etree.fromstring(raw, parser=parser)
    # Older libxml2 stops at such a byte (FATAL), newer ones replace it: either way the bytes
    # are read again by decode_page().
    invalid = any(entry.type_name == "ERR_INVALID_ENCODING" for entry in parser.error_log)
    fatal = [entry for entry in parser.error_log if entry.level_name == "FATAL"]
    if fatal and not invalid:
        raise UnparsablePage(f"the HTML parser stopped at line {fatal[0].line}: "
                             f"{fatal[0].message.strip()}")
    # An empty or unparseable body: an empty document rather than None.
    return (root if root is not None else etree.fromstring(b"<html/>", parser=parser)), invalid


def page_tree(response: TextResponse) -> Tree:
    """The page's tree, parsed from UTF-8 bytes so libxml2 never meets a byte its codec cannot
    map: the body itself when it is ASCII or declared UTF-8 and is (libxml2 checks as it
    parses), else the text decode_page() works out from the bytes, encoded again."""
    body = response.body
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    if b"\x00" not in body and (body.isascii() or is_utf8(declared_encoding(body, content_type))):
        root, invalid = _parse(body)
        if not invalid:
            return Tree(root, "utf-8")
    decoded = decode_page(body, content_type)
    root, _invalid = _parse(body if decoded.utf8_body else decoded.text.encode("utf-8"))
    return Tree(root, decoded.encoding, decoded.events)


def page_root(response: TextResponse) -> Any:
    """The page's lxml tree (see page_tree)."""
    return page_tree(response).root


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


def _has_story(article: ArticleItem) -> bool:
    return any(block.in_story and block.text for block in article.blocks)


def _fall_through(article: ArticleItem, root: Any, url: str, base: str) -> ArticleItem:
    """The fallback's reading of a page whose template parser found a title but no story;
    what the template parser did find fills the fields the fallback leaves empty."""
    found = fallback.parse(root, url, structured.news_article(root), base)
    if not _has_story(found):
        return article
    logger.warning("No story text where the %s template keeps it at %s: stored from the "
                   "fallback's reading of the page", article.layout, url)
    for name in ("title", "byline", "timestamp_text", "published_meta", "modified_meta",
                 "raw_highlights", "coverage_topic", "section", "description", "dateline"):
        if not getattr(found, name) and getattr(article, name):
            setattr(found, name, getattr(article, name))
    found.author_names = found.author_names or article.author_names
    found.links = found.links + [link for link in article.links if link not in found.links]
    return found


def _identify(article: ArticleItem, root: Any) -> ArticleItem:
    """One key per story: the page's own rel=canonical or og:url wins over the address it was
    fetched under, when it names a CNN story; every address is kept."""
    # Only story addresses: a page naming a front page or a hub as its own must not become it.
    named = [url for url in canonical_addresses(root, article.source_url)
             if url_kind(url) in STORED_KINDS]
    article.addresses = list(dict.fromkeys([article.source_url, *named]))
    if named:
        article.url = canonical_url(named[0])
    return article


def _published(article: ArticleItem) -> datetime | None:
    printed, _kind = parse_printed_timestamp(article.timestamp_text)
    return (parse_machine_timestamp(article.published_meta) or parse_machine_timestamp(article.modified_meta)
            or printed or date_from_url(article.url))


def _article_page(article: ArticleItem) -> Page:
    return Page(
        layout=article.layout,
        title=article.title,
        article=article,
        follow=[link.href for link in article.links if link.href],
        topic_text="\n".join([*article.raw_highlights, *article.paragraphs]),
        published=_published(article),
    )


def read_page(response: TextResponse, stats: StatsCollector,
              other_publications: Sequence[str] = OTHER_PUBLICATIONS) -> Page | None:
    """What a fetched page offers (a story with the addresses and capture it was fetched under),
    counted by layout; None, counted and logged, when no parser
    can read it or it is another publication's (the reason is left in the request's meta for
    whoever records what was left)."""
    if publication := publication_of(response.url, other_publications):
        # Another publication on a cnn.com host (a redirect may lead there): not CNN's news.
        stats.inc_value("mali_news/dropped/other_publication")
        logger.info("Not CNN's news (%s), not stored: %s", publication, response.url)
        _left(response, "other_publication")
        return None
    try:
        tree = page_tree(response)
        for event in tree.events:
            stats.inc_value(f"mali_news/encoding/{event}")
        if tree.events:
            logger.info("Encoding of %s: %s (read as %s)", response.url, ", ".join(tree.events),
                        tree.encoding)
        page = parse_page(tree.root, response.url)
    except UnparsablePage as exc:
        stats.inc_value("mali_news/dropped/unparsable")
        logger.warning("Unparsable page, not stored: %s (%s)", response.url, exc)
        _left(response, "unparsable")
        return None
    if page is None:
        stats.inc_value("mali_news/pages/unknown_layout")
        stats.inc_value("mali_news/dropped/unknown_layout")
        logger.warning("No parser recognises the layout of %s", response.url)
        _left(response, "unknown_layout")
        return None
    if page.layout == hub.LAYOUT and url_kind(response.url) in STORED_KINDS:
        # A front page or section served under a story's address (a story taken down, a
        # capture of the redirect's end): not the story, and no hub of the crawl's either.
        stats.inc_value("mali_news/pages/not_the_story")
        # The archive's copy failed to give the story (a later capture may): failed, not dropped.
        stats.inc_value(f"{GIVEN_UP}{NOT_THE_STORY}")
        logger.warning("A front page or section, not the story, under %s: not read", response.url)
        _left(response, NOT_THE_STORY)
        return None
    stats.inc_value(f"mali_news/pages/{page.layout}")
    if page.article is not None:
        _add_origin(page.article, response)
    return page


def _left(response: TextResponse, reason: str) -> None:
    """Why the page stores nothing, for whoever records what was left (a page read from a file
    has no request to carry it)."""
    if response.request is not None:
        response.meta[FAILURE] = reason


def _add_origin(article: ArticleItem, response: TextResponse) -> None:
    """Where the fetch found the story: every CNN address it came under (links to any of them
    find it), and the archive capture it was read from."""
    # A page read from a file, not fetched, has no request and so no meta.
    fetch = response.meta if response.request is not None else {}
    article.addresses = [url for url in dict.fromkeys([
        *fetch.get("redirect_urls", []), *fetch.get(ADDRESSES, []), response.url, *article.addresses])
        if is_cnn_host(urlsplit(url).hostname)]
    article.capture = fetch.get(CAPTURE)


def parse_page(sel: Selector | Any, url: str) -> Page | None:
    """What the page offers, from a parsel Selector or an lxml root element."""
    sel = root_of(sel)
    layout = detect_layout(sel, url)
    if layout is None:
        return None
    base = document_base(sel, url)
    for parser in ARTICLE_PARSERS:
        if layout == parser.LAYOUT:
            article = parser.parse(sel, url, base)
            if not _has_story(article):
                article = _fall_through(article, sel, url, base)
            return _article_page(_identify(article, sel))
    if layout == hub.LAYOUT:
        links = hub.article_links(sel, base)
        title = hub.title(sel)
        return Page(layout=layout, title=title, follow=[u for u, _ in links],
                    topic_text="\n".join(text for _, text in links))
    if layout == fallback.LAYOUT:
        logger.warning("Unknown CNN template at %s: stored from its structured data", url)
        return _article_page(_identify(fallback.parse(sel, url, structured.news_article(sel), base), sel))
    return Page(layout=layout, title=title_without_suffix(sel))
