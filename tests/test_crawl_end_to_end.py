"""The real spider, pipelines and SQLite file, run as `scrapy crawl` over the fixture mirror."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mali_news.urls import canonical_url
from tests.helpers import ROOT, SEED_KEY, SEED_WWW_URL, SITE
from tests.mockserver import mirror_server

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

ON_TOPIC = {
    SEED_KEY,
    "https://www.cnn.com/2012/10/21/world/africa/mali-q-a/index.html",
    "https://www.cnn.com/2013/01/29/world/africa/mali-military-offensive/index.html",
    "https://www.cnn.com/2013/05/28/world/africa/timbuktu-manuscripts/index.html",
    "https://www.cnn.com/2013/08/12/world/africa/mali-presidential-election/index.html",
    "https://www.cnn.com/2012/03/22/world/africa/mali-suspected-coup/index.html",
    "https://www.cnn.com/2013/01/24/world/africa/algeria-al-qaeda-mali/index.html",
    "https://www.cnn.com/2013/01/13/world/africa/mali-france-fighting/index.html",
    "https://www.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html",
    "https://www.cnn.com/2013/02/06/world/africa/mali-conflict/index.html",
    "https://www.cnn.com/2013/03/02/world/africa/mali-belmokhtar-chad/index.html",
}
CONTENT_COLUMNS = ("url", "title", "byline", "dateline", "published_at", "updated_at",
                   "timestamp_text", "body", "word_count", "layout", "first_seen_at")


def crawl(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scrapy", "crawl", "cnn_mali",
               "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}", "-s", "LOG_LEVEL=INFO", *args]
    full_env = {k: v for k, v in os.environ.items()
                if not k.lower().endswith("_proxy") and k != "MALI_NEWS_DATABASE_URL"}
    full_env.update(env or {})
    result = subprocess.run(command, cwd=ROOT, env=full_env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def replay(db: Path, *args: str) -> subprocess.CompletedProcess:
    return crawl(db, "-s", f"MALI_NEWS_REPLAY={SITE}", *args)


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def last_stats(db: Path) -> dict:
    """The Scrapy stats of the newest crawl recorded in crawl_runs."""
    (row,) = rows(db, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")
    return json.loads(row[0])


def pages_stats(db: Path) -> dict[str, int]:
    return {k.removeprefix("mali_news/pages/"): v for k, v in last_stats(db).items()
            if k.startswith("mali_news/pages/")}


def snapshot(db: Path, columns: tuple[str, ...] = CONTENT_COLUMNS) -> dict[str, list[tuple]]:
    """The corpus without row ids, which depend on the order pages arrived in."""
    return {
        "articles": rows(db, f"SELECT {', '.join(columns)} FROM articles ORDER BY url"),
        "authors": rows(db, "SELECT a.url, position, name FROM article_authors "
                            "JOIN articles a ON a.id = article_id JOIN authors ON authors.id = "
                            "author_id ORDER BY 1, 2"),
        "highlights": rows(db, "SELECT a.url, position, text, is_new FROM highlights "
                               "JOIN articles a ON a.id = article_id ORDER BY 1, 2"),
        "links": rows(db, "SELECT a.url, position, l.url, l.kind, anchor_text, teaser, listed_text, "
                          "listed_at FROM links l JOIN articles a ON a.id = article_id ORDER BY 1, 2"),
        "blocks": rows(db, "SELECT a.url, b.position, b.kind, b.text, b.marker FROM article_blocks b "
                           "JOIN articles a ON a.id = article_id ORDER BY 1, 2"),
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("replay") / "c.sqlite"
    replay(db)
    return db


def test_every_on_topic_story_is_stored_and_the_off_topic_one_is_not(corpus):
    urls = {url for (url,) in rows(corpus, "SELECT url FROM articles")}
    assert urls == ON_TOPIC
    # Each stored story keeps its topic score and the words that made it.
    (score, terms), = rows(corpus, "SELECT topic_score, topic_terms FROM articles WHERE url = ?",
                           SEED_KEY)
    assert score >= 3 and terms.startswith("Mali ")


def test_seed_is_stored_once_with_clean_fields(corpus):
    (seed,) = rows(corpus, "SELECT id, title, updated_at, published_at, dateline, body, layout "
                           "FROM articles WHERE url = ?", SEED_KEY)
    seed_id, title, updated_at, published_at, dateline, body, layout = seed
    assert title == "Malian security forces push into rebel territory"
    assert updated_at == "2013-01-25 21:47:00"
    assert published_at == "2013-01-25 12:08:41"
    assert dateline == "(CNN)"
    assert layout == "legacy"
    assert body.startswith("Malian security forces have made their deepest gains yet")
    for junk in ("Read more", "Diabaly on Wednesday", "Stopping al Qaeda in North Africa",
                 "Refugees tell harrowing", "Bamako airport", "(CNN) --"):
        assert junk not in body
    authors = rows(corpus, "SELECT name FROM article_authors JOIN authors ON authors.id = author_id "
                           "WHERE article_id = ? ORDER BY position", seed_id)
    assert authors == [("Nima Elbagir",), ("Ingrid Formanek",)]
    highlights = rows(corpus, "SELECT text, is_new FROM highlights WHERE article_id = ? "
                              "ORDER BY position", seed_id)
    assert [h[1] for h in highlights] == [1, 1, 1]
    assert highlights[0][0] == "Islamist extremists destroy a bridge near Tassiga, in southeastern Mali"
    links = rows(corpus, "SELECT kind, url FROM links WHERE article_id = ? ORDER BY position", seed_id)
    kinds = [kind for kind, _ in links]
    assert kinds.count("read_more") == 3
    assert kinds.count("coverage_hub") == 1
    assert kinds.count("complete_coverage") == 5
    france = "https://www.cnn.com/2013/01/13/world/africa/mali-france-fighting/index.html"
    assert ("read_more", france) in links


ELECTION = "https://www.cnn.com/2013/08/12/world/africa/mali-presidential-election/index.html"


def test_lists_subheads_and_quotes_are_stored_as_typed_story_blocks(corpus):
    story = rows(corpus, "SELECT b.kind, b.text, b.marker FROM article_blocks b JOIN articles a "
                         "ON a.id = b.article_id WHERE a.url = ? AND b.kind IN ('paragraph', "
                         "'subhead', 'list_item', 'blockquote') ORDER BY b.position", ELECTION)
    assert story[4:] == [
        ("subhead", "First round", None), ("subhead", "How the candidates finished", None),
        ("paragraph", "1. Ibrahim Boubacar Keita", None), ("paragraph", "2. Soumaila Cisse", None),
        ("paragraph", "3. Dramane Dembele", None), ("list_item", "Turnout: about 49%", "•"),
        ("list_item", "Candidates: 27", "•"),
        ("blockquote", "Dear citizens, dear friends: I congratulate him.", None),
        ("paragraph", "Keita is expected to be sworn in next month.", None)]
    (body,) = rows(corpus, "SELECT body FROM articles WHERE url = ?", ELECTION)[0]
    assert body.split("\n\n")[4:] == [
        "First round", "How the candidates finished", "1. Ibrahim Boubacar Keita",
        "2. Soumaila Cisse", "3. Dramane Dembele", "• Turnout: about 49%", "• Candidates: 27",
        "Dear citizens, dear friends: I congratulate him.", "Keita is expected to be sworn in next month."]
    # What the page printed beside the story is kept apart, and counted.
    assert rows(corpus, "SELECT b.kind FROM article_blocks b JOIN articles a ON a.id = b.article_id "
                        "WHERE a.url = ? AND b.kind = 'caption'", ELECTION) == [("caption",)]
    assert last_stats(corpus)["mali_news/body/dropped/caption"] >= 1


def test_staff_credits_and_every_address_of_a_story(corpus):
    coup = "https://www.cnn.com/2012/03/22/world/africa/mali-suspected-coup/index.html"
    assert rows(corpus, "SELECT au.name, au.kind FROM article_authors aa JOIN authors au "
                        "ON au.id = aa.author_id JOIN articles a ON a.id = aa.article_id "
                        "WHERE a.url = ?", coup) == [("CNN Wire Staff", "staff")]
    # Fetched through the seed's sidebar link: that address, the page's own og:url and the
    # story's key all find it; so does any other address of it, by its key.
    addresses = {url for (url,) in rows(
        corpus, "SELECT u.url FROM article_urls u JOIN articles a ON a.id = u.article_id "
                "WHERE a.url = ?", coup)}
    assert {"http://edition.cnn.com/2012/03/22/world/africa/mali-suspected-coup/index.html"
            "?iid=article_sidebar", "http://www.cnn.com/2012/03/22/world/africa/mali-suspected-coup/"
            "index.html", coup} <= addresses
    hub_link = "http://edition.cnn.com/2012/03/22/world/africa/mali-suspected-coup/index.html?hpt=sp_c2"
    assert canonical_url(hub_link) in addresses


def test_dates_are_readable_by_sqlite_date_functions(corpus):
    weeks = rows(corpus, "SELECT strftime('%Y-%W', published_at), count(*) FROM articles "
                         "GROUP BY 1 ORDER BY 1")
    assert sum(n for _, n in weeks) == len(ON_TOPIC)
    assert all(week is not None for week, _ in weeks)


def test_crawl_run_is_recorded(corpus):
    (run,) = rows(corpus, "SELECT finish_reason, pages_fetched, articles_new, articles_updated, "
                          "articles_unchanged, finished_at IS NOT NULL FROM crawl_runs")
    assert run == ("finished", 16, 11, 0, 0, 1)
    assert rows(corpus, "PRAGMA integrity_check") == [("ok",)]


def test_second_run_fetches_only_seeds_and_hubs_and_writes_no_article(tmp_path):
    db = tmp_path / "c.sqlite"
    replay(db)
    before = snapshot(db)
    replay(db)
    assert snapshot(db) == before
    assert pages_stats(db) == {"legacy": 1, "hub": 1}  # the seed and the coverage hub
    # The 11 stories, and the 2015 story left outside the date window: its fetch is remembered.
    assert last_stats(db)["mali_news/skipped/recent"] == 12
    assert rows(db, "SELECT articles_new, articles_updated, articles_unchanged, pages_skipped "
                    "FROM crawl_runs ORDER BY id") == [(11, 0, 0, 0), (0, 0, 1, 12)]


def test_full_refetch_of_unchanged_pages_changes_nothing(tmp_path):
    db = tmp_path / "c.sqlite"
    replay(db)
    before = snapshot(db)
    replay(db, "-s", "MALI_NEWS_RECRAWL_AFTER=0")
    assert snapshot(db) == before
    assert last_stats(db)["mali_news/articles/unchanged"] == 11
    assert rows(db, "SELECT count(*) FROM article_revisions") == [(0,)]


def test_both_renderings_of_the_seed_end_as_one_article(tmp_path):
    db = tmp_path / "c.sqlite"
    replay(db, "-a", "depth=0")
    replay(db, "-a", f"start_urls={SEED_WWW_URL}", "-a", "depth=0")
    assert rows(db, "SELECT url, timestamp_text, updated_at FROM articles") == [
        (SEED_KEY, "updated 4:47 PM EST, Fri January 25, 2013", "2013-01-25 21:47:00")]
    assert rows(db, "SELECT count(*) FROM highlights") == [(3,)]


def test_a_link_missing_from_the_mirror_is_logged_and_counted(corpus, tmp_path):
    db = tmp_path / "c.sqlite"
    result = replay(db)
    assert "mali-refugees-camp/index.html is not in the mirror" in result.stderr
    assert last_stats(db)["mali_news/replay/missing"] == 1
    assert last_stats(db)["mali_news/dropped/off_topic"] == 1
    assert last_stats(db)["mali_news/dropped/out_of_window"] == 1
    assert rows(db, "SELECT dropped FROM crawl_runs") == [('{"off_topic": 1, "out_of_window": 1}',)]


def test_each_template_is_stored_and_counted(corpus):
    assert rows(corpus, "SELECT layout, count(*) FROM articles GROUP BY layout ORDER BY layout") == [
        ("fallback", 1), ("legacy", 8), ("modern", 1), ("zn", 1)]
    # Two zn pages: the 2013 story stored, the 2015 one left outside the date window.
    assert pages_stats(corpus) == {"legacy": 9, "zn": 2, "modern": 1, "fallback": 1, "hub": 1}


def test_front_page_and_money_page_are_not_stored(tmp_path):
    db = tmp_path / "c.sqlite"
    replay(db, "-a", "depth=0", "-a",
           "start_urls=http://edition.cnn.com/,"
           "http://money.cnn.com/2013/01/15/news/economy/mali-gold/index.html")
    assert rows(db, "SELECT count(*) FROM articles") == [(0,)]
    assert pages_stats(db) == {"hub": 1}
    assert last_stats(db)["mali_news/dropped/other_publication"] == 1


def test_unknown_template_is_logged_with_its_url(corpus, tmp_path):
    result = replay(tmp_path / "c.sqlite", "-a", "depth=0", "-a",
                    "start_urls=http://edition.cnn.com/2013/03/02/world/africa/mali-belmokhtar-chad/index.html")
    assert ("Unknown CNN template at http://edition.cnn.com/2013/03/02/world/africa/"
            "mali-belmokhtar-chad/index.html") in result.stderr


def test_crawl_over_local_http_gives_the_same_corpus(corpus, tmp_path):
    db = tmp_path / "http.sqlite"
    with mirror_server(SITE) as base_url:
        crawl(db, "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
              env={"http_proxy": base_url, "no_proxy": ""})
    columns = tuple(c for c in CONTENT_COLUMNS if c != "first_seen_at")
    assert snapshot(db, columns) == snapshot(corpus, columns)
