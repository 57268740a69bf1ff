"""CNN's WordPress blogs, 2010-2014 (This Just In, Security Clearance, GPS, OutFront, AC360 ...)."""

import re
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from parsel import Selector

from mali_news.cleaning.text import normalize_space
from mali_news.cleaning.timestamps import parse_printed_timestamp, time_on_day
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
from mali_news.urls import canonical_url, url_kind

LAYOUT = "blog"
# The post's body (AC360 has its own), or, on a page reduced to its head, CNN's content type.
MARKER = xpath(f"//div[{has_class('cnnBlogContentPost')}] | //div[@id='cnnAC360_blogBodyLeft']"
               " | /html/head/script[contains(., 'cnnContentType') and contains(., '\"blog\"')]")

# CNN's themes of 2009-2014 and the WordPress classes beneath them (hAtom: entry, entry-title,
# entry-content, published), first found wins.
_POST = xpath(f"(//div[{has_class('cnnPostWrap')}] | //div[@id='cnnAC360_blogBodyLeft']"
              f" | //*[{has_class('post')} or {has_class('hentry')}])[1]")
_TITLE_LINK = tuple(map(xpath, (
    f"//*[{has_class('cnnBlogContentTitle')}]", f"//*[{has_class('cnnAC360_BlogTitle')}]",
    f"//*[{has_class('entry-title')}]", "//h1[a[@rel='bookmark']]", "//h2[a[@rel='bookmark']]")))
_BODY = tuple(map(xpath, (
    f"//div[{has_class('cnnBlogContentPost')}]", f"//div[{has_class('cnnAC360_blogContent')}]",
    f"//div[{has_class('entry-content')}]", f"//div[{has_class('entry')}]",
    f"//div[{has_class('storycontent')}]")))
_DATE_HEAD = xpath(f"//*[{has_class('cnnBlogContentDateHead')}]")
_TIME = xpath(f"//*[{has_class('cnnGryTmeStmp')}] | //*[{has_class('cnnAC360_BlogAuthor')}]"
              f" | //*[{has_class('cnnBlogAuthor')}]")
_MACHINE_TIME = xpath(f"//*[{has_class('published')}]/@title | //time[@datetime]/@datetime")
# The credit line: "Post by: CNN's Josh Levs", "Posted by Kate Bolduan", wherever the theme puts it.
_CREDIT_LINES = xpath("//*[text()[starts-with(normalize-space(), 'Post by')"
                      " or starts-with(normalize-space(), 'Posted by')]]")
_AUTHOR = xpath(f"//*[{has_class('cnnAC360_BlogAuthor')} or {has_class('cnnBlogAuthor')}"
                f" or {has_class('author')}]")
_FILED_UNDER = xpath(f"//*[{has_class('cnnBlogFiledBy')}]//a[@href]")
_TAGS = xpath(".//a[@href and contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
              " and not(contains(concat(' ', normalize-space(@rel), ' '), ' category '))]")
_ANCHORS = xpath(".//a[@href]")
_SCRIPTS = xpath("/html/head/script/text()")
_TITLE = xpath("//title/text()")
_SUBSECTION_RE = re.compile(r"cnnSubSectionName\s*=\s*(['\"])(?P<name>[^'\"]+)\1")
# "Post title – This Just In - CNN.com Blogs": the blog's name is the part before CNN's.
_TITLE_SUFFIX_RE = re.compile(r"\s+[–-]\s+(?P<blog>[^–]+?)\s+-\s+CNN\.com Blogs\s*$")
_CREDIT_RE = re.compile(r"^\s*Post(?:ed)?\s+by\b", re.IGNORECASE)
# WordPress's own links: a post's author, its categories and tags. An element in the post that
# holds one is the post's credit or "Filed under" line (the 2010 theme prints it after the text).
_META_LINK = xpath(".//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
                   " or contains(concat(' ', normalize-space(@rel), ' '), ' category ')"
                   " or contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")
# What follows the credit on the same line in some themes.
_AFTER_CREDIT_RE = re.compile(r"\s+(?:Filed under|Categories|Tags)\b.*$", re.IGNORECASE)
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
# Any other theme's boxes, by class or id: reader comments ("soundoff (4 Responses)") end the
# post; tag, category and "Filed under" lines, credits and share bars are not its text.
_BOX_RE = re.compile(r"(?P<stop>comment|soundoff|respond)|(?P<promo>tag|filed|categor|postmeta|"
                     r"postinfo|share|social|author|byline|related|navigation)", re.IGNORECASE)


def _first_of(root: Any, expressions: tuple[etree.XPath, ...]) -> Any:
    """The first element the first expression that finds any finds (in that order)."""
    for expression in expressions:
        if found := expression(root):
            return found[0]
    return None


