"""Helpers shared by the layout parsers; they work on lxml elements with precompiled XPath."""

import re
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

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


def has_class(name: str) -> str:
    """An XPath predicate body: the element's class list contains name.

    The plain contains() first is cheap and rules out almost every element, so the exact
    token test (normalize-space, concat) runs only on the few that might match.
    """
    return (f"(contains(@class, '{name}') and "
            f"contains(concat(' ', normalize-space(@class), ' '), ' {name} '))")


def not_inside(*classes: str) -> str:
    """An XPath predicate body: no ancestor has any of these classes (one walk up the tree)."""
    return "not(ancestor::*[" + " or ".join(has_class(name) for name in classes) + "])"


def xpath(expression: str) -> etree.XPath:
    """A compiled XPath: parsing the expression once, not on every page, is most of the speed."""
    return etree.XPath(expression)


def root_of(sel: Selector | Any) -> Any:
    """The lxml root element of a parsel Selector (or the element itself)."""
    return sel.root if isinstance(sel, Selector) else sel


def first(found: list[Any]) -> Any:
    return found[0] if found else None


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


def visible_text(node: Any) -> str:
    """The text of an element (or the first of a list) as a reader sees it: no script or style,
    whitespace normalised. Strings (attribute values) are normalised as they are."""
    if isinstance(node, list):
        node = node[0] if node else None
    if node is None:
        return ""
    if isinstance(node, Selector):
        node = node.root
    if isinstance(node, str):
        return normalize_space(node)
    parts: list[str] = []
    _text_parts(node, parts)
    return normalize_space("".join(parts))


_METAS = xpath("//meta")


class Metas:
    """Every <meta> of a page by name, property and itemprop, read in one pass."""

    def __init__(self, root: Any) -> None:
        self.values: dict[tuple[str, str], str] = {}
        for node in _METAS(root):
            content = normalize_space(node.get("content") or node.get("value"))
            if not content:
                continue
            for attr in ("name", "property", "itemprop"):
                key = node.get(attr)
                if key:
                    self.values.setdefault((attr, key), content)

    def get(self, *, name: str = "", prop: str = "", itemprop: str = "") -> str:
        """The first non-empty value with that name, property or itemprop (attribute order is free)."""
        for attr, value in (("name", name), ("property", prop), ("itemprop", itemprop)):
            if value and (content := self.values.get((attr, value))):
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
_TITLE = xpath("//title/text()")


def title_without_suffix(sel: Selector | Any) -> str:
    """<title> without CNN's " - CNN.com" / " | CNN Politics" style suffix ("" if only that)."""
    return _CNN_SUFFIX_RE.sub("", normalize_space(first(_TITLE(root_of(sel))))).strip()


def headline(root: Any, h1: etree.XPath, metas: Metas | None = None) -> str:
    """The printed headline, else og:title / itemprop headline, else <title> without CNN's suffix."""
    root = root_of(root)
    return (visible_text(h1(root))
            or (metas or Metas(root)).get(prop="og:title", itemprop="headline")
            or title_without_suffix(root))


# "Read more: X" (legacy, prefix inside the link), "READ: X" and "WATCH: X" (zn).
_LINK_PREFIX_RE = re.compile(r"^(?P<prefix>Read more|READ|WATCH|Watch)\s*:\s*")
_READ_MORE_PREFIXES = frozenset({"read more", "read"})
_ANCHORS = xpath(".//a[@href]")


def link_paragraph(node: Any, base_url: str, text: str | None = None) -> Link | None:
    """The link a paragraph stands for when the paragraph is one link and nothing else."""
    anchors = _ANCHORS(node)
    if len(anchors) != 1:
        return None
    text = visible_text(node) if text is None else text
    anchor = visible_text(anchors[0])
    if not anchor or _LINK_PREFIX_RE.sub("", text) != _LINK_PREFIX_RE.sub("", anchor):
        return None
    url = absolute(base_url, anchors[0].get("href"))
    if not url:
        return None
    prefix = _LINK_PREFIX_RE.match(text)
    kind = ("read_more" if prefix and prefix.group("prefix").lower() in _READ_MORE_PREFIXES
            else "related")
    return Link(url=canonical_url(url), kind=kind, href=url,
                anchor_text=_LINK_PREFIX_RE.sub("", anchor))


def body_blocks(nodes: list[Any], base_url: str) -> list[tuple[str, Link | None]]:
    """Each paragraph's text with the link it stands for, if it is a link paragraph."""
    blocks = []
    for node in nodes:
        text = visible_text(node)
        blocks.append((text, link_paragraph(node, base_url, text)))
    return blocks


def paragraphs(blocks: list[tuple[str, Link | None]]) -> list[str]:
    return [text for text, link in blocks if link is None and text]


def body_links(blocks: list[tuple[str, Link | None]]) -> list[Link]:
    return [link for _text, link in blocks if link is not None]
