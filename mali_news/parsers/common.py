"""Helpers shared by the layout parsers; they work on lxml elements with precompiled XPath."""

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from mali_news.archives.wayback import unwrap
from mali_news.cleaning.text import normalize_space
from mali_news.cleaning.titles import strip_site_suffix
from mali_news.items import Block, Link
from mali_news.urls import canonical_url

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


def xpath(expression: str) -> etree.XPath:
    """A compiled XPath: parsing the expression once, not on every page, is most of the speed."""
    return etree.XPath(expression)


def root_of(sel: Selector | Any) -> Any:
    """The lxml root element of a parsel Selector (or the element itself)."""
    return sel.root if isinstance(sel, Selector) else sel


def first(found: list[Any]) -> Any:
    return found[0] if found else None


def _text_parts(element: Any, parts: list[str]) -> None:
    # An explicit stack, not recursion: a page may nest elements thousands deep.
    stack: list[Any] = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _INVISIBLE:
            continue
        breaking = tag in _BREAKING
        if breaking:
            stack.append(" ")
        for child in reversed(node):
            if child.tail:
                stack.append(child.tail)
            stack.append(child)
        if tag and node.text:
            stack.append(node.text)
        if breaking:
            stack.append(" ")


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


def classes(element: Any) -> frozenset[str]:
    return frozenset((element.get("class") or "").split())


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


_BASE = xpath("/html/head/base/@href")


def document_base(root: Any, url: str) -> str:
    """The address the page's relative links resolve against: its <base href> (unwrapped from
    the archive's rewriting), else the page's own address."""
    found = first(_BASE(root_of(root)))
    base = absolute(url, str(found)) if found is not None else ""
    return base or url


_CANONICAL = xpath("/html/head/link[@rel='canonical']/@href"
                   " | /html/head/meta[@property='og:url']/@content"
                   " | /html/head/meta[@property='vr:canonical']/@content")


def canonical_addresses(root: Any, base_url: str) -> list[str]:
    """The addresses a page names for itself: rel=canonical, og:url, CNN's vr:canonical."""
    found = (absolute(base_url, str(href)) for href in _CANONICAL(root_of(root)))
    return list(dict.fromkeys(url for url in found if url))


_TITLE = xpath("//title/text()")


def title_without_suffix(sel: Selector | Any, blog: str = "") -> str:
    """<title> without CNN's " - CNN.com" / " | CNN Politics" style suffix ("" if only that)."""
    return strip_site_suffix(first(_TITLE(root_of(sel))), blog)


def headline(root: Any, heading: etree.XPath, metas: Metas | None = None) -> str:
    """The printed headline, else og:title / itemprop headline, else <title>, each without
    the site's name that CNN appended to them."""
    root = root_of(root)
    return (visible_text(heading(root))
            or strip_site_suffix((metas or Metas(root)).get(prop="og:title", itemprop="headline"))
            or title_without_suffix(root))


# "Read more: X" (legacy, prefix inside the link), "READ: X" and "WATCH: X" (zn).
_LINK_PREFIX_RE = re.compile(r"^(?P<prefix>Read more|READ|WATCH|Watch)\s*:\s*")
_READ_MORE_PREFIXES = frozenset({"read more", "read"})


def link_paragraph(node: Any, base_url: str, text: str | None = None) -> Link | None:
    """The link a paragraph stands for when the paragraph is one link and nothing else."""
    # iter() walks in C: much cheaper than an XPath on every paragraph.
    anchors = [a for a in node.iter("a") if a.get("href") is not None]
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


# What the block walker does with an element.
SKIP, DESCEND, STOP, PARAGRAPH, LIST, TABLE, INLINE, BREAK = (
    "skip", "descend", "stop", "paragraph_element", "list", "table", "inline", "break")
_INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "ul"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A paragraph that is nothing but one of these is a subhead ("<p><strong>Twin rovers</strong></p>").
_SUBHEAD_WRAPPERS = frozenset({"strong", "b", *_HEADINGS})


def tag_action(element: Any) -> str | None:
    """What an element's tag alone says it is, or None for containers (div, section ...)
    whose meaning the template decides."""
    tag = element.tag
    if not isinstance(tag, str) or tag in _INVISIBLE:
        return SKIP
    tag = tag.lower()
    if tag == "p":
        return PARAGRAPH
    if tag in _HEADINGS:
        return "subhead"
    if tag in ("ul", "ol"):
        return LIST
    if tag == "blockquote":
        return "blockquote"
    if tag in ("figure", "figcaption"):
        return "caption"
    if tag == "table":
        return TABLE
    if tag == "br":
        return BREAK
    if tag in _INLINE_TAGS:
        return INLINE
    return None


def has_block_children(element: Any) -> bool:
    return any(isinstance(child.tag, str) and child.tag.lower() in _BLOCK_TAGS for child in element)


