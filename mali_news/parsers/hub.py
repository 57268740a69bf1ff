"""Hub and listing pages (front pages, SPECIALS coverage hubs): links to follow, nothing to store."""

from parsel import Selector

from mali_news.parsers.common import absolute, title_without_suffix, visible_text
from mali_news.urls import url_kind

LAYOUT = "hub"
MARKER = "//ul[contains(concat(' ', normalize-space(@class), ' '), ' cnn_bulletbin ')]"


def matches(sel: Selector, url: str) -> bool:
    return url_kind(url) == "hub" or bool(sel.xpath(MARKER))


def title(sel: Selector) -> str:
    return visible_text(sel.xpath("//h1")) or title_without_suffix(sel)


def article_links(sel: Selector, base_url: str) -> list[tuple[str, str]]:
    """(url, anchor text) of every story link on the page, in page order, each once."""
    found: dict[str, str] = {}
    for anchor in sel.xpath("//body//a[@href]"):
        url = absolute(base_url, anchor.attrib.get("href"))
        if url and url not in found and url_kind(url) == "article":
            found[url] = visible_text(anchor)
    return list(found.items())
