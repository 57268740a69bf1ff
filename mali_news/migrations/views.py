"""The analysts' views, as each migration creates them, in SQLite's and PostgreSQL's SQL."""

from alembic import op

from mali_news.db.storydate import story_month

_AUTHORS = {
    "sqlite": """(SELECT group_concat(name, '; ') FROM (
                      SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                      WHERE aa.article_id = a.id ORDER BY aa.position))""",
    "postgresql": """(SELECT string_agg(au.name, '; ' ORDER BY aa.position)
                      FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                      WHERE aa.article_id = a.id)""",
}

# A story's month ("2013-01") and its credited names as a JSON array (Datasette's array facet).
# Revision 0011 took the month of published_at alone; from 0012 it is the month of the one
# story date every reader uses (db/storydate.py).
_MONTH_0011 = {"sqlite": "substr(a.published_at, 1, 7)",
               "postgresql": "to_char(a.published_at, 'YYYY-MM')"}
_AUTHORS_JSON = {
    "sqlite": """(SELECT json_group_array(name) FROM (
                      SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                      WHERE aa.article_id = a.id ORDER BY aa.position))""",
    "postgresql": """(SELECT coalesce(json_agg(au.name ORDER BY aa.position), '[]'::json)::text
                      FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                      WHERE aa.article_id = a.id)""",
}

VIEWS: dict[str, str] = {
    # Every version of every story: replaced ones from article_revisions, the newest from articles.
    "article_versions": """
        SELECT article_id, url, version, title, byline, published_at, updated_at, timestamp_text,
               body, word_count, version_at, replaced_at, 0 AS is_current
        FROM article_revisions
        UNION ALL
        SELECT id, url, version, title, byline, published_at, updated_at, timestamp_text,
               body, word_count, version_at, NULL, 1
        FROM articles
    """,
    # One row per article with its authors in byline order, highlights, link counts and dates.
    "article_overview": """
        SELECT a.id, a.url, a.title, {authors} AS authors, a.byline, a.dateline,
               a.published_at, a.updated_at, a.timestamp_text, a.layout, a.section,
               a.word_count, a.highlights_text AS highlights,
               (SELECT count(*) FROM highlights h WHERE h.article_id = a.id) AS n_highlights,
               (SELECT count(*) FROM links l WHERE l.article_id = a.id) AS n_links,
               (SELECT count(*) FROM links l WHERE l.article_id = a.id
                  AND l.kind = 'complete_coverage') AS n_complete_coverage,
               (SELECT count(*) FROM links l WHERE l.article_id = a.id
                  AND l.kind IN ('read_more', 'related')) AS n_read_more,
               (SELECT count(*) FROM links l WHERE l.url = a.url) AS n_linked_from,
               a.version, a.first_seen_at, a.last_crawled_at
        FROM articles a
    """,
    # The coverage graph: from story, to story, kind, and both titles when both are stored.
    "coverage_links": """
        SELECT src.id AS from_id, src.url AS from_url, src.title AS from_title,
               l.url AS to_url, dst.id AS to_id, dst.title AS to_title, l.kind, l.position,
               l.anchor_text, l.teaser, l.listed_at
        FROM links l
        JOIN articles src ON src.id = l.article_id
        LEFT JOIN articles dst ON dst.url = l.url
    """,
    # Each story's story text and how much of it is recycled background, in characters.
    "article_background": """
        SELECT a.id AS article_id, a.url, a.title, a.published_at,
               coalesce(sum(length(b.text)), 0) AS story_chars,
               coalesce(sum(CASE WHEN m.background THEN length(b.text) END), 0) AS background_chars,
               round(CAST(1.0 * coalesce(sum(CASE WHEN m.background THEN length(b.text) END), 0)
                          / nullif(sum(length(b.text)), 0) AS numeric), 3) AS background_share
        FROM articles a
        LEFT JOIN article_blocks b ON b.article_id = a.id
             AND b.kind IN ('paragraph', 'subhead', 'list_item', 'blockquote')
        LEFT JOIN paragraph_cluster_members m ON m.article_id = b.article_id AND m.position = b.position
        GROUP BY a.id, a.url, a.title, a.published_at
    """,
    # One row per story for browsing and faceting: month, kind, layout, credited names.
    "story_index": """
        SELECT a.id, a.published_at, {month} AS month, a.title, a.kind, a.layout, a.section,
               {authors_json} AS authors, a.word_count, a.url
        FROM articles a
    """,
    # Every rendering of every story, with its story's key; is_record: the one `articles` shows.
    "renderings": """
        SELECT r.id, a.url, r.source, r.captured_at, r.fetched_at, r.layout, r.content_hash,
               r.is_record, r.title, r.word_count, r.capture_url, r.source_url, r.article_id
        FROM article_renderings r JOIN articles a ON a.id = r.article_id
    """,
    # Story blocks a rendering has and its story's record has not ("added"), and the record's
    # blocks the rendering lacks ("removed"); a rewritten paragraph is one of each.
    "rendering_changes": """
        SELECT a.url, r.id AS rendering_id, r.source, r.captured_at, 'added' AS change,
               {position} AS position, {text} AS text
        FROM article_renderings r JOIN articles a ON a.id = r.article_id
        JOIN article_renderings rec ON rec.article_id = r.article_id AND rec.is_record AND rec.id <> r.id
        {each_r}
        WHERE {text} NOT IN (SELECT {text_x} FROM {each_rec_x})
        UNION ALL
        SELECT a.url, r.id, r.source, r.captured_at, 'removed', {position}, {text}
        FROM article_renderings r JOIN articles a ON a.id = r.article_id
        JOIN article_renderings rec ON rec.article_id = r.article_id AND rec.is_record AND rec.id <> r.id
        {each_rec}
        WHERE {text} NOT IN (SELECT {text_x} FROM {each_r_x})
    """,
}

