"""CNN's WordPress blogs, 2010-2014 (This Just In, Security Clearance, GPS, OutFront, AC360 ...)."""

import re
from typing import Any

from parsel import Selector

from mali_news.cleaning.titles import strip_site_suffix
from mali_news.items import ArticleItem, Block, Link
from mali_news.parsers.common import (
    SKIP,
    STOP,
    Metas,
    absolute,
    box_rule,
    class_rule,
    first,
    has_class,
    root_of,
    title_without_suffix,
    visible_text,
    walk_blocks,
    xpath,
)
from mali_news.text import normalize_space
from mali_news.urls import canonical_url, url_kind

LAYOUT = "blog"
# The post's body (AC360 has its own), or, on a page reduced to its head, CNN's content type.
MARKER = xpath(f"//div[{has_class('cnnBlogContentPost')}] | //div[@id='cnnAC360_blogBodyLeft']"
               " | /html/head/script[contains(., 'cnnContentType') and contains(., '\"blog\"')]")

_POST = xpath(f"(//div[{has_class('cnnPostWrap')}] | //div[@id='cnnAC360_blogBodyLeft'])[1]")
_H1 = xpath(f"//*[{has_class('cnnBlogContentTitle')}]")
_BODY = xpath(f"(//div[{has_class('cnnBlogContentPost')}])[1]")
_DATE_HEAD = xpath(f"//*[{has_class('cnnBlogContentDateHead')}]")
_TIME = xpath(f"//*[{has_class('cnnGryTmeStmp')}]")
_AUTHOR = xpath(f"//*[{has_class('cnnAC360_BlogAuthor')} or {has_class('cnnBlogAuthor')}]")
_FILED_UNDER = xpath(f"//*[{has_class('cnnBlogFiledBy')}]//a[@href]")
_TAGS = xpath(".//a[@href and contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
              " and not(contains(concat(' ', normalize-space(@rel), ' '), ' category '))]")
_ANCHORS = xpath(".//a[@href]")
_SCRIPTS = xpath("/html/head/script/text()")
_TITLE = xpath("//title/text()")
_SUBSECTION_RE = re.compile(r"cnnSubSectionName\s*=\s*(['\"])(?P<name>[^'\"]+)\1")
# "Post title – This Just In - CNN.com Blogs": the blog's name is the part before CNN's.
_TITLE_SUFFIX_RE = re.compile(r"\s+[–-]\s+(?P<blog>[^–]+?)\s+-\s+CNN\.com Blogs\s*$")
_POSTED_RE = re.compile(r"^Posted(?:\s+by|\s*:)?\s*", re.IGNORECASE)
_HAS_YEAR_RE = re.compile(r"\b\d{4}\b")
_STORY_INSIDE = xpath(".//p")
# What WordPress and CNN put inside a post beside its text.
_NAMED = class_rule((
    ("wp-caption", "caption"),
    ("cnnBlogFiledBy", SKIP),
    ("cnnPostFooter", STOP),
    ("cnn_special_comment", STOP),
    ("sharedaddy", "promo"),
    ("cnnStryVidCont", "video_title"),
))
_RULE = box_rule(_NAMED, _STORY_INSIDE)


def matches(sel: Selector | Any) -> bool:
    return bool(MARKER(root_of(sel)))


def _page_title(root: Any) -> str:
    return normalize_space(first(_TITLE(root)))


def title(root: Any, metas: Metas) -> str:
    """The post's title link as printed, else the head's titles without the blog's and CNN's names."""
    blog = blog_name(root)
    return (visible_text(_H1(root))
            or strip_site_suffix(metas.get(name="title", prop="og:title"), blog)
            or title_without_suffix(root, blog))


def blog_name(root: Any) -> str:
    """The blog's name ("This Just In"), from CNN's script variable or the <title>'s suffix."""
    for script in _SCRIPTS(root):
        if found := _SUBSECTION_RE.search(script):
            return normalize_space(found["name"])
    suffix = _TITLE_SUFFIX_RE.search(_page_title(root))
    return normalize_space(suffix["blog"]) if suffix else ""


def byline(root: Any, metas: Metas) -> str:
    printed = _POSTED_RE.sub("", visible_text(_AUTHOR(root)))
    return printed or metas.get(name="author")


def timestamp_text(root: Any) -> str:
    """"January 28th, 2013 / 11:55 AM ET": CNN prints the day above the post and the time
    beside it; a time stamp that carries its own date is taken as it is."""
    day, time = visible_text(_DATE_HEAD(root)), visible_text(_TIME(root))
    if time and (_HAS_YEAR_RE.search(time) or not day):
        return time
    return f"{day} / {time}" if day and time else day


def categories(root: Any, metas: Metas) -> list[str]:
    """The post's "Filed under" categories; the head's keywords on a page without them."""
    filed = [text for text in map(visible_text, _FILED_UNDER(root)) if text]
    if filed:
        return list(dict.fromkeys(filed))
    return list(dict.fromkeys(normalize_space(k) for k in metas.get(name="keywords").split(",")
                              if normalize_space(k)))


def tags(post: Any) -> list[str]:
    return list(dict.fromkeys(text for text in map(visible_text, _TAGS(post)) if text))


def body_links(body: Any, base_url: str, known: list[Link]) -> list[Link]:
    """The post's links to CNN stories, posts and transcripts: a blog post often is a few
    lines and a link to the story. Link paragraphs the walker found keep their own kind."""
    seen = {link.url for link in known}
    found: list[Link] = []
    for anchor in _ANCHORS(body):
        url = absolute(base_url, anchor.get("href"))
        if not url or url_kind(url) not in ("article", "blog_post", "transcript"):
            continue
        key = canonical_url(url)
        if key not in seen:
            seen.add(key)
            found.append(Link(url=key, kind="related", href=url, anchor_text=visible_text(anchor)))
    return found


def blocks(root: Any, base_url: str) -> tuple[list[Block], list[Link]]:
    body = first(_BODY(root))
    if body is None:
        return [], []
    found, links = walk_blocks(body, _RULE, base_url)
    return found, links + body_links(body, base_url, links)


def parse(sel: Selector | Any, url: str) -> ArticleItem:
    root = root_of(sel)
    metas = Metas(root)
    post = first(_POST(root))
    story, links = blocks(root, url)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        kind="blog_post",
        title=title(root, metas),
        byline=byline(root, metas),
        timestamp_text=timestamp_text(root),
        raw_highlights=[],
        blocks=story,
        section=blog_name(root),
        description=metas.get(name="description", prop="og:description"),
        categories=categories(root, metas),
        tags=tags(post) if post is not None else [],
        links=links,
    )
