"""Full-text search over title, highlights and body, ranked, with highlighted snippets."""

import re
import sqlite3
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import DatabaseError, OperationalError

from mali_news import UserError

MARK_START, MARK_END = "[", "]"
# Title hits weigh most, then highlights, then body (bm25 column weights).
_RANK = "bm25(articles_fts, 10.0, 4.0, 1.0)"


@dataclass
class Hit:
    """One result: its place in the list (1 is best), whether the title matches, and its BM25
    score (higher is better; near 0 for a word most stories hold, which FTS5 gives almost no
    weight)."""

    rank: int
    url: str
    title: str
    published_at: str | None
    snippet: str
    in_title: bool = False
    score: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class SearchError(UserError, ValueError):
    """A query that cannot be searched, or a corpus that cannot be searched."""


def quote_terms(query: str) -> str:
    """The query as plain words: each term quoted, so FTS5 syntax characters are literal."""
    terms = re.findall(r"\w[\w'’-]*", query)
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def search(conn: Connection, query: str, since: date | None = None, until: date | None = None,
           limit: int = 20) -> list[Hit]:
    """Articles matching query (FTS5 syntax: words, "phrases", OR, NOT, prefix*), best first."""
    if conn.dialect.name != "sqlite":
        raise SearchError("full-text search needs the SQLite corpus (FTS5)")
    if not query.strip():
        raise SearchError("the search query is empty")
    params = {"since": since.isoformat() if since else None,
              "until": (until + timedelta(days=1)).isoformat() if until else None,
              "limit": limit}
    # Without a date filter the ranking needs the index alone; the articles are read after.
    ranking = _RANKED_BY_DATE if since or until else _RANKED
    try:
        ranked = _ranked(conn, ranking, params, query)
    except OperationalError as exc:
        if "no such table" in str(exc):
            raise
        # Not valid FTS5 syntax ("U.S.-led", a stray quote, "word:"): search the words instead.
        query = quote_terms(query)
        if not query:
            raise SearchError("nothing to search for in that query") from None
        ranked = _ranked(conn, ranking, params, query)
    articles = {row.id: row for row in conn.execute(_ARTICLES, {"ids": [r.id for r in ranked]})}
    if lost := [r.id for r in ranked if r.id not in articles]:
        # The index names stories the file no longer holds (its last pages damaged): the same one
        # line as every read command gives a damaged file, not a KeyError.
        raise DatabaseError("search", None, sqlite3.DatabaseError(
            f"damaged: the full-text index names {len(lost)} stories the file no longer holds"))
    hits = []
    for position, ranked_row in enumerate(ranked, 1):
        row = articles[ranked_row.id]
        # Snippets for the few results only: in the ranking query they would be made for
        # every match.
        snippet = conn.execute(_SNIPPET, {"query": query, "id": row.id}).scalar_one()
        hits.append(Hit(rank=position, url=row.url, title=row.title,
                        published_at=str(row.published_at) if row.published_at else None,
                        snippet=" ".join(snippet.split()), in_title=bool(ranked_row.in_title),
                        score=float(f"{-ranked_row.rank:.6g}") + 0.0))
    return hits


def _ranked(conn: Connection, ranking: Any, params: dict[str, Any], query: str) -> list[Any]:
    """The matches, those whose title matches first (BM25 weighs a title hit most, but gives a
    word that most stories hold almost no weight at all), then by BM25."""
    try:
        return conn.execute(ranking, {**params, "query": query, "title_query": f"title : ({query})"}).all()
    except OperationalError as exc:
        if "no such table" in str(exc):
            raise
        # A query the title filter cannot wrap (one with column filters of its own): BM25 alone.
        conn.execute(text("SELECT 1 FROM articles_fts WHERE articles_fts MATCH :query LIMIT 1"),
                     {"query": query})
        return conn.execute(ranking, {**params, "query": query, "title_query": '""'}).all()


_IN_TITLE = "rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :title_query)"
_RANKED = text(f"""
    SELECT rowid AS id, {_RANK} AS rank, {_IN_TITLE} AS in_title FROM articles_fts
    WHERE articles_fts MATCH :query ORDER BY in_title DESC, rank LIMIT :limit""")
_RANKED_BY_DATE = text(f"""
    SELECT a.id, {_RANK} AS rank, {_IN_TITLE.replace("rowid IN", "a.id IN")} AS in_title
    FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH :query
      AND (:since IS NULL OR coalesce(a.published_at, a.updated_at) >= :since)
      AND (:until IS NULL OR coalesce(a.published_at, a.updated_at) < :until)
    ORDER BY in_title DESC, rank LIMIT :limit""")
_ARTICLES = text("SELECT id, url, title, published_at FROM articles WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True))
_SNIPPET = text(f"""
    SELECT snippet(articles_fts, -1, '{MARK_START}', '{MARK_END}', '…', 16) FROM articles_fts
    WHERE articles_fts MATCH :query AND rowid = :id""")


def format_hits(hits: list[Hit]) -> str:
    if not hits:
        return "no matches"
    lines = []
    for n, hit in enumerate(hits, 1):
        lines.append(f"{n:>3}. {(hit.published_at or '')[:10]:<10}  {hit.title}")
        lines.append(f"     {hit.url}")
        lines.append(f"     {hit.snippet}")
    return "\n".join(lines)
