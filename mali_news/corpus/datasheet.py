"""A datasheet of the corpus (Gebru et al., "Datasheets for Datasets", 2021), written from the corpus."""

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text

from mali_news import __version__
from mali_news.corpus.coverage import coverage
from mali_news.corpus.stats import corpus_stats, sample_warning
from mali_news.db.storydate import story_month
from mali_news.ledger import counts

# Where each origin's pages come from, and the terms a user of the corpus is bound by.
SOURCES = {
    "live": ("cnn.com, read live", "CNN's Terms of Use (https://www.cnn.com/terms): the text is CNN's "
             "copyright; research use of excerpts only, no republication."),
    "wayback": ("the Internet Archive's Wayback Machine (web.archive.org), its 2012-2013 captures",
                "the Internet Archive's Terms of Use (https://archive.org/about/terms.php); the "
                "captured text remains CNN's copyright."),
    "commoncrawl": ("Common Crawl's 2013 crawls (index.commoncrawl.org, data.commoncrawl.org)",
                    "Common Crawl's Terms of Use (https://commoncrawl.org/terms-of-use); the "
                    "captured text remains CNN's copyright."),
    "replay": ("a replay of saved pages (a folder or a WARC file) named by the crawl",
               "the terms of whoever saved the pages, and CNN's copyright."),
    "sample": ("the bundled sample pages (fixtures/site), written for mali_news's tests in CNN's "
               "structure: NOT CNN's text", "MIT, as mali_news itself; only the seed story follows "
               "CNN's published text."),
}
# What a reader of the corpus must know that no count shows.
LIMITS = (
    "An archive holds only what it captured: stories never captured in 2012-2013 are missing, and "
    "the checklist's recall (under Composition) is measured on a short list of known stories, not on "
    "all of CNN's coverage.",
    "A capture may be of a later version of the story than its first publication (CNN updated "
    "stories through the day); `captured_at` says when it was made, `updated_at` what the page said.",
    "cnn.com re-serves many 2013 addresses today with other text (a re-edited story, a section "
    "front): a live page is kept as a rendering beside the archived record, never in its place.",
    "Pages the topic rule judged off topic, or outside the date window, were left out; a story "
    "about Mali that never names Mali or its places in its title and text is missed.",
    "Images, video, comments and the pages' advertising are not collected; captions, promos and "
    "link lists inside a story are kept apart as typed blocks, not in `body`.",
    "Bylines name the credited reporters; contributors named only in a closing note are kept as "
    "that note, not as authors.",
)


def _rows(conn: Connection, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(text(sql))]


