"""Stream the corpus out: JSONL or JSON with authors, highlights and links nested, flat CSV, or CSL-JSON."""

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any

from sqlalchemy import Connection, text

from mali_news.archives.registry import NAMES
from mali_news.cleaning.body import word_count
from mali_news.cleaning.citation import csl_item
from mali_news.db.storydate import story_date
from mali_news.items import STORY_KINDS, Block

ARTICLE_COLUMNS = (
    "id", "url", "kind", "source_url", "layout", "title", "byline", "dateline", "published_at",
    "published_precision", "updated_at", "timestamp_text", "section", "description", "editor_note",
    "coverage_topic", "word_count", "body", "version", "version_at", "first_seen_at", "last_crawled_at",
    "origin", "capture_url", "captured_at", "capture_status", "capture_crawl", "warc_filename",
    "warc_record_offset", "warc_record_length", "topic_score", "topic_terms", "citation",
)
CSV_COLUMNS = (
    "id", "url", "kind", "title", "authors", "byline", "dateline", "published_at", "published_precision",
    "updated_at", "timestamp_text", "layout", "section", "word_count", "highlights", "n_links",
    "n_complete_coverage", "n_read_more", "version", "background_share",
    "origin", "archive", "capture_url", "captured_at", "capture_status", "capture_crawl", "warc_filename",
    "warc_record_offset", "warc_record_length", "topic_score", "topic_terms", "places", "actors", "sources",
    "citation", "body",
)
# Articles read per query: memory stays flat however large the corpus is.
CHUNK = 500


# Times the corpus keeps in UTC: exported as ISO 8601 with their zone ("2013-01-25T12:08:00+00:00"),
# so that no reader takes them for local time.
TIME_COLUMNS = frozenset({"published_at", "updated_at", "version_at", "first_seen_at", "last_crawled_at",
                          "captured_at", "listed_at"})


