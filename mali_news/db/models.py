"""SQLAlchemy models of the corpus; every time is stored in UTC."""

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# "2013-01-25 21:47:00": what SQLite's date functions and analysts' eyes read directly.
_SQLITE_FORMAT = "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as naive UTC, without microseconds on SQLite."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect):  # type: ignore[no-untyped-def]
        if dialect.name == "sqlite":
            return dialect.type_descriptor(SQLITE_DATETIME(storage_format=_SQLITE_FORMAT))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None, microsecond=0)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    source_url: Mapped[str] = mapped_column(String(2048))
    layout: Mapped[str] = mapped_column(String(32))
    # story, blog_post or transcript
    kind: Mapped[str] = mapped_column(String(16), default="story", server_default="story", index=True)
    title: Mapped[str] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    dateline: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # "minute" when a timestamp gave published_at, "day" when only the address's date did.
    published_precision: Mapped[str | None] = mapped_column(String(8))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    timestamp_text: Mapped[str | None] = mapped_column(Text)
    # The story blocks' text in reading order (article_blocks keeps them typed).
    body: Mapped[str] = mapped_column(Text)
    # The highlights joined by newlines: searchable with title and body.
    highlights_text: Mapped[str | None] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    editor_note: Mapped[str | None] = mapped_column(Text)
    coverage_topic: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(String(128))
    description: Mapped[str | None] = mapped_column(Text)
    # A blog post's categories and tags, joined by "; " ("Africa; Mali").
    categories: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[str | None] = mapped_column(Text)
    # A page read from an archive: the capture's address (for Common Crawl, its WARC file) and
    # time (UTC).
    capture_url: Mapped[str | None] = mapped_column(String(2048))
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The page's own answer when it was captured (its recorded HTTP status), NULL for a row stored
    # before it was kept.
    capture_status: Mapped[int | None] = mapped_column(Integer)
    # A page read from Common Crawl: the crawl and the WARC record that holds it, so that
    # `curl -r OFFSET-(OFFSET+LENGTH-1) <data host>/<warc_filename>` gives the same bytes again.
    capture_crawl: Mapped[str | None] = mapped_column(String(32))
    warc_filename: Mapped[str | None] = mapped_column(String(512))
    warc_record_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_record_length: Mapped[int | None] = mapped_column(Integer)
    # The topic rule's score of the story and the words that made it ("Mali 4; Gao 2").
    topic_score: Mapped[float | None] = mapped_column(Float)
    topic_terms: Mapped[str | None] = mapped_column(Text)
    # Where the page was read: "live" (cnn.com), an archive ("wayback"), "replay" (a folder or
    # WARC), or "sample" (the bundled sample pages, written for the tests: not CNN's text).
    origin: Mapped[str | None] = mapped_column(String(16))
    # The story's reference in APA style, rendered by citeproc-py from what the page gave.
    citation: Mapped[str | None] = mapped_column(Text)
    # content_hash covers what makes a new version (title, authors, highlights, story text);
    # page_hash everything stored, so a page re-fetched unchanged writes nothing.
    content_hash: Mapped[str] = mapped_column(String(64))
    page_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    version_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_crawled_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ArticleRendering(Base):
    """Every distinct fetch of a story: an archive's capture (2013, or a later version), cnn.com's
    re-serve today, a replay. One row per source and content; is_record marks the one `articles`
    shows (the story of record: its earliest archived capture on or after its publication day)."""

    __tablename__ = "article_renderings"
    __table_args__ = (UniqueConstraint("article_id", "source", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    # wayback, commoncrawl, live, replay or sample
    source: Mapped[str] = mapped_column(String(16))
    # The archive's capture time; for a live page or a replay, when it was fetched. The earliest
    # time this content was seen from this source.
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    layout: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    source_url: Mapped[str] = mapped_column(String(2048))
    capture_url: Mapped[str | None] = mapped_column(String(2048))
    capture_status: Mapped[int | None] = mapped_column(Integer)
    capture_crawl: Mapped[str | None] = mapped_column(String(32))
    warc_filename: Mapped[str | None] = mapped_column(String(512))
    warc_record_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_record_length: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    timestamp_text: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # [text, ...] and [[kind, text], ...]: what a diff compares.
    highlights: Mapped[list[str]] = mapped_column(JSON)
    blocks: Mapped[list[list[str]]] = mapped_column(JSON)
    word_count: Mapped[int] = mapped_column(Integer)
    is_record: Mapped[bool] = mapped_column(Boolean, default=False)


class ArticleRevision(Base):
    """A version of a story that a later crawl replaced; articles holds the newest."""

    __tablename__ = "article_revisions"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), index=True)
    title: Mapped[str] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON)
    highlights: Mapped[list[str]] = mapped_column(JSON)
    dateline: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timestamp_text: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    version_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Fetch(Base):
    """When each stored story was last fetched, whether or not its content changed."""

    __tablename__ = "fetches"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    last_fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Author(Base):
    """A credited name: a person, a staff credit ("CNN Wire Staff") or an agency ("Reuters")."""

    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="person", server_default="person")


