"""The article item that flows from the parsers through the pipelines to the store."""

from dataclasses import dataclass, field
from datetime import datetime

LINK_KINDS = ("complete_coverage", "coverage_hub", "read_more", "related")


@dataclass
class Link:
    """A link an article shows; url is the target's canonical URL, href the address as linked."""

    url: str
    kind: str
    href: str = ""
    anchor_text: str = ""
    teaser: str = ""
    listed_text: str = ""
    listed_at: datetime | None = None


@dataclass
class Highlight:
    text: str
    is_new: bool = False


@dataclass
class ArticleItem:
    """Raw fields from a parser, then the cleaned fields the pipelines add."""

    url: str
    source_url: str
    layout: str
    title: str = ""
    byline: str = ""
    # Names from structured data, for pages whose byline is not printed in a known place.
    author_names: list[str] = field(default_factory=list)
    timestamp_text: str = ""
    published_meta: str = ""
    modified_meta: str = ""
    raw_highlights: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    editor_note: str = ""
    # A dateline printed apart from the first paragraph (2022+ pages); the body pipeline
    # otherwise takes it from the first paragraph.
    dateline: str = ""
    coverage_topic: str = ""
    section: str = ""
    description: str = ""
    links: list[Link] = field(default_factory=list)
    # Where a page fetched from the Wayback Machine came from; the url stays the original's.
    capture_url: str = ""
    captured_at: datetime | None = None
    # Set by the pipelines.
    authors: list[str] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    body: str = ""
    word_count: int = 0
    published_at: datetime | None = None
    updated_at: datetime | None = None