def _value(value: Any) -> Any:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def _time(value: datetime | str | None) -> str | None:
    """A stored UTC time as ISO 8601 with its zone; None stays None."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)).isoformat()


def _children(conn: Connection, ids: list[int]) -> tuple[dict[int, list[Any]], ...]:
    params = {f"id{i}": article_id for i, article_id in enumerate(ids)}
    in_list = ", ".join(f":{name}" for name in params)
    authors: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(text(f"""
            SELECT aa.article_id, au.name, au.kind FROM article_authors aa
            JOIN authors au ON au.id = aa.author_id
            WHERE aa.article_id IN ({in_list}) ORDER BY aa.article_id, aa.position"""), params):
        authors[row.article_id].append((row.name, row.kind))
    highlights: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(text(f"""
            SELECT article_id, text, is_new FROM highlights WHERE article_id IN ({in_list})
            ORDER BY article_id, position"""), params):
        highlights[row.article_id].append({"text": row.text, "is_new": bool(row.is_new)})
    links: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(text(f"""
            SELECT article_id, url, kind, anchor_text, teaser, listed_text, listed_at FROM links
            WHERE article_id IN ({in_list}) ORDER BY article_id, position"""), params):
        links[row.article_id].append({
            "url": row.url, "kind": row.kind, "anchor_text": row.anchor_text,
            "teaser": row.teaser, "listed_text": row.listed_text,
            "listed_at": _time(row.listed_at)})
    places: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(text(f"""
            SELECT m.article_id, p.name, m.count FROM place_mentions m JOIN places p ON p.id = m.place_id
            WHERE m.article_id IN ({in_list}) ORDER BY m.article_id, m.count DESC, p.name"""), params):
        places[row.article_id].append({"name": row.name, "count": row.count})
    actors: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(text(f"""
            SELECT m.article_id, a.name, m.count FROM actor_mentions m JOIN actors a ON a.id = m.actor_id
            WHERE m.article_id IN ({in_list}) ORDER BY m.article_id, m.count DESC, a.name"""), params):
        actors[row.article_id].append({"name": row.name, "count": row.count})
    quotes: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(text(f"""
            SELECT q.article_id, q.block, q.speaker, q.role, q.category, a.name AS actor, q.kind, q.verb,
                   q.text
            FROM quotes q LEFT JOIN actors a ON a.id = q.actor_id
            WHERE q.article_id IN ({in_list}) ORDER BY q.article_id, q.position"""), params):
        quotes[row.article_id].append({"block": row.block, "speaker": row.speaker, "role": row.role,
                                       "category": row.category, "actor": row.actor, "kind": row.kind,
                                       "verb": row.verb, "text": row.text})
    return authors, highlights, links, places, actors, quotes


def _fresh_bodies(conn: Connection, bodies: dict[int, str]) -> dict[int, str]:
    """Each story's body without the paragraphs an earlier story printed (recycled background).
    A story stored before typed blocks existed has none to leave out: its body as it is."""
    ids = list(bodies)
    params = {f"id{i}": article_id for i, article_id in enumerate(ids)}
    in_list = ", ".join(f":{name}" for name in params)
    kinds = ", ".join(f"'{kind}'" for kind in STORY_KINDS)
    with_blocks = {row[0] for row in conn.execute(text(
        f"SELECT DISTINCT article_id FROM article_blocks WHERE article_id IN ({in_list})"), params)}
    blocks: dict[int, list[str]] = {article_id: [] for article_id in ids}
    for row in conn.execute(text(f"""
            SELECT b.article_id, b.kind, b.text, b.marker FROM article_blocks b
            LEFT JOIN paragraph_cluster_members m ON m.article_id = b.article_id AND m.position = b.position
            WHERE b.article_id IN ({in_list}) AND b.kind IN ({kinds})
              AND (m.background IS NULL OR NOT m.background)
            ORDER BY b.article_id, b.position"""), params):
        blocks[row.article_id].append(Block(row.kind, row.text, row.marker or "").rendered())
    return {article_id: "\n\n".join(texts) if article_id in with_blocks else bodies[article_id] or ""
            for article_id, texts in blocks.items()}


@dataclass(frozen=True)
class Selection:
    """Which articles an export holds: by story date (first publication, else update, else first
    seen), kind, origin and a full-text query (FTS5 syntax, as `mali-news search` takes it)."""

    since: date | None = None
    until: date | None = None
    kinds: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    query: str = ""

    def where(self) -> tuple[str, dict[str, Any]]:
        """SQL conditions on the articles table, and their parameters."""
        parts, params = [], {}
        day = story_date("articles")
        if self.since:
            parts.append(f"{day} >= :since")
            params["since"] = self.since.isoformat()
        if self.until:
            parts.append(f"{day} < :until")
            params["until"] = (self.until + timedelta(days=1)).isoformat()
        for column, values in (("kind", self.kinds), ("origin", self.origins)):
            if values:
                names = [f"{column}{i}" for i in range(len(values))]
                parts.append(f"{column} IN ({', '.join(':' + n for n in names)})")
                params.update(zip(names, values, strict=True))
        if self.query:
            parts.append("id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :query)")
            params["query"] = self.query
        return "".join(f" AND {part}" for part in parts), params


def iter_articles(conn: Connection, exclude_background: bool = False,
                  selection: Selection | None = None) -> Iterator[dict[str, Any]]:
    """Every article (of the selection) with its authors, highlights and links, in id order, a
    chunk at a time; with exclude_background, body and word_count leave out the recycled
    paragraphs."""
    last_id = 0
    columns = ", ".join(ARTICLE_COLUMNS)
    where, params = (selection or Selection()).where()
    while True:
        rows = conn.execute(text(f"SELECT {columns} FROM articles WHERE id > :last{where} ORDER BY id "
                                 f"LIMIT {CHUNK}"), {**params, "last": last_id}).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        authors, highlights, links, places, actors, quotes = _children(conn, ids)
        shares = dict(conn.execute(text(
            f"SELECT article_id, background_share FROM article_background "
            f"WHERE article_id BETWEEN {ids[0]} AND {ids[-1]}")).all())
        fresh = _fresh_bodies(conn, {row.id: row.body for row in rows}) if exclude_background else {}
        for row in rows:
            article = {name: (_time if name in TIME_COLUMNS else _value)(getattr(row, name))
                       for name in ARTICLE_COLUMNS}
            article["background_share"] = _value(shares.get(row.id))
            if exclude_background:
                article["body"] = fresh[row.id]
                article["word_count"] = word_count(fresh[row.id])
            article["archive"] = row.origin if row.origin in NAMES else None
            article["authors"] = [name for name, _ in authors[row.id]]
            article["credits"] = [{"name": name, "kind": kind} for name, kind in authors[row.id]]
            article["highlights"] = highlights[row.id]
            article["links"] = links[row.id]
            article["places"] = places[row.id]
            article["actors"] = actors[row.id]
            article["quotes"] = quotes[row.id]
            yield article
        last_id = rows[-1].id


def write_jsonl(conn: Connection, out: IO[str], exclude_background: bool = False,
                selection: Selection | None = None) -> int:
    n = 0
    articles = iter_articles(conn, exclude_background, selection)
    for n, article in enumerate(articles, 1):  # noqa: B007 (n is the count)
        out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return n


def _json_array(items: Iterator[dict[str, Any]], out: IO[str]) -> int:
    """One JSON array, written an item at a time: memory stays flat."""
    n = 0
    out.write("[")
    for n, item in enumerate(items, 1):
        out.write(("\n" if n == 1 else ",\n") + json.dumps(item, ensure_ascii=False))
    out.write("\n]\n")
    return n


def write_json(conn: Connection, out: IO[str], exclude_background: bool = False,
               selection: Selection | None = None) -> int:
    return _json_array(iter_articles(conn, exclude_background, selection), out)


def csl(article: dict[str, Any]) -> dict[str, Any]:
    return csl_item({**article, "credits": [(c["name"], c["kind"]) for c in article["credits"]]})


def write_csl_json(conn: Connection, out: IO[str], exclude_background: bool = False,
                   selection: Selection | None = None) -> int:
    """CSL-JSON, one item per article, as Zotero and citeproc read it."""
    return _json_array((csl(article) for article in iter_articles(conn, exclude_background, selection)),
                       out)


def flat_row(article: dict[str, Any]) -> dict[str, Any]:
    kinds = [link["kind"] for link in article["links"]]
    return {
        **{name: article[name] for name in CSV_COLUMNS if name in article},
        "authors": "; ".join(article["authors"]),
        "highlights": " | ".join(h["text"] for h in article["highlights"]),
        "n_links": len(kinds),
        "n_complete_coverage": kinds.count("complete_coverage"),
        "n_read_more": sum(kind in ("read_more", "related") for kind in kinds),
        "places": "; ".join(place["name"] for place in article["places"]),
        "actors": "; ".join(actor["name"] for actor in article["actors"]),
        # Who the story quotes: "Victoria Nuland (government); Statoil (business)", each speaker once.
        "sources": "; ".join(dict.fromkeys(f"{q['speaker']} ({q['category']})" for q in article["quotes"])),
    }


def write_csv(conn: Connection, out: IO[str], exclude_background: bool = False,
              selection: Selection | None = None) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    n = 0
    articles = iter_articles(conn, exclude_background, selection)
    for n, article in enumerate(articles, 1):  # noqa: B007 (n is the count)
        writer.writerow(flat_row(article))
    return n


WRITERS = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv, "csl-json": write_csl_json}
