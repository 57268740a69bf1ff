"""The article item that flows from the parsers through the pipelines to the store."""

from dataclasses import dataclass, field
from datetime import datetime

from mali_news.archives.capture import Capture

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


# Story text, in reading order.
STORY_KINDS = ("paragraph", "subhead", "list_item", "blockquote")
# Text the parsers found beside the story and kept apart from it.
ASIDE_KINDS = ("caption", "video_title", "link_paragraph", "editor_note", "contributor_note", "promo")
BLOCK_KINDS = STORY_KINDS + ASIDE_KINDS


@dataclass
class Block:
    """A piece of a page's text, typed by the element the parser found it in.

    marker is a list item's "1." or "•"; it is kept apart so that the text stays the item's own.
    """

    kind: str
    text: str
    marker: str = ""

    @property
    def in_story(self) -> bool:
        return self.kind in STORY_KINDS

    def rendered(self) -> str:
        """The block as a line of the plain body: list items keep their marker."""
        if self.marker and not self.text.startswith(self.marker):
            return f"{self.marker} {self.text}"
        return self.text


CREDIT_KINDS = ("person", "staff", "agency")


@dataclass
class Credit:
    """One credit of a byline: a person (with role and outlet, if printed), a staff credit
    ("CNN Wire Staff") or a news agency ("Reuters")."""

    name: str
    kind: str = "person"
    role: str = ""
    outlet: str = ""


@dataclass
class Turn:
    """One speaker's turn in a TV transcript; matched: it names the conflict (topic rule)."""

    speaker: str
    role: str
    text: str
    matched: bool = False


@dataclass(frozen=True)
class Mention:
    """How often a story names a place or an actor; first_position is the character offset of
    the first mention in the story's body (None when only the title or highlights name it)."""

    id: str
    count: int
    first_position: int | None = None


@dataclass(frozen=True)
class Quote:
    """An attributed statement: in which text block, who said it (as printed, without the role),
    their role, the kind of source, the listed actor they belong to, direct / indirect / mixed, the
    verb, and the quoted or reported words."""

    block: int
    speaker: str
    role: str
    category: str
    actor_id: str | None
    kind: str
    verb: str
    text: str


ARTICLE_KINDS = ("story", "blog_post", "transcript")


@dataclass
class ArticleItem:
    """Raw fields from a parser, then the cleaned fields the pipelines add."""

    url: str
    source_url: str
    layout: str
    # story, blog_post or transcript
    kind: str = "story"
    title: str = ""
    byline: str = ""
    # Names from structured data, for pages whose byline is not printed in a known place.
    author_names: list[str] = field(default_factory=list)
    timestamp_text: str = ""
    published_meta: str = ""
    modified_meta: str = ""
    raw_highlights: list[str] = field(default_factory=list)
    # The page's text as typed blocks in reading order, story and asides alike.
    blocks: list[Block] = field(default_factory=list)
    # A dateline printed apart from the first paragraph (2022+ pages); the body pipeline
    # otherwise takes it from the first paragraph.
    dateline: str = ""
    coverage_topic: str = ""
    section: str = ""
    description: str = ""
    # A blog post's "Filed under" categories and its tags, as printed.
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # Every address the page was fetched or named under (request, redirects, rel=canonical,
    # og:url); url is the one key they all lead to.
    addresses: list[str] = field(default_factory=list)
    # The archived copy the page was read from (None for cnn.com or a replay); url stays the
    # original's.
    capture: Capture | None = None
    # A transcript's speaker turns, in order.
    turns: list[Turn] = field(default_factory=list)
    # The topic rule's score and the words that made it ("Mali 4; Gao 2").
    topic_score: float | None = None
    topic_terms: str = ""
    # Set by the pipelines.
    credits: list[Credit] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    # The story blocks after cleaning (dateline split off); body is their text.
    story: list[Block] = field(default_factory=list)
    body: str = ""
    editor_note: str = ""
    word_count: int = 0
    published_at: datetime | None = None
    # "minute" when a timestamp gave the time, "day" when only the URL's date was known.
    published_precision: str = ""
    updated_at: datetime | None = None
    # The gazetteer's places and the listed actors the story names.
    places: list[Mention] = field(default_factory=list)
    actors: list[Mention] = field(default_factory=list)
    # Who is quoted, in the order of the story.
    quotes: list[Quote] = field(default_factory=list)
    # Where the page was read (live, wayback, replay, sample) and its APA citation.
    origin: str = ""
    citation: str = ""

    @property
    def authors(self) -> list[str]:
        return [credit.name for credit in self.credits]

    @property
    def paragraphs(self) -> list[str]:
        """The text of the story blocks as the parser found them (dateline not yet split off)."""
        return [block.text for block in self.blocks if block.in_story and block.text]
