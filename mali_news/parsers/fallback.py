"""Articles in a template no other parser knows, read from structured data (JSON-LD, metas, microdata)."""

import logging
import re
from typing import Any

import trafilatura
from lxml import etree
from parsel import Selector
from trafilatura.settings import use_config

from mali_news.cleaning.text import normalize_space
from mali_news.cleaning.titles import strip_site_suffix
from mali_news.items import ArticleItem, Block, Link
from mali_news.parsers import structured
from mali_news.parsers.common import (
    DESCEND,
    PARAGRAPH,
    Metas,
    first,
    root_of,
    tag_action,
    title_without_suffix,
    visible_text,
    walk_blocks,
    xpath,
)
from mali_news.urls import canonical_url

LAYOUT = "fallback"
MARKER = xpath("//script[@type='application/ld+json'][contains(., 'Article') or contains(., 'BlogPosting')]"
               " | //*[@itemprop='articleBody']"
               " | //meta[(@property='og:type' or @name='og:type') and @content='article']")

# Share of a paragraph's text inside its links from which it is a line of links.
_LINK_LINE_SHARE = 0.6
_WORD_RE = re.compile(r"\w+")
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n|\r\n\s*\r\n")
_HEADLINE = xpath("//*[@itemprop='headline']")
_MICRO_AUTHORS = xpath("//*[@itemprop='author']//*[@itemprop='name'] | //*[@itemprop='author'][not(*)]")
_MICRO_BODY = xpath("(//*[@itemprop='articleBody'])[1]")
_H1 = xpath("(//body//h1)[1]")
_PARAGRAPH_PARENTS = xpath("//body//p/..")
_TEXT_INSIDE = xpath(".//p | .//li | .//h2 | .//h3 | .//blockquote")
# Boxes of any CNN template or other site, told by their class or id.
_ASIDE_RE = re.compile(
    r"(?P<caption>caption|photo|image|gallery|slideshow|media__)|(?P<video_title>video|player)"
    r"|(?P<editor_note>editor-?note|editorialnote)|(?P<contributor_note>footer|cbftrtxt|footnote)"
    r"|(?P<promo>\bad\b|ad-|adtag|promo|related|share|social|comment|outbrain|newsletter|nav|"
    r"rail|sidebar|highlight)", re.IGNORECASE)


def matches(sel: Selector | Any) -> bool:
    """An article by its structured data: a JSON-LD article, microdata body or og:type article."""
    return bool(MARKER(root_of(sel)))


def title(root: Any, metas: Metas, ld: dict[str, Any] | None) -> str:
    return strip_site_suffix(
        structured.text_value(ld, "headline") or metas.get(prop="og:title")
        or metas.get(itemprop="headline") or visible_text(_HEADLINE(root))) or title_without_suffix(root)


def author_names(root: Any, ld: dict[str, Any] | None) -> list[str]:
    if ld and (names := structured.person_names(ld.get("author"))):
        return names
    return [name for name in map(visible_text, _MICRO_AUTHORS(root)) if name]


def published_meta(metas: Metas, ld: dict[str, Any] | None) -> str:
    return (structured.text_value(ld, "datePublished")
            or metas.get(prop="article:published_time", name="pubdate", itemprop="datePublished"))


def modified_meta(metas: Metas, ld: dict[str, Any] | None) -> str:
    return (structured.text_value(ld, "dateModified")
            or metas.get(prop="article:modified_time", name="lastmod", itemprop="dateModified"))


def _is_link_line(element: Any) -> bool:
    """A paragraph made of several links ("All About Mali • Coups • ECOWAS"): a topics or
    navigation line, told by how much of its text sits inside its links."""
    anchors = [a for a in element.iter("a") if a.get("href") is not None]
    if len(anchors) < 2:
        return False
    linked = sum(len(visible_text(a)) for a in anchors)
    return linked >= _LINK_LINE_SHARE * len(visible_text(element))


