"""Hub and listing pages (front pages, SPECIALS coverage hubs): links to follow, nothing to store."""

from typing import Any

from parsel import Selector

from mali_news.parsers.common import absolute, root_of, title_without_suffix, visible_text, xpath
from mali_news.urls import url_kind

LAYOUT = "hub"
MARKER = xpath("//ul[contains(concat(' ', normalize-space(@class), ' '), ' cnn_bulletbin ')]")
_H1 = xpath("//h1")
_ANCHORS = xpath("//body//a[@href]")
# What a hub or a blog's day listing links to that the crawl stores.
_LISTED_KINDS = frozenset({"article", "blog_post", "transcript"})


def matches(sel: Selector | Any, url: str) -> bool:
    return url_kind(url) == "hub" or bool(MARKER(root_of(sel)))


def title(sel: Selector | Any) -> str:
    root = root_of(sel)
    return visible_text(_H1(root)) or title_without_suffix(root)


def article_links(sel: Selector | Any, base_url: str) -> list[tuple[str, str]]:
    """(url, anchor text) of every story link on the page, in page order, each once."""
    found: dict[str, str] = {}
    for anchor in _ANCHORS(root_of(sel)):
        url = absolute(base_url, anchor.get("href"))
        if url and url not in found and url_kind(url) in _LISTED_KINDS:
            found[url] = visible_text(anchor)
    return list(found.items())
