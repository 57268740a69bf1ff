"""What the corpus holds: counts, date range, layouts, authors and links."""

import json
from typing import Any

from sqlalchemy import Connection, text

from mali_news.corpus.renderings import live_summary
from mali_news.db.storydate import story_month
from mali_news.ledger import totals


def _rows(conn: Connection, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(text(sql), params)]


def corpus_stats(conn: Connection, top_authors: int = 20) -> dict[str, Any]:
    """A JSON-ready summary of the corpus."""
    (articles, words, first, last), = _rows(conn, """
        SELECT count(*), coalesce(sum(word_count), 0),
               min(coalesce(published_at, updated_at)), max(coalesce(published_at, updated_at))
        FROM articles""")
    last_run = _rows(conn, """SELECT started_at, finished_at, finish_reason, articles_new,
                                     articles_updated, articles_unchanged, dropped, failed,
                                     exit_status, outcome, origin
                              FROM crawl_runs ORDER BY id DESC LIMIT 1""")
    return {
        "articles": articles,
        "words": words,
        "first_published": str(first) if first else None,
        "last_published": str(last) if last else None,
        "layouts": dict(_rows(conn, "SELECT layout, count(*) FROM articles GROUP BY layout "
                                    "ORDER BY count(*) DESC, layout")),
        "authors": dict(_rows(conn, """
            SELECT au.name, count(DISTINCT aa.article_id) AS n FROM authors au
            JOIN article_authors aa ON aa.author_id = au.id WHERE au.kind = 'person'
            GROUP BY au.name ORDER BY n DESC, au.name LIMIT :top""", top=top_authors)),
        # Staff and wire copy counted apart from people's stories.
        "staff_and_agencies": dict(_rows(conn, """
            SELECT au.name || ' (' || au.kind || ')', count(DISTINCT aa.article_id) AS n
            FROM authors au JOIN article_authors aa ON aa.author_id = au.id
            WHERE au.kind <> 'person'
            GROUP BY au.name, au.kind ORDER BY n DESC, au.name""")),
        "articles_without_authors": _rows(conn, """
            SELECT count(*) FROM articles a
            WHERE NOT EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id)""")[0][0],
        "links": dict(_rows(conn, "SELECT kind, count(*) FROM links GROUP BY kind "
                                  "ORDER BY count(*) DESC, kind")),
        "links_to_stored_stories": _rows(conn, "SELECT count(*) FROM links l "
                                               "JOIN articles a ON a.url = l.url")[0][0],
        "revisions": _rows(conn, "SELECT count(*) FROM article_revisions")[0][0],
        "background": _background(conn),
        # Stories naming each place and actor, the most named first.
        "places": dict(_rows(conn, """
            SELECT p.name, count(*) AS n FROM place_mentions pm JOIN places p ON p.id = pm.place_id
            GROUP BY p.name ORDER BY n DESC, p.name LIMIT :top""", top=top_authors)),
        "actors": dict(_rows(conn, """
            SELECT ac.name, count(*) AS n FROM actor_mentions am JOIN actors ac ON ac.id = am.actor_id
            GROUP BY ac.name ORDER BY n DESC, ac.name LIMIT :top""", top=top_authors)),
        # Where the stories were read: live, an archive, a replay, or the bundled sample.
        "origins": dict(_rows(conn, "SELECT coalesce(origin, 'unrecorded'), count(*) FROM articles "
                                    "GROUP BY 1 ORDER BY count(*) DESC, 1")),
        # Every rendering by source; how many archived records cnn.com re-serves today, and how
        # many of those with other story text.
        "renderings": {"by_source": dict(_rows(conn, "SELECT source, count(*) FROM article_renderings "
                                                     "GROUP BY source ORDER BY count(*) DESC, source")),
                       **live_summary(conn)},
        "quotes": _quotes(conn, top_authors),
        "crawl_runs": _rows(conn, "SELECT count(*) FROM crawl_runs")[0][0],
        "last_crawl": dict(zip(("started_at", "finished_at", "finish_reason", "articles_new",
                                "articles_updated", "articles_unchanged", "dropped", "failed",
                                "exit_status", "outcome", "origin"),
                               map(_plain, last_run[0]), strict=True))
        if last_run else None,
    }


# A speaker that names nobody: a pronoun no earlier name resolved.
_UNNAMED = ("he", "she", "they", "it", "we", "i")


def _quotes(conn: Connection, top: int) -> dict[str, Any]:
    """Who the corpus quotes: statements by kind of source, by month and kind of source, and the
    most quoted speakers (by the stories that quote them; an unresolved pronoun is nobody)."""
    month = story_month("a", conn.dialect.name)
    by_month: dict[str, dict[str, int]] = {}
    for when, category, n in _rows(conn, f"""
            SELECT {month}, q.category, count(*) FROM quotes q JOIN articles a ON a.id = q.article_id
            GROUP BY 1, 2 ORDER BY 1, 2"""):
        by_month.setdefault(str(when), {})[category] = n
    unnamed = ", ".join(f"'{word}'" for word in _UNNAMED)
    return {
        "statements": _rows(conn, "SELECT count(*) FROM quotes")[0][0],
        "stories_quoting": _rows(conn, "SELECT count(DISTINCT article_id) FROM quotes")[0][0],
        "by_category": dict(_rows(conn, "SELECT category, count(*) FROM quotes GROUP BY category "
                                        "ORDER BY count(*) DESC, category")),
        "by_kind": dict(_rows(conn, "SELECT kind, count(*) FROM quotes GROUP BY kind "
                                    "ORDER BY count(*) DESC, kind")),
        "by_month": by_month,
        "speakers": {f"{speaker} ({category})": n for speaker, category, n in _rows(conn, f"""
            SELECT speaker, category, count(DISTINCT article_id) AS n FROM quotes
            WHERE lower(speaker) NOT IN ({unnamed})
            GROUP BY speaker, category ORDER BY n DESC, count(*) DESC, speaker LIMIT :top""", top=top)},
    }


