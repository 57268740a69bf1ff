"""Datasette's metadata for a corpus: descriptions, facets, search, canned queries, the places map."""

from typing import Any

from mali_news.archives.registry import NAMES
from mali_news.db.storydate import story_date, story_month

# The schema reference (README, "The database"), table by table, for Datasette's pages.
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "articles": ("One row per story, blog post or transcript: the newest version, all times UTC.", {
        "url": "canonical story URL, unique", "layout": "the CNN template: legacy, zn, modern, blog, "
        "transcript or fallback", "kind": "story, blog_post or transcript", "title": "headline",
        "byline": "byline as printed", "dateline": "e.g. Bamako, Mali (CNN)",
        "published_at": "first publication, UTC", "updated_at": "last update as printed, UTC",
        "timestamp_text": "the timestamp as printed", "body": "the story blocks' text in reading order",
        "highlights_text": "the highlights, one per line", "word_count": "words in body",
        "topic_score": "the topic rule's score", "topic_terms": "the words that made the score",
        "capture_url": "the archived copy that was read", "captured_at": "when the archive captured it, UTC",
        "capture_status": "the page's own HTTP status when the archive captured it",
        "origin": f"where the page was read: live, {', '.join(NAMES)}, replay, or sample (the "
        "bundled sample pages, not CNN's text)", "citation": "the story's APA citation",
        "capture_crawl": "the Common Crawl crawl the page came from",
        "warc_filename": "its WARC file: on data.commoncrawl.org, or the Wayback Machine's X-Archive-Src",
        "warc_record_offset": "the record's first byte in that file",
        "warc_record_length": "the record's length in bytes (curl -r OFFSET-(OFFSET+LENGTH-1))",
        "version": "1, then +1 per change of the story"}),
    "authors": ("Each credited name: a person, a staff credit or an agency.", {
        "kind": "person, staff or agency"}),
    "article_authors": ("A story's credits in byline order, with role and outlet.", {}),
    "article_blocks": ("The page's text as typed blocks in reading order (story kinds: paragraph, "
                       "subhead, list_item, blockquote).", {}),
    "highlights": ("Story-highlight bullets; is_new: the bullet began with NEW:.", {}),
    "links": ("Links a story shows (complete_coverage, coverage_hub, read_more, related).", {}),
    "transcript_turns": ("A transcript's speaker turns; matched: the turn names the conflict.", {}),
    "article_revisions": ("Each replaced record of a story (the story as articles showed it before).", {}),
    "article_renderings": ("Every distinct fetch of a story: archived captures, cnn.com's re-serve today, "
                           "replays; is_record marks the one articles shows.", {
        "source": f"{', '.join(NAMES)}, live, replay or sample",
        "captured_at": "the archive's capture time; for live or replay, when it was fetched",
        "blocks": "the story blocks as [kind, text]", "highlights": "the highlights' texts"}),
    "article_urls": ("Every address a story was fetched or named under.", {}),
    "places": ("The bundled gazetteer: Mali's regions, cities and towns and the neighbours' places "
               "the coverage names.", {"alternate_names": "other spellings, |-separated",
                                       "country": "ISO 3166 alpha-2", "source": "where the "
                                       "coordinates and spellings come from"}),
    "place_mentions": ("How often each story names a place.", {
        "first_position": "character offset of the first mention in the body (empty: only the title "
                          "or highlights name it)"}),
    "actors": ("Armed groups, forces, missions, organisations, states and people of the conflict.", {
        "kind": "armed_group, force, mission, organisation, state, person or label"}),
    "actor_mentions": ("How often each story names an actor.", {}),
    "quotes": ("Who each story quotes: every attributed statement, found by rules (bench/quotes.py "
               "measures them), in the order of the story.", {
        "block": "article_blocks position of the text block it is in",
        "speaker": "who said it, as printed, without the role (a pronoun is the person named last "
                   "before it; 'he' stays when nobody was)",
        "role": "the speaker's role, as printed ('U.S. State Department spokeswoman')",
        "category": "government, armed_group, international, civil_society, civilian, business, media "
                    "or unknown (an anonymous source that names no side)",
        "actor_id": "the listed actor the speaker belongs to (empty: none listed)",
        "kind": "direct (quoted words), indirect (reported), mixed (a quoted phrase in a reported clause)",
        "verb": "said, told, warned ... or 'according to'",
        "text": "the quoted or reported words"}),
    "paragraph_clusters": ("Paragraphs printed the same or nearly in several stories (MinHash over "
                           "word 5-shingles, Jaccard >= 0.8); the first is the earliest story's.", {}),
    "paragraph_cluster_members": ("Each clustered paragraph; background: an earlier story printed "
                                  "it first.", {"similarity": "Jaccard of its 5-shingles with the "
                                                              "paragraph it recurs"}),
    "article_background": ("Each story's story text and its recycled part, in characters.", {}),
    "story_index": ("One row per story to browse: facet by month, kind, layout or author.", {
        "month": "publication month, YYYY-MM", "authors": "credited names, a JSON array"}),
    "article_overview": ("One row per story with authors, highlights and link counts joined in.", {}),
    "article_versions": ("Every version of every story, old and current.", {}),
    "renderings": ("Every rendering with its story's url; is_record: the story of record.", {}),
    "rendering_changes": ("Story blocks a rendering adds to its story's record, or lacks (removed); "
                          "a rewritten paragraph is one of each.", {}),
    "coverage_links": ("The coverage graph: which story links to which.", {}),
    "articles_fts": ("FTS5 index of articles' title, highlights and body, kept in sync by triggers.", {}),
    "candidates": ("Each address a discovery route found, and what became of its page.", {}),
    "discovery_listings": ("Each query of an archive's index in the current discovery pass, and how far "
                           "it was read (a run that stops leaves the rest pending for the next).", {}),
    "crawl_runs": ("One row per crawl, with counts and reasons.", {}),
    "fetches": ("When each story page was last fetched.", {}),
    "store_failures": ("Articles a crawl fetched and could not store.", {}),
    "skipped_captures": ("Captures an archive served that were not the story (an archived error, a "
                         "redirect elsewhere, a loop): the page's status then, and why it was skipped.",
                         {"status": "the page's status when it was captured (or the archive's 404)"}),
}