def is_subhead(node: Any) -> bool:
    """A paragraph whose only content is bold or heading elements ("<strong>... </strong>
    <strong>and automobiles</strong>" is one subhead)."""
    if (node.text or "").strip():
        return False
    inner = [child for child in node if isinstance(child.tag, str) and child.tag != "br"]
    return (bool(inner) and all(child.tag.lower() in _SUBHEAD_WRAPPERS for child in inner)
            and not any((child.tail or "").strip() for child in node))


def paragraph_block(node: Any, base_url: str) -> tuple[Block, Link | None]:
    """A paragraph element as a block: a link paragraph (with its link), a subhead, or text."""
    text = visible_text(node)
    link = link_paragraph(node, base_url, text)
    if link is not None:
        return Block("link_paragraph", text), link
    return Block("subhead" if is_subhead(node) else "paragraph", text), None


def list_blocks(node: Any) -> list[Block]:
    """One list_item block per item, numbered like the page numbers them."""
    ordered = node.tag.lower() == "ol"
    try:
        number = int(node.get("start") or 1)
    except ValueError:
        number = 1
    blocks = []
    for item in node:
        if not isinstance(item.tag, str) or item.tag.lower() != "li":
            continue
        text = visible_text(item)
        if text:
            blocks.append(Block("list_item", text, f"{number}." if ordered else "•"))
        number += 1
    return blocks


_ROWS = xpath(".//tr")


def table_blocks(node: Any) -> list[Block]:
    rows = [visible_text(row) for row in _ROWS(node)]
    return [Block("paragraph", text) for text in rows if text]


class BlockWalker:
    """Turns a story container into typed blocks in reading order.

    rule(element) names what an element is: a block kind, PARAGRAPH, LIST, DESCEND (a
    container whose children are read in turn), SKIP (invisible or read elsewhere, like the
    highlights) or STOP (the story ends here). Loose text between block elements becomes
    paragraphs. The walk uses an explicit stack, so deep nesting cannot exhaust recursion.
    """

    def __init__(self, rule: Callable[[Any], str], base_url: str) -> None:
        self.rule = rule
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.links: list[Link] = []

    def walk(self, container: Any) -> "BlockWalker":
        stack: list[tuple[Any, Iterator[Any], list[str]]] = [
            (container, iter(container), [container.text or ""])]
        while stack:
            element, children, pending = stack[-1]
            child = next(children, None)
            if child is None:
                self._flush(pending)
                stack.pop()
                if stack and element is not container and element.tail:
                    stack[-1][2].append(element.tail)
                continue
            action = self.rule(child)
            if action == INLINE:
                _text_parts(child, pending)
            elif action == STOP:
                self._flush(pending)
                break
            elif action == DESCEND or (action == PARAGRAPH and has_block_children(child)):
                self._flush(pending)
                stack.append((child, iter(child), [child.text or ""]))
                continue
            else:
                self._flush(pending)
                self._emit(child, action)
            if child.tail:
                pending.append(child.tail)
        return self

    def _flush(self, pending: list[str]) -> None:
        text = normalize_space("".join(pending))
        pending.clear()
        if text:
            self.blocks.append(Block("paragraph", text))

    def _emit(self, element: Any, action: str) -> None:
        if action in (SKIP, BREAK):
            return
        if action == PARAGRAPH:
            block, link = paragraph_block(element, self.base_url)
            if link is not None:
                self.links.append(link)
            if block.text:
                self.blocks.append(block)
        elif action == LIST:
            self.blocks.extend(list_blocks(element))
        elif action == TABLE:
            self.blocks.extend(table_blocks(element))
        elif text := visible_text(element):
            self.blocks.append(Block(action, text))


def walk_blocks(container: Any, rule: Callable[[Any], str],
                base_url: str) -> tuple[list[Block], list[Link]]:
    """(blocks, links of link paragraphs) of a story container; nothing when there is none."""
    if container is None:
        return [], []
    walker = BlockWalker(rule, base_url).walk(container)
    return walker.blocks, walker.links


def box_rule(named: Callable[[Any], str | None], story_inside: etree.XPath) -> Callable[[Any], str]:
    """A walker rule: what the template names an element by its class, else what its tag says,
    else a wrapper around story text (read inside) or a box of its own (a promo)."""

    def rule(element: Any) -> str:
        found = named(element)
        if found:
            return found
        action = tag_action(element)
        if action is not None:
            return action
        return DESCEND if story_inside(element) else "promo"

    return rule


def class_rule(pairs: tuple[tuple[str, str], ...]) -> Callable[[Any], str | None]:
    """A rule from (class, action) pairs, the first pair whose class the element has winning."""
    names = frozenset(name for name, _ in pairs)

    def rule(element: Any) -> str | None:
        found = classes(element) & names
        if not found:
            return None
        return next(action for name, action in pairs if name in found)

    return rule