class ArticleAuthor(Base):
    """A story's credits in byline order, with the role and outlet printed beside a name."""

    __tablename__ = "article_authors"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)
    role: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)


class ArticleBlock(Base):
    """A story's text as typed blocks in reading order: story kinds (paragraph, subhead,
    list_item, blockquote) and what the page printed beside the story (caption, video_title,
    link_paragraph, editor_note, contributor_note, promo)."""

    __tablename__ = "article_blocks"
    __table_args__ = (Index("ix_article_blocks_kind", "kind"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    # A list item's "1." or "•".
    marker: Mapped[str | None] = mapped_column(String(16))


class TranscriptTurn(Base):
    """A speaker's turn in a TV transcript; matched: the turn names the conflict."""

    __tablename__ = "transcript_turns"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    speaker: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    matched: Mapped[bool]


class ArticleUrl(Base):
    """Every address a story was fetched or named under, so a link to any of them finds it."""

    __tablename__ = "article_urls"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class Highlight(Base):
    __tablename__ = "highlights"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    is_new: Mapped[bool]


class Link(Base):
    __tablename__ = "links"
    __table_args__ = (Index("ix_links_url", "url"), Index("ix_links_kind", "kind"))

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    kind: Mapped[str] = mapped_column(String(32))
    anchor_text: Mapped[str | None] = mapped_column(Text)
    teaser: Mapped[str | None] = mapped_column(Text)
    listed_text: Mapped[str | None] = mapped_column(Text)
    listed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    spider: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finish_reason: Mapped[str | None] = mapped_column(String(64))
    pages_fetched: Mapped[int] = mapped_column(default=0)
    articles_new: Mapped[int] = mapped_column(default=0)
    articles_updated: Mapped[int] = mapped_column(default=0)
    articles_unchanged: Mapped[int] = mapped_column(default=0)
    pages_skipped: Mapped[int] = mapped_column(default=0)
    items_dropped: Mapped[int] = mapped_column(default=0)
    dropped: Mapped[dict[str, int] | None] = mapped_column(JSON)
    errors: Mapped[int] = mapped_column(default=0)
    failed: Mapped[dict[str, int] | None] = mapped_column(JSON)
    stats: Mapped[dict[str, object] | None] = mapped_column(JSON)
    # "live and the Wayback Machine", "the bundled sample (fixtures/site)", "replay of crawl.warc.gz".
    origin: Mapped[str | None] = mapped_column(Text)
    # mali-news crawl's exit status for this run, and its one-line reason when not 0.
    exit_status: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(Text)


class Candidate(Base):
    """An address a discovery route (sitemaps, archive) found, and what became of it: queued,
    stored, dropped or failed, with the reason."""

    __tablename__ = "candidates"

    # The story's key (canonical_url); found_url is the address as the route gave it.
    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    source: Mapped[str] = mapped_column(String(16), index=True)
    found_url: Mapped[str] = mapped_column(String(2048))
    first_found_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str | None] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Which capture the route named ({"timestamp": "20130126003000"}, JSON), so that a candidate
    # left queued is fetched from it by the next run; and why it is a candidate ("slug",
    # "section", ...), which decides whether its live page is judged first.
    capture: Mapped[dict[str, str] | None] = mapped_column(JSON)
    why: Mapped[str | None] = mapped_column(String(16))


class DiscoveryListing(Base):
    """One prefix query of an archive's index in the current discovery pass, and how far it was
    read: a run that stops (the archive out of reach, Ctrl-C) leaves its unread pages pending
    with their resume key, and the next run reads on from there instead of starting over."""

    __tablename__ = "discovery_listings"

    # A short hash of prefix and filter (discovery/wayback.Listing.key).
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    prefix: Mapped[str] = mapped_column(String(512))
    original_regex: Mapped[str] = mapped_column(Text)
    resume_key: Mapped[str | None] = mapped_column(Text)
    # pending, done, narrowed (a timeout: narrower listings replace it) or failed
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str | None] = mapped_column(String(128))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    found: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SkippedCapture(Base):
    """A capture an archive served for a story that was not the story: an archived error, a
    redirect elsewhere or in a loop, an empty or non-HTML memento. The crawl read another
    capture instead, or failed the story with this reason."""

    __tablename__ = "skipped_captures"
    __table_args__ = (UniqueConstraint("url", "capture_url", name="uq_skipped_captures_url_capture"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The story's key (canonical_url).
    url: Mapped[str] = mapped_column(String(2048), index=True)
    archive: Mapped[str] = mapped_column(String(32))
    capture_url: Mapped[str] = mapped_column(String(2048))
    # The status the page had when it was captured (the memento's), or the archive's own (404).
    status: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(64), index=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StoreFailure(Base):
    """An article a crawl fetched and could not store: the next crawl fetches it again."""

    __tablename__ = "store_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), index=True)
    # "<exception class>: <message>"
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))