def _background(conn: Connection) -> dict[str, Any]:
    (story, background), = _rows(conn, "SELECT coalesce(sum(story_chars), 0), "
                                       "coalesce(sum(background_chars), 0) FROM article_background")
    (paragraphs, clusters), = _rows(conn, """
        SELECT (SELECT count(*) FROM paragraph_cluster_members WHERE background),
               (SELECT count(*) FROM paragraph_clusters)""")
    return {"share": round(background / story, 4) if story else None,
            "paragraphs": paragraphs, "clusters": clusters}


def _plain(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("{"):
        return json.loads(value)  # the ledger's counts by reason (a JSON column read as text)
    return value if value is None or isinstance(value, int | float | str | dict) else str(value)


def percent(share: float | None) -> str:
    """A share as a percentage for people ("4.2%"), "-" when there is none."""
    return "-" if share is None else f"{100 * share:.1f}%"


def _renderings_line(renderings: dict[str, Any]) -> str:
    by_source = renderings["by_source"]
    parts = ", ".join(f"{source} {n}" for source, n in by_source.items())
    line = f"{sum(by_source.values())} ({parts})" if by_source else "0"
    if renderings["archived_records_served_live"]:
        line += (f"; cnn.com re-serves {renderings['archived_records_served_live']} archived stories, "
                 f"{renderings['served_live_with_different_text']} with other text")
    return line


def sample_warning(origins: dict[str, int]) -> str | None:
    """The line that keeps the bundled sample from being taken for CNN's text."""
    sample, total = origins.get("sample", 0), sum(origins.values())
    if not sample:
        return None
    share = "all" if sample == total else f"{sample} of {total}"
    return (f"NOTE: {share} stories come from the bundled sample pages (fixtures/site), written for "
            "the tests in CNN's structure: not CNN's text")


def last_crawl_line(run: dict[str, Any]) -> str:
    """"2026-12-05 14:00 (finished, 3 new, 0 updated)", or "(failed with status 4: nothing could
    be fetched ...)" for a crawl that did not end well."""
    if run["finished_at"] is None:
        how = "unfinished"
    elif run.get("exit_status"):
        how = f"failed with status {run['exit_status']}: {run.get('outcome') or run['finish_reason']}"
    else:
        how = run["finish_reason"] or "unfinished"
    origin = f"; from {run['origin']}" if run.get("origin") else ""
    counts = f"{run['articles_new']} new, {run['articles_updated']} updated"
    if "dropped" in run:
        counts += f", {run.get('articles_unchanged') or 0} unchanged; {totals(run)}"
    return f"{run['started_at']} ({how}, {counts}{origin})"


def format_stats(stats: dict[str, Any]) -> str:
    """The summary as aligned text for a terminal."""
    warning = sample_warning(stats["origins"])
    lines = [warning, ""] if warning else []
    lines += [
        f"articles        {stats['articles']} ({stats['words']:,} words)",
        f"published       {stats['first_published'] or '-'} .. {stats['last_published'] or '-'}",
        f"revisions       {stats['revisions']}",
        f"background      {percent(stats['background']['share'])} of story text recycled "
        f"({stats['background']['paragraphs']} paragraphs, {stats['background']['clusters']} clusters)",
        f"renderings      {_renderings_line(stats['renderings'])}",
        f"crawl runs      {stats['crawl_runs']}",
    ]
    if stats["last_crawl"]:
        run = stats["last_crawl"]
        lines.append(f"last crawl      {last_crawl_line(run)}")
    for title, counts in (("origins", stats["origins"]), ("layouts", stats["layouts"]),
                          ("links by kind", stats["links"]),
                          ("staff and agencies", stats["staff_and_agencies"]),
                          ("places (stories)", stats["places"]),
                          ("actors (stories)", stats["actors"]),
                          ("quoted, by kind of source (statements)", stats["quotes"]["by_category"]),
                          ("most quoted (stories)", stats["quotes"]["speakers"]),
                          ("authors", stats["authors"])):
        lines.append("")
        lines.append(title)
        width = max((len(k) for k in counts), default=0)
        lines += [f"  {name:<{width}}  {n:>6}" for name, n in counts.items()] or ["  (none)"]
    if stats["articles_without_authors"]:
        width = max((len(k) for k in stats["authors"]), default=11)
        lines.append(f"  {'(no author)':<{width}}  {stats['articles_without_authors']:>6}")
    lines.append("")
    lines.append(f"links to stories in the corpus: {stats['links_to_stored_stories']}")
    return "\n".join(lines)