# Walking a rendering's blocks ([[kind, text], ...]) in each dialect's JSON functions.
_JSON_BLOCKS = {
    "sqlite": {"each_r": "JOIN json_each(r.blocks) b", "each_rec": "JOIN json_each(rec.blocks) b",
               "each_r_x": "json_each(r.blocks) x", "each_rec_x": "json_each(rec.blocks) x",
               "text": "json_extract(b.value, '$[1]')", "text_x": "json_extract(x.value, '$[1]')",
               "position": "CAST(b.key AS INTEGER)"},
    "postgresql": {"each_r": "CROSS JOIN LATERAL json_array_elements(r.blocks::json) "
                             "WITH ORDINALITY b(value, n)",
                   "each_rec": "CROSS JOIN LATERAL json_array_elements(rec.blocks::json) "
                               "WITH ORDINALITY b(value, n)",
                   "each_r_x": "json_array_elements(r.blocks::json) x(value)",
                   "each_rec_x": "json_array_elements(rec.blocks::json) x(value)",
                   "text": "(b.value ->> 1)", "text_x": "(x.value ->> 1)", "position": "(b.n - 1)"},
}


def create_view(name: str, story_date: bool = False) -> None:
    """CREATE VIEW name; story_date: its month from the one story date (revision 0012 on)."""
    dialect = op.get_bind().dialect.name
    month = (story_month("a", dialect) if story_date
             else _MONTH_0011.get(dialect, _MONTH_0011["postgresql"]))
    sql = VIEWS[name].format(authors=_AUTHORS.get(dialect, _AUTHORS["postgresql"]),
                             month=month,
                             authors_json=_AUTHORS_JSON.get(dialect, _AUTHORS_JSON["postgresql"]),
                             **_JSON_BLOCKS.get(dialect, _JSON_BLOCKS["postgresql"]))
    op.execute(f"CREATE VIEW {name} AS {sql}")


def drop_view(name: str) -> None:
    op.execute(f"DROP VIEW IF EXISTS {name}")
