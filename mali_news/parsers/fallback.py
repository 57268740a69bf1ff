"""Articles in a template no other parser knows, read from structured data (JSON-LD, metas, microdata)."""

import re
from typing import Any

from parsel import Selector

from mali_news.cleaning.titles import strip_site_suffix
from mali_news.items import ArticleItem, Block, Link
from mali_news.parsers import structured
from mali_news.parsers.common import (
    DESCEND,
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


def _rule(element: Any) -> str:
    action = tag_action(element)
    if action is not None:
        return action
    aside = _ASIDE_RE.search(f"{element.get('class') or ''} {element.get('id') or ''}")
    if aside:
        return aside.lastgroup or "promo"
    return DESCEND if _TEXT_INSIDE(element) else "promo"


def main_text(root: Any) -> Any:
    """The element holding the longest run of paragraphs after the headline (any template)."""
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


def blocks(root: Any, ld: dict[str, Any] | None, base_url: str) -> tuple[list[Block], list[Link]]:
    """Story blocks from the microdata body, else the JSON-LD articleBody (split at blank
    lines), else the run of paragraphs under the headline."""
    found, links = walk_blocks(first(_MICRO_BODY(root)), _rule, base_url)
    if any(block.in_story for block in found):
        return found, links
    body = (ld or {}).get("articleBody")
    if isinstance(body, str) and body.strip():
        return [Block("paragraph", part.strip()) for part in _PARAGRAPH_BREAK_RE.split(body)
                if part.strip()], []
    return walk_blocks(main_text(root), _rule, base_url)


def parse(sel: Selector | Any, url: str, ld: dict[str, Any] | None) -> ArticleItem:
    root = root_of(sel)
    metas = Metas(root)
    story, links = blocks(root, ld, url)
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
