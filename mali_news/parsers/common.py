"""Selector helpers shared by the layout parsers."""

import re
from typing import Any
from urllib.parse import urljoin

from parsel import Selector, SelectorList

from mali_news.items import Link
from mali_news.text import normalize_space
from mali_news.urls import canonical_url
from mali_news.wayback import unwrap

_INVISIBLE = frozenset({"script", "style", "noscript", "template"})
# Elements that separate words even when the markup has no space around them.
_BREAKING = frozenset({
    "br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr",
    "section", "article", "header", "footer", "figure", "figcaption", "blockquote", "cite",
})


def _text_parts(element: Any, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _INVISIBLE:
        return
    breaking = tag in _BREAKING
    if breaking:
        parts.append(" ")
    if isinstance(element.tag, str) and element.text:
        parts.append(element.text)
    for child in element:
        _text_parts(child, parts)
        if child.tail:
            parts.append(child.tail)
    if breaking:
        parts.append(" ")


def visible_text(node: Selector | SelectorList | None) -> str:
    """The node's text as a reader sees it: no script or style, whitespace normalised."""
    if isinstance(node, SelectorList):
        node = node[0] if node else None
    if node is None:
        return ""
    root = node.root
    if isinstance(root, str):
        return normalize_space(root)
    parts: list[str] = []
    _text_parts(root, parts)
    return normalize_space("".join(parts))


def meta_content(sel: Selector, *, name: str = "", prop: str = "", itemprop: str = "") -> str:
    """The first non-empty meta value with that name, property or itemprop (attribute order is free)."""
    for attr, value in (("name", name), ("property", prop), ("itemprop", itemprop)):
        if not value:
            continue
        for node in sel.xpath(f"//meta[@{attr}=$value]", value=value):
            content = normalize_space(node.attrib.get("content") or node.attrib.get("value"))
            if content:
                return content
    return ""


def absolute(base_url: str, href: str | None) -> str:
    """An absolute http(s) URL for href, or "" for javascript:, mailto:, fragments and the like.

    A link the Wayback Machine rewrote into the archive (/web/<timestamp>/<original>) is
    unwrapped to its original address.
    """
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return ""
    url = unwrap(urljoin(base_url, href))
    return url if url.startswith(("http://", "https://")) else ""


_CNN_SUFFIX_RE = re.compile(r"(?:^|\s+)[-|]\s+[^-|]*CNN[^-|]*$")


def title_without_suffix(sel: Selector) -> str:
    """<title> without CNN's " - CNN.com" / " | CNN Politics" style suffix ("" if only that)."""
    return _CNN_SUFFIX_RE.sub("", normalize_space(sel.xpath("//title/text()").get())).strip()


# "Read more: X" (legacy, prefix inside the link), "READ: X" and "WATCH: X" (zn).
_LINK_PREFIX_RE = re.compile(r"^(?P<prefix>Read more|READ|WATCH|Watch)\s*:\s*")
_READ_MORE_PREFIXES = frozenset({"read more", "read"})


def link_paragraph(node: Selector, base_url: str) -> Link | None:
    """The link a paragraph stands for when the paragraph is one link and nothing else."""
    anchors = node.xpath(".//a[@href]")
    if len(anchors) != 1:
        return None
    text = visible_text(node)
    anchor = visible_text(anchors[0])
    if not anchor or _LINK_PREFIX_RE.sub("", text) != _LINK_PREFIX_RE.sub("", anchor):
        return None
    url = absolute(base_url, anchors[0].attrib.get("href"))
    if not url:
        return None
    prefix = _LINK_PREFIX_RE.match(text)
    kind = ("read_more" if prefix and prefix.group("prefix").lower() in _READ_MORE_PREFIXES
            else "related")
    return Link(url=canonical_url(url), kind=kind, href=url,
                anchor_text=_LINK_PREFIX_RE.sub("", anchor))


def has_class(name: str) -> str:
    """An XPath predicate body: the element's class list contains name."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