def _rule(element: Any) -> str:
    action = tag_action(element)
    if action == PARAGRAPH and _is_link_line(element):
        return "promo"
    if action is not None:
        return action
    aside = _ASIDE_RE.search(f"{element.get('class') or ''} {element.get('id') or ''}")
    if aside:
        return aside.lastgroup or "promo"
    return DESCEND if _TEXT_INSIDE(element) else "promo"


def main_text(root: Any) -> Any:
    """The element holding the longest run of paragraphs after the headline (any template):
    where the walker types the blocks; main_content() says which of them are the story."""
    order = {element: i for i, element in enumerate(root.iter())}
    h1 = first(_H1(root))
    start = order.get(h1, -1)
    best, best_length = None, 0
    for parent in _PARAGRAPH_PARENTS(root):
        story = [child for child in parent if child.tag == "p" and order.get(child, 0) > start]
        length = sum(len(visible_text(p)) for p in story)
        if length > best_length:
            best, best_length = parent, length
    return best


# trafilatura's own floor for a main text (MIN_EXTRACTED_SIZE, 250 characters) is also the
# least it returns: a widget's placeholder or a lone caption is no story.
_TRAFILATURA = use_config()
# Its "discarding data" warning on a page with no story repeats what the crawl logs and counts
# itself (missing_body).
logging.getLogger("trafilatura").setLevel(logging.ERROR)
_TRAFILATURA.set("DEFAULT", "MIN_OUTPUT_SIZE", _TRAFILATURA.get("DEFAULT", "MIN_EXTRACTED_SIZE"))
_TRAFILATURA.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")


def main_content(root: Any) -> str:
    """The page's main text as trafilatura, an extractor made for the job, finds it ("" when it
    finds no story): related-story boxes, topic lines and share bars are not in it."""
    found = trafilatura.extract(etree.tostring(root), favor_precision=True, include_comments=False,
                                include_tables=True, deduplicate=False, config=_TRAFILATURA)
    return normalize_space(found)


def _covered(text: str, content: str) -> bool:
    """The block's text is part of the main text (trafilatura may join or split paragraphs)."""
    if text in content:
        return True
    words = _WORD_RE.findall(text.lower())
    kept = set(_WORD_RE.findall(content.lower()))
    return bool(words) and sum(word in kept for word in words) >= 0.9 * len(words)


def story_blocks(found: list[Block], root: Any) -> list[Block]:
    """Blocks the walker found, with the story text the main-content extractor does not see as
    the page's main text made a promo; none at all when it finds no story on the page."""
    if not any(block.in_story for block in found):
        return []
    content = main_content(root)
    if not content:
        return []
    return [block if not block.in_story or _covered(block.text, content) else Block("promo", block.text)
            for block in found]


def blocks(root: Any, ld: dict[str, Any] | None, base_url: str) -> tuple[list[Block], list[Link]]:
    """Story blocks from the JSON-LD articleBody (split at blank lines), else from the microdata
    body or the run of paragraphs under the headline, as far as the main-content extractor
    agrees that they are the story. Nothing is made up: no story found, no blocks."""
    body = (ld or {}).get("articleBody")
    if isinstance(body, str) and body.strip():
        return [Block("paragraph", part.strip()) for part in _PARAGRAPH_BREAK_RE.split(body)
                if part.strip()], []
    for container in (first(_MICRO_BODY(root)), main_text(root)):
        found, links = walk_blocks(container, _rule, base_url)
        if any(block.in_story for block in found):
            story = story_blocks(found, root)
            return (story, links) if any(block.in_story for block in story) else ([], [])
    return [], []


def parse(sel: Selector | Any, url: str, ld: dict[str, Any] | None, base_url: str = "") -> ArticleItem:
    """The page's article; links resolve against base_url (the page's <base href>) or url."""
    root = root_of(sel)
    metas = Metas(root)
    story, links = blocks(root, ld, base_url or url)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        title=title(root, metas, ld),
        author_names=author_names(root, ld),
        published_meta=published_meta(metas, ld),
        modified_meta=modified_meta(metas, ld),
        blocks=story,
        links=links,
        section=metas.get(name="section", prop="article:section"),
        description=metas.get(name="description", prop="og:description"),
    )
