"""CNN's sitemaps: the index from robots.txt, the monthly sitemaps in the date window, candidate stories."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from mali_news.reference.topic import DateWindow, WordPattern
from mali_news.urls import date_from_url, url_kind

# article-2013-01.xml, sitemap-articles-2013-01.xml, 2013-01.xml.gz ...
_MONTH_RE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[-_/](?P<month>0[1-9]|1[0-2])(?!\d)")
# Sitemaps of videos, galleries or the last days' news hold no 2012-2013 story pages.
_NOT_ARTICLES_RE = re.compile(r"video|galler(?:y|ies)|news\.xml", re.I)
# A story's section: the path between its date and its slug (/2013/01/14/world/africa/slug/).
_SECTION_RE = re.compile(r"^/\d{4}/\d{2}/\d{2}/(?P<section>(?:[^/]+/)*)[^/]+/(?:index\.html?)?$")


@dataclass(frozen=True)
class Entry:
    """A story address a monthly sitemap lists, with what it says about the story."""

    loc: str
    lastmod: str = ""
    captions: tuple[str, ...] = ()
    alternates: tuple[str, ...] = ()


class CnnSitemap(Sitemap):
    """Scrapy's sitemap reader, keeping what CNN's sitemaps say of a story's picture: the
    caption is nested in <image:image>, which Scrapy's reader flattens to its (empty) text."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: Any) -> dict[str, Any] | None:
        captions = [" ".join(node.text.split()) for node in elem.iter()
                    if isinstance(node.tag, str) and node.tag.rpartition("}")[2] == "caption"
                    and node.text and node.text.strip()]
        found = super()._process_sitemap_element(elem)
        if found is not None and captions:
            found["captions"] = captions
        return found


def sitemap_body(body: bytes, max_size: int = 0) -> bytes:
    """The XML of a sitemap answer, gunzipped when it came as a .xml.gz file (a gzip
    Content-Encoding was already undone by Scrapy's HttpCompressionMiddleware)."""
    if body[:3] == b"\x1f\x8b\x08":  # scrapy.utils.gz.gzip_magic_number, on bytes
        return gunzip(body, max_size=max_size)
    return body


def from_robots(robots: bytes, base_url: str) -> list[str]:
    """The Sitemap: lines of a robots.txt, as absolute addresses, each once."""
    return list(dict.fromkeys(sitemap_urls_from_robots(robots, base_url=base_url)))


def month_of(url: str) -> tuple[int, int] | None:
    """(year, month) a sitemap's address names, or None for one that names none (an index)."""
    found = _MONTH_RE.search(urlsplit(url).path)
    return (int(found["year"]), int(found["month"])) if found else None


def wanted_sitemap(url: str, window: DateWindow) -> bool:
    """Whether a sitemap an index lists is worth reading: a month that overlaps the window,
    or an index or article sitemap that names no month."""
    month = month_of(url)
    if month is None:
        return not _NOT_ARTICLES_RE.search(urlsplit(url).path)
    first = date(month[0], month[1], 1)
    last = date(month[0] + month[1] // 12, month[1] % 12 + 1, 1)
    return (window.end is None or first <= window.end) and (window.start is None or last > window.start)


def read(xml: bytes) -> tuple[str, Iterator[dict[str, Any]]]:
    """("sitemapindex" or "urlset", its entries). Raises ValueError when it is not XML."""
    try:
        sitemap = CnnSitemap(xml)
    except Exception as exc:  # lxml's errors and StopIteration on an empty document
        raise ValueError(f"not a sitemap ({type(exc).__name__}: {exc})") from None
    return sitemap.type, iter(sitemap)


def entries(found: Iterable[dict[str, Any]]) -> Iterator[Entry]:
    for item in found:
        loc = (item.get("loc") or "").strip()
        if loc:
            yield Entry(loc, item.get("lastmod", ""), tuple(item.get("captions", ())),
                        tuple(item.get("alternate", ())))


def section_of(url: str) -> str:
    """"world/africa" for /2013/01/14/world/africa/france-troops/index.html; "" for none."""
    found = _SECTION_RE.match(urlsplit(url).path)
    return found["section"].strip("/").lower() if found else ""


def slug_words(url: str) -> str:
    """The words of a story address's slug and section ("mali unrest world africa")."""
    path = urlsplit(url).path
    path = re.sub(r"/index\.html?$", "", path)
    return " ".join(re.split(r"[-_./]+", path)).strip()


class CandidateRule:
    """A sitemap entry is a candidate when it is a CNN story of the window whose slug or
    picture caption names a topic word (a compiled pattern from the topic rule), or whose
    section is one where CNN filed stories that name no place in their slug."""

    def __init__(self, words: WordPattern | None, sections: Iterable[str], window: DateWindow) -> None:
        self.words = words
        self.sections = frozenset(s.strip("/").lower() for s in sections if s.strip("/"))
        self.window = window

    def why(self, entry: Entry) -> str:
        """"slug", "caption" or "section" when the entry is a candidate, else ""."""
        if url_kind(entry.loc) not in ("article", "blog_post") or not self.window.contains(
                date_from_url(entry.loc)):
            return ""
        if self.words is not None and self.words.search(slug_words(entry.loc)):
            return "slug"
        if self.words is not None and any(self.words.search(c) for c in entry.captions):
            return "caption"
        section = section_of(entry.loc)
        if section and any(section == s or section.startswith(s + "/") for s in self.sections):
            return "section"
        return ""