class Place(Base):
    """A place of the bundled gazetteer (mali_news/data/places.csv), loaded at every start."""

    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    # "Tombouctou|Timbuctoo"
    alternate_names: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    # ISO 3166 alpha-2 ("ML") and the first-level division ("Tombouctou").
    country: Mapped[str] = mapped_column(String(2), index=True)
    admin1: Mapped[str | None] = mapped_column(String(128))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)


class _Mention:
    """A story names a place or an actor count times; first_position: the character offset of
    the first mention in its body (empty when only the title or highlights name it)."""

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    first_position: Mapped[int | None] = mapped_column(Integer)


class PlaceMention(_Mention, Base):
    __tablename__ = "place_mentions"

    place_id: Mapped[str] = mapped_column(
        ForeignKey("places.id", ondelete="CASCADE"), primary_key=True, index=True)


class Actor(Base):
    """An armed group, force, mission, organisation, state or person (mali_news/data/actors.csv)."""

    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    alternate_names: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    description: Mapped[str | None] = mapped_column(Text)


class ActorMention(_Mention, Base):
    __tablename__ = "actor_mentions"

    actor_id: Mapped[str] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True)


class ArticleQuote(Base):
    """An attributed statement of a story: in which text block, who said it (as printed, without
    the role), the role apart, the kind of source, the listed actor the speaker belongs to, direct,
    indirect or mixed, the verb, and the quoted or reported words."""

    __tablename__ = "quotes"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    # Its order among the story's quotes.
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The article_blocks position of the block it is in.
    block: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    # government, armed_group, international, civil_society, civilian, business, media, unknown.
    category: Mapped[str] = mapped_column(String(16), index=True)
    actor_id: Mapped[str | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True)
    # direct, indirect or mixed.
    kind: Mapped[str] = mapped_column(String(8))
    verb: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)


class ParagraphCluster(Base):
    """Paragraphs of different stories that are the same or nearly (recycled background); the
    first is where the earliest story printed it."""

    __tablename__ = "paragraph_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    first_position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    n_paragraphs: Mapped[int] = mapped_column(Integer)
    n_articles: Mapped[int] = mapped_column(Integer)


class ParagraphClusterMember(Base):
    """A story paragraph (article_blocks' article_id and position) in a cluster; background:
    an earlier story printed it first. similarity: Jaccard of its word 5-shingles with the first."""

    __tablename__ = "paragraph_cluster_members"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("paragraph_clusters.id", ondelete="CASCADE"), index=True)
    background: Mapped[bool]
    similarity: Mapped[float] = mapped_column(Float)
