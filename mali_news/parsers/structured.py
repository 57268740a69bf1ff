"""Structured data on a page: JSON-LD objects, the NewsArticle among them, and author names."""

import json
import logging
from collections.abc import Iterator
from typing import Any

from parsel import Selector

from mali_news.cleaning.text import normalize_space
from mali_news.parsers.common import root_of, xpath

logger = logging.getLogger(__name__)

_JSON_LD = xpath("//script[@type='application/ld+json']/text()")

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                           "OpinionNewsArticle", "BlogPosting", "LiveBlogPosting"})


def _flatten(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for entry in value:
            yield from _flatten(entry)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _flatten(value["@graph"])


def json_ld(sel: Selector | Any) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page; a block that is not valid JSON is skipped."""
    objects: list[dict[str, Any]] = []
    for text in _JSON_LD(root_of(sel)):
        try:
            objects.extend(_flatten(json.loads(text, strict=False)))
        except ValueError:
            logger.debug("Skipping a JSON-LD block that is not valid JSON")
    return objects


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    return set(kind) if isinstance(kind, list) else {str(kind)}


def news_article(sel: Selector | Any) -> dict[str, Any] | None:
    """The page's JSON-LD NewsArticle (or Article, BlogPosting ...), if it has one."""
    for obj in json_ld(sel):
        if _types(obj) & ARTICLE_TYPES:
            return obj
    return None


def person_names(author: Any) -> list[str]:
    """Names from a schema.org author value: a string, a Person, or a list of them."""
    names: list[str] = []
    for entry in author if isinstance(author, list) else [author]:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str) and (name := normalize_space(name)) and name not in names:
            names.append(name)
    return names


def text_value(obj: dict[str, Any] | None, key: str) -> str:
    value = (obj or {}).get(key)
    return normalize_space(value) if isinstance(value, str) else ""
