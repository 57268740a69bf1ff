"""A story's renderings as the corpus holds them, and what changed between them."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, text

from mali_news.archives.registry import NAMES
from mali_news.corpus.diff import Change, diff
from mali_news.urls import canonical_url


@dataclass(frozen=True)
class Rendering:
    id: int
    url: str
    source: str
    captured_at: datetime | str
    layout: str
    is_record: bool
    blocks: list[str]
    highlights: list[str]

    @property
    def label(self) -> str:
        """"the record: wayback, captured 2013-01-26 00:30:00 (legacy, rendering 3)"."""
        what = "the record" if self.is_record else "rendering"
        when = str(self.captured_at)[:19]
        return f"{what}: {self.source}, captured {when} ({self.layout}, rendering {self.id})"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def renderings_of(conn: Connection, url: str) -> list[Rendering]:
    """The renderings of the story at this address (any address it was fetched or named under),
    oldest capture first; none when the corpus does not hold it."""
    rows = conn.execute(text("""
        SELECT r.id, a.url, r.source, r.captured_at, r.layout, r.is_record, r.blocks, r.highlights
        FROM article_renderings r JOIN articles a ON a.id = r.article_id
        WHERE r.article_id = (SELECT article_id FROM article_urls WHERE url IN (:given, :key) LIMIT 1)
        ORDER BY r.captured_at, r.id"""), {"given": url, "key": canonical_url(url)}).all()
    return [Rendering(row.id, row.url, row.source, row.captured_at, row.layout, bool(row.is_record),
                      [block[1] for block in _json(row.blocks)], list(_json(row.highlights)))
            for row in rows]


def compare(old: Rendering, new: Rendering) -> list[Change]:
    return diff(old.blocks, new.blocks, old.highlights, new.highlights)


def default_pair(renderings: list[Rendering]) -> tuple[Rendering, Rendering] | None:
    """The record and the latest other rendering, the one a reader most likely asks about."""
    record = next((r for r in renderings if r.is_record), None)
    others = [r for r in renderings if r is not record]
    if record is None or not others:
        return None
    return record, others[-1]


def chosen_pair(renderings: list[Rendering], old: int | None = None,
                new: int | None = None) -> tuple[Rendering, Rendering]:
    """The two renderings to compare: those asked for by id, else the record and the latest
    other, else the first and the last (the same one when there is one). KeyError(id) for an id
    the story has no rendering of."""
    by_id = {r.id: r for r in renderings}
    for given in (old, new):
        if given is not None and given not in by_id:
            raise KeyError(given)
    pair = default_pair(renderings)
    return (by_id[old] if old is not None else (pair[0] if pair else renderings[0]),
            by_id[new] if new is not None else (pair[1] if pair else renderings[-1]))


def changed_stories(conn: Connection) -> list[dict[str, Any]]:
    """Each story with a rendering whose story text differs from its record's: the rendering,
    and the counts of blocks changed, added and removed."""
    rows = conn.execute(text("""
        SELECT a.url, a.title, r.id, r.source, r.captured_at, r.layout, r.blocks, r.highlights,
               rec.blocks AS record_blocks, rec.highlights AS record_highlights
        FROM article_renderings r
        JOIN article_renderings rec ON rec.article_id = r.article_id AND rec.is_record AND rec.id <> r.id
        JOIN articles a ON a.id = r.article_id
        ORDER BY a.url, r.captured_at, r.id""")).all()
    found = []
    for row in rows:
        changes = diff([b[1] for b in _json(row.record_blocks)], [b[1] for b in _json(row.blocks)],
                       _json(row.record_highlights), _json(row.highlights))
        if changes:
            counts = {kind: sum(c.kind == kind for c in changes) for kind in ("changed", "added", "removed")}
            found.append({"url": row.url, "title": row.title, "rendering_id": row.id, "source": row.source,
                          "captured_at": str(row.captured_at)[:19], "layout": row.layout, **counts})
    return found


def live_summary(conn: Connection) -> dict[str, int]:
    """How many stories cnn.com re-serves today (a live rendering beside an archived record),
    and how many of those with story text different from the record's."""
    served = conn.execute(text("""
        SELECT count(DISTINCT r.article_id) FROM article_renderings r
        JOIN article_renderings rec ON rec.article_id = r.article_id AND rec.is_record
        WHERE r.source = 'live' AND rec.source IN :archives""").bindparams(
        bindparam("archives", expanding=True)), {"archives": list(NAMES)}).scalar_one()
    different = len({c["url"] for c in changed_stories(conn) if c["source"] == "live"})
    return {"archived_records_served_live": served, "served_live_with_different_text": different}