def _runs(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(text("SELECT started_at, finished_at, exit_status, origin, dropped, failed, stats "
                             "FROM crawl_runs ORDER BY id")).mappings().all()
    return [{key: (json.loads(value) if isinstance(value, str) and key in ("dropped", "failed", "stats")
                   else value) for key, value in row.items()} for row in rows]


def _summed(runs: list[dict[str, Any]], key: str) -> Counter[str]:
    total: Counter[str] = Counter()
    for run in runs:
        total.update(run.get(key) or {})
    return total


def _rule(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The date window and topic rule the newest crawl recorded (None for a crawl that did not)."""
    for run in reversed(runs):
        stats = run.get("stats") or {}
        if "mali_news/rule/date_range" in stats:
            return {key.removeprefix("mali_news/rule/"): value for key, value in stats.items()
                    if key.startswith("mali_news/rule/")}
    return {}


def datasheet(conn: Connection, source: str) -> dict[str, Any]:
    """Everything the datasheet says, JSON-ready."""
    stats = corpus_stats(conn)
    found = coverage(conn)
    runs = _runs(conn)
    dialect = conn.dialect.name
    month = story_month("a", dialect)
    return {
        "source": source,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mali_news": __version__,
        "sample": sample_warning(stats["origins"]),
        "articles": stats["articles"], "words": stats["words"],
        "first_published": stats["first_published"], "last_published": stats["last_published"],
        "by_kind": dict(_rows(conn, "SELECT kind, count(*) FROM articles GROUP BY kind ORDER BY 2 DESC, 1")),
        "by_origin": stats["origins"],
        "by_month": dict(_rows(conn, f"SELECT {month}, count(*) FROM articles a GROUP BY 1 ORDER BY 1")),
        "renderings": stats["renderings"],
        "crawls": {"runs": len(runs), "first": str(runs[0]["started_at"]) if runs else None,
                   "last": str(runs[-1]["started_at"]) if runs else None,
                   "unfinished_or_failed": sum(1 for r in runs
                                               if r["finished_at"] is None or r["exit_status"])},
        "rule": _rule(runs),
        "dropped": dict(_summed(runs, "dropped").most_common()),
        "failed": dict(_summed(runs, "failed").most_common()),
        "skipped_captures": len(found["skipped_captures"]),
        "checklist": {key: found["checklist"][key] for key in ("known", "stored", "recall")},
        "missing": found["checklist"]["missing"],
        "citation": "; ".join(c for (c,) in _rows(conn, "SELECT citation FROM articles "
                                                         "WHERE citation IS NOT NULL ORDER BY url LIMIT 1")),
    }


def _table(rows: dict[str, Any], heading: tuple[str, str]) -> list[str]:
    if not rows:
        return ["(none)"]
    return [f"| {heading[0]} | {heading[1]} |", "|---|---:|", *(f"| {k} | {v} |" for k, v in rows.items())]


def format_datasheet(sheet: dict[str, Any]) -> str:
    """The datasheet as Markdown, in the sections of Gebru et al. (2021)."""
    rule = sheet["rule"]
    window = (f"`{rule['date_range']}` (MALI_NEWS_DATE_RANGE)" if rule
              else "not recorded by the crawls of this corpus (made before mali_news recorded it)")
    topic = (f"a page is kept when its topic score reaches {rule['topic_min_score']}: each of "
             f"{rule['topic_strong_words']} strong words (Mali, Bamako, Ansar Dine ...) scores "
             f"{rule['topic_title_weight']} in the title and 1 in the text; each of "
             f"{rule['topic_weak_words']} weak words (Gao, Sahel, Islamist ...) {rule['topic_weak_weight']}, "
             "only beside a strong one" if rule else "not recorded by the crawls of this corpus")
    origins = []
    for origin, n in sheet["by_origin"].items():
        where, terms = SOURCES.get(origin, (f"recorded as {origin!r}", "unknown"))
        origins.append(f"- **{origin}** ({n} stories): {where}. Terms: {terms}")
    check = sheet["checklist"]
    lines = [
        "# Datasheet: CNN's coverage of the 2012-2013 Mali conflict",
        "",
        f"Written by `mali-news datasheet` {sheet['mali_news']} from `{sheet['source']}` on "
        f"{sheet['generated']}. Every figure below is read from the corpus itself.",
        "",
        *([f"> **{sheet['sample']}.** This datasheet describes the bundled sample, not a corpus of "
           "CNN's coverage.", ""] if sheet["sample"] else []),
        "## Motivation",
        "",
        "- **Why it was made.** To study how CNN covered the conflict in Mali from the Tuareg rebellion "
        "of January 2012 to the elections of 2013: whose voices, which places, which dates. No crawler "
        "of news gives this coverage clean: CNN's pages of 2012-2013 survive mostly in web archives, "
        "in three page templates, with bylines, times and story text mixed with clutter.",
        "- **Who made it.** Whoever ran the crawls below, with mali_news (MIT licence).",
        "",
        "## Composition",
        "",
        f"- **Instances.** {sheet['articles']} CNN pages ({sheet['words']:,} words of story text): "
        "stories, blog posts and TV transcripts, one row each in `articles`, with credits, times in "
        "UTC, highlights, typed text blocks, links, and the places and actors they name.",
        f"- **Time span.** First published {sheet['first_published'] or '-'} to "
        f"{sheet['last_published'] or '-'} (UTC).",
        "",
        "By kind:", "", *_table(sheet["by_kind"], ("kind", "stories")), "",
        "By origin (where the page was read):", "", *_table(sheet["by_origin"], ("origin", "stories")), "",
        "By month of publication:", "", *_table(sheet["by_month"], ("month", "stories")), "",
        "- **Is it complete?** No. " + (
            f"Of the {check['known']} stories of the bundled checklist of known Mali coverage, "
            f"{check['stored']} are in the corpus (recall {check['recall']})." if check["known"] else ""),
        *[f"  - missing: {m['kind']} {m['url']} ({m['title']})" for m in sheet["missing"]],
        "- **Is there anything confidential?** No: " + (
            "the sample's pages were written for the tests." if sheet["sample"] and
            set(sheet["by_origin"]) == {"sample"} else "every page was published by CNN."),
        "",
        "## Collection process",
        "",
        "- **Sources, and their terms.**",
        *[f"  {line}" for line in origins],
        f"- **Crawls.** {sheet['crawls']['runs']} recorded in `crawl_runs` (first "
        f"{sheet['crawls']['first'] or '-'}, last {sheet['crawls']['last'] or '-'}); "
        f"{sheet['crawls']['unfinished_or_failed']} of them unfinished or ended with a failure status.",
        f"- **Date window.** {window}.",
        f"- **Topic rule.** {topic}.",
        f"- **Left out on purpose (dropped), all crawls:** {counts(sheet['dropped'])}.",
        f"- **Could not be had (failed), all crawls:** {counts(sheet['failed'])}.",
        f"- **Archived captures that were not the story** (an archived error page, a redirect "
        f"elsewhere, a loop), skipped for another capture: {sheet['skipped_captures']} stories met one; "
        "`mali-news coverage` lists them.",
        "",
        "## Preprocessing and cleaning",
        "",
        "- Bylines are split into credits (people, staff, agencies); printed times are read into UTC "
        "with the printed text kept; \"NEW:\" prefixes and glyphs are taken off highlights.",
        "- What is story text and what is clutter (captions, promos, \"Read more\" lines, editor's "
        "notes) is decided from the element it sits in, never from the shape of the text; clutter is "
        "kept as typed blocks, not deleted.",
        "- The raw pages are not kept in the corpus; `capture_url` (and for Common Crawl the WARC "
        "record) fetches each again.",
        "",
        "## Uses",
        "",
        "- Content analysis of the coverage: sources and voices, places, actors, framing over time.",
        "- **Known limits:**",
        *[f"  - {limit}" for limit in LIMITS],
        f"  - cnn.com re-serves {sheet['renderings']['archived_records_served_live']} of the archived "
        f"stories today, {sheet['renderings']['served_live_with_different_text']} of them with other text.",
        "",
        "## Distribution",
        "",
        "- The text is CNN's copyright: share the corpus's derived data (counts, mentions, addresses, "
        "citations), not its text, unless the terms above allow it.",
        "",
        "## Maintenance",
        "",
        "- Run the same `mali-news harvest` (or `crawl`) command again to continue or refresh; each run "
        "is recorded in `crawl_runs` and this datasheet is written again from the corpus.",
        "",
        "## How to cite",
        "",
        "- Cite each story by its own citation (`articles.citation`, APA 7th; `--format csl-json` for "
        "Zotero): the day of its first publication, and the archived copy by the address a reader "
        "follows. " + (f"For example: {sheet['citation']}" if sheet["citation"] else ""),
        "- Cite mali_news by its `CITATION.cff`.",
    ]
    return "\n".join(lines) + "\n"