def _named(element: Any) -> str | None:
    found = _NAMED(element)
    if found:
        return found
    if element.tag in ("p", "div") and _META_LINK(element):
        return SKIP
    box = _BOX_RE.search(f"{element.get('class') or ''} {element.get('id') or ''}")
    if box is None:
        return None
    return STOP if box.lastgroup == "stop" else "promo"


_RULE = box_rule(_named, _STORY_INSIDE)


def matches(sel: Selector | Any) -> bool:
    return bool(MARKER(root_of(sel)))


def _page_title(root: Any) -> str:
    return normalize_space(first(_TITLE(root)))


def title(root: Any, metas: Metas) -> str:
    """The post's title link as printed, else the head's titles without the blog's and CNN's names."""
    blog = blog_name(root)
    return (visible_text(_first_of(root, _TITLE_LINK))
            or strip_site_suffix(metas.get(name="title", prop="og:title"), blog)
            or title_without_suffix(root, blog))


def blog_name(root: Any) -> str:
    """The blog's name ("This Just In"), from CNN's script variable or the <title>'s suffix."""
    for script in _SCRIPTS(root):
        if found := _SUBSECTION_RE.search(script):
            return normalize_space(found["name"])
    suffix = _TITLE_SUFFIX_RE.search(_page_title(root))
    return normalize_space(suffix["blog"]) if suffix else ""


# Any day will do to tell whether a text is a time of day.
_ANY_DAY = datetime(2013, 1, 1, tzinfo=UTC)


def _is_time(text: str) -> bool:
    return bool(parse_printed_timestamp(text)[0] or time_on_day(text, _ANY_DAY)[0])


def _credit_text(node: Any) -> str:
    """The credit a "Post by:" label introduces: the label's own text, or, where the label stands
    alone in its element (`<span>Post by:</span> <a rel="tag">CNN's Jason Hanna</a>`), the label
    with the elements after it in its parent, up to a "Filed under"."""
    text = visible_text(node)
    if _CREDIT_RE.match(text) and not _CREDIT_RE.sub("", text).strip(" :"):
        parent = node.getparent()
        if parent is not None:
            whole = visible_text(parent)
            start = _CREDIT_RE.search(whole)
            text = whole[start.start():] if start else text
    return _AFTER_CREDIT_RE.sub("", text)


def byline(root: Any, metas: Metas) -> str:
    """The post's credit line ("Post by: CNN's Josh Levs"), else an author box that holds a
    name rather than a time (AC360 prints "Posted: 02:33 PM ET" in its author box), else the
    head's author."""
    boxes = _AUTHOR(root)
    for node in (*_CREDIT_LINES(root), *boxes):
        text = _credit_text(node)
        if text and not _is_time(text) and (_CREDIT_RE.match(text) or node in boxes):
            if _CREDIT_RE.match(text) and not _CREDIT_RE.sub("", text).strip(" :"):
                continue  # "Post by:" and no one after it: CNN left the credit empty
            return text
    return metas.get(name="author")


def timestamp_text(root: Any) -> str:
    """"January 28th, 2013 / 11:55 AM ET": CNN prints the day above the post and the time
    beside it (or "Posted: 02:33 PM ET" under the title); a time stamp that carries its own
    date is taken as it is."""
    day = visible_text(_DATE_HEAD(root))
    times = [text for text in map(visible_text, _TIME(root)) if text and _is_time(text)]
    time = times[0] if times else ""
    if time and (_HAS_YEAR_RE.search(time) or not day):
        return time
    return f"{day} / {time}" if day and time else day


def published_meta(root: Any) -> str:
    """The machine-written time of the post (hAtom's abbr.published, a time element)."""
    return normalize_space(first(_MACHINE_TIME(root)))


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
    body = _first_of(root, _BODY)
    if body is None:
        return [], []
    found, links = walk_blocks(body, _RULE, base_url)
    return found, links + body_links(body, base_url, links)


def parse(sel: Selector | Any, url: str, base_url: str = "") -> ArticleItem:
    """The page's article; links resolve against base_url (the page's <base href>) or url."""
    root = root_of(sel)
    base = base_url or url
    metas = Metas(root)
    post = first(_POST(root))
    story, links = blocks(root, base)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        kind="blog_post",
        title=title(root, metas),
        byline=byline(root, metas),
        timestamp_text=timestamp_text(root),
        published_meta=published_meta(post if post is not None else root),
        raw_highlights=[],
        blocks=story,
        section=blog_name(root),
        description=metas.get(name="description", prop="og:description"),
        categories=categories(root, metas),
        tags=tags(post) if post is not None else [],
        links=links,
    )