# A story's date and month, as every reader of the corpus takes them.
_DATE = story_date("a")

QUERIES: dict[str, dict[str, str]] = {
    "stories_of_an_author": {
        "title": "Stories of an author",
        "sql": """SELECT a.published_at, a.title, a.url, a.word_count FROM articles a
JOIN article_authors aa ON aa.article_id = a.id JOIN authors au ON au.id = aa.author_id
WHERE au.name = :author ORDER BY """ + _DATE,
    },
    "stories_per_week": {
        "title": "Stories per week",
        # The week's Monday: six days back, then forward to a Monday (a Monday stays itself).
        "sql": f"""SELECT date({_DATE}, '-6 days', 'weekday 1') AS week, count(*) AS stories
FROM articles a GROUP BY week ORDER BY week""",
    },
    "stories_naming_a_place": {
        "title": "Stories naming a place",
        "sql": """SELECT a.published_at, a.title, pm.count, a.url FROM place_mentions pm
JOIN places p ON p.id = pm.place_id JOIN articles a ON a.id = pm.article_id
WHERE p.name = :place OR p.id = :place ORDER BY """ + _DATE,
    },
    "actor_mentions_over_time": {
        "title": "Mentions of an actor, month by month",
        "sql": f"""SELECT {story_month("a")} AS month, count(*) AS stories,
sum(am.count) AS mentions FROM actor_mentions am JOIN actors ac ON ac.id = am.actor_id
JOIN articles a ON a.id = am.article_id WHERE ac.name = :actor OR ac.id = :actor
GROUP BY month ORDER BY month""",
    },
    "speakers_by_category_and_month": {
        "title": "Who is quoted: speakers by kind of source and month",
        "sql": f"""SELECT {story_month("a")} AS month, q.category, count(*) AS statements,
count(DISTINCT q.article_id) AS stories, count(DISTINCT q.speaker) AS speakers,
group_concat(DISTINCT q.speaker) AS who FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE :category = '' OR q.category = :category
GROUP BY month, q.category ORDER BY month, statements DESC""",
    },
    "text_without_background": {
        "title": "Story text without recycled background",
        # A story stored before typed blocks existed has no blocks: its body as it is.
        "sql": """SELECT a.id, a.title,
  CASE WHEN EXISTS (SELECT 1 FROM article_blocks x WHERE x.article_id = a.id)
  THEN coalesce(f.fresh_text, '') ELSE a.body END AS fresh_text
FROM articles a LEFT JOIN (SELECT b.article_id, group_concat(b.text, char(10) || char(10)) AS fresh_text
  FROM (SELECT b.* FROM article_blocks b
    LEFT JOIN paragraph_cluster_members m ON m.article_id = b.article_id AND m.position = b.position
    WHERE b.kind IN ('paragraph', 'subhead', 'list_item', 'blockquote') AND NOT coalesce(m.background, 0)
    ORDER BY b.article_id, b.position) b GROUP BY b.article_id) f ON f.article_id = a.id
ORDER BY """ + _DATE,
    },
}


def metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata.json for the corpus file whose name (without .sqlite) is database."""
    tables: dict[str, Any] = {
        name: {"description": description, **({"columns": columns} if columns else {})}
        for name, (description, columns) in TABLES.items()}
    tables["articles"].update({
        "facets": ["layout", "kind", "section", {"date": "published_at"}],
        "sort_desc": "published_at", "fts_table": "articles_fts", "fts_pk": "id",
        "label_column": "title"})
    tables["story_index"].update({"facets": ["month", "kind", "layout", {"array": "authors"}],
                                  "sort_desc": "published_at", "label_column": "title"})
    tables["places"].update({"facets": ["kind", "country"], "label_column": "name",
                             "plugins": {"datasette-cluster-map": {
                                 "latitude_column": "latitude", "longitude_column": "longitude"}}})
    tables["actors"].update({"facets": ["kind"], "label_column": "name"})
    return {
        "title": "CNN's coverage of the 2012-2013 Mali conflict",
        "description": "A mali_news corpus: stories, their places, actors and recycled background.",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }
