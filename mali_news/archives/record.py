"""The story of record: which of a story's renderings `articles` shows."""

from datetime import datetime

from mali_news.archives.registry import NAMES


def record_rank(origin: str | None, captured_at: datetime | None, published_at: datetime | None,
                fetched_at: datetime) -> tuple[int, float]:
    """How good a rendering is as the story of record (lower is better): an archived capture
    taken on or after the publication day, the earliest first; then an archived capture from
    before it (a publication date read wrong); then a page of today (live, a replay), the newest
    first, as a re-crawl of a live story has always replaced its older version."""
    if origin in NAMES and captured_at is not None:
        on_time = published_at is None or captured_at.date() >= published_at.date()
        return (0 if on_time else 1, captured_at.timestamp())
    return (2, -fetched_at.timestamp())
