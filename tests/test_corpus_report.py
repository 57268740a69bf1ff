import json
import re
import sqlite3

import pytest
from parsel import Selector

from mali_news.corpus.coverage import coverage
from mali_news.corpus.datasette import QUERIES
from mali_news.corpus.report import build_report
from mali_news.db.opening import open_corpus
from mali_news.reference.gazetteer import events
from tests.corpus_helpers import copy_corpus


@pytest.fixture(scope="module")
def html(fixture_corpus) -> str:
    engine = open_corpus(str(fixture_corpus))
    with engine.connect() as conn:
        html = build_report(conn, source="corpus.sqlite")
    engine.dispose()
    return html


def specs(html: str) -> dict:
    return json.loads(re.search(r"const specs = (\{.*?\});\n", html, re.S).group(1).replace("<\\/", "</"))


def test_report_is_one_page_that_fetches_nothing(html):
    page = Selector(text=html)
    charts = [div.attrib["id"] for div in page.css("div.chart")]
    assert charts == ["timeline", "map", "actors", "quoted", "graph"]
    # Every script is inline (Vega, Vega-Lite and vega-embed among them); no style, image or
    # data is fetched, and no map tile.
    assert not page.css("script[src], link, img, iframe")
    assert "vegaEmbed" in page.css("script").get()
    assert not re.search(r"""src=["']?(?:https?:)?//""", html)
    # Links elsewhere (a key date's source) are only links a reader may follow, never fetched.
    assert {element.root.tag for element in page.css("[href]")} == {"a"}
    for name, spec in specs(html).items():
        for layer in spec.get("layer", [spec]):
            assert "values" in layer["data"] and "url" not in layer["data"], name


def test_charts_hold_the_corpus(html, fixture_corpus):
    charts = specs(html)
    bars, key_dates = charts["timeline"]["layer"]
    assert sum(row["stories"] for row in bars["data"]["values"]) == 11
    assert [row["event"] for row in key_dates["data"]["values"]] == [e.title for e in events()]
    outline, points, _labels = charts["map"]["layer"]
    assert {f["properties"]["iso"] for f in outline["data"]["values"]} >= {"ML", "NE", "DZ"}
    places = {row["place"] for row in points["data"]["values"]}
    assert {"Timbuktu", "Gao", "Kidal", "Konna", "Bamako"} <= places
    assert "Paris" not in places  # outside the map's frame
    assert charts["map"]["params"][0]["bind"]["input"] == "select"
    actors = {row["actor"] for row in charts["actors"]["data"]["values"]}
    assert {"Malian army", "MNLA", "Ansar Dine"} <= actors
    edges, nodes = charts["graph"]["layer"]
    assert len(nodes["data"]["values"]) == 11
    with sqlite3.connect(fixture_corpus) as db:
        (links,), = db.execute("SELECT count(*) FROM coverage_links WHERE to_id IS NOT NULL "
                               "AND from_id != to_id").fetchall()
    assert len(edges["data"]["values"]) == links > 0


def test_story_table_and_key_dates(html, fixture_corpus):
    page = Selector(text=html)
    rows = page.css("table#stories tbody tr")
    with sqlite3.connect(fixture_corpus) as db:
        titles = {title for (title,) in db.execute("SELECT title FROM articles")}
    assert {row.css("td:nth-child(2) a::text").get() for row in rows} == titles
    assert len(rows) == 11
    assert page.css("input#filter")
    assert len(page.css("#events li")) == len(events())
    # Every date names its source, linked; two are also stated in a stored CNN story.
    for item, event in zip(page.css("#events li"), events(), strict=True):
        assert item.css("a::attr(href)").get() == event.source_url
    checked = [item for item in page.css("#events li") if item.css("a[title]")]
    assert [item.css("time::text").get() for item in checked] == ["2013-01-10", "2013-01-11"]
    seed = "/2013/01/25/world/africa/mali-unrest/index.html"
    assert all(item.css("a[title]::attr(href)").get().endswith(seed) for item in checked)
    assert len(page.css("#events li").re(r"not stated in a stored CNN story")) == 22
    assert "3 were corrected to their source" in page.css("h3 + p.meta::text").get()
    ifoghas = next(item for item in page.css("#events li")
                   if "Battle for the Adrar des Ifoghas" in item.get())
    assert ifoghas.css("time::text").get() == "2013-02-18" and "Corrected from 19 February" in ifoghas.get()
    assert "11 stories" in page.css("p.meta").get()


def test_one_story_date_for_every_reader(fixture_corpus, tmp_path):
    """A story with no publication time: report, coverage, the story_index view and the Datasette
    queries all date it by its last update, the one rule of db/storydate.py."""
    db = copy_corpus(fixture_corpus, tmp_path / "dates.sqlite")
    with sqlite3.connect(db) as conn:
        (story_id,), = conn.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchall()
        conn.execute("UPDATE articles SET published_at = NULL, updated_at = '2013-07-04 12:00:00.000000', "
                     "first_seen_at = '2026-12-01 00:00:00.000000' WHERE id = ?", (story_id,))
        (month,), = conn.execute("SELECT month FROM story_index WHERE id = ?", (story_id,)).fetchall()
        weeks = dict(conn.execute(QUERIES["stories_per_week"]["sql"]).fetchall())
    assert month == "2013-07"
    assert weeks["2013-07-01"] >= 1 and "2026-11-30" not in weeks
    engine = open_corpus(str(db))
    with engine.connect() as conn:
        cells = coverage(conn, known=[])["by_kind_and_month"]
    engine.dispose()
    assert any(cell["month"] == "2013-07" for cell in cells)


def test_the_filter_searches_every_place_and_actor_of_a_story(html, fixture_corpus):
    """Each story naming Timbuktu (or Konna, or Islamist militants) is found by the filter, however
    many places it names: rows carry all of them, not only the four the cell shows."""
    rows = Selector(text=html).css("#stories tbody tr")
    with sqlite3.connect(fixture_corpus) as db:
        for table, key, name in (("place_mentions", "place_id", "Timbuktu"),
                                 ("place_mentions", "place_id", "Konna"),
                                 ("actor_mentions", "actor_id", "Islamist militants")):
            target = "places" if table == "place_mentions" else "actors"
            (stories,), = db.execute(f"SELECT count(DISTINCT m.article_id) FROM {table} m JOIN {target} t "
                                     f"ON t.id = m.{key} WHERE t.name = ?", (name,)).fetchall()
            found = [row for row in rows if name.lower() in (" ".join(row.css("*::text").getall()) + " "
                                                             + (row.attrib.get("data-search") or "")).lower()]
            assert stories > 0 and len(found) == stories, name


def test_a_sample_corpus_carries_a_banner_and_every_story_its_citation(html, fixture_corpus):
    page = Selector(text=html)
    assert page.css("#sample-banner::text").get().startswith(
        "NOTE: all stories come from the bundled sample pages (fixtures/site)")
    with sqlite3.connect(fixture_corpus) as db:
        citations = {citation for (citation,) in db.execute("SELECT citation FROM articles")}
    assert None not in citations
    assert {row.css("td.cite::text").get() for row in page.css("table#stories tbody tr")} == citations


def test_a_corpus_of_cnns_pages_has_no_banner(fixture_corpus, tmp_path):
    db = copy_corpus(fixture_corpus, tmp_path / "live.sqlite")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET origin = 'wayback'")
    engine = open_corpus(str(db))
    with engine.connect() as conn:
        assert 'id="sample-banner"' not in build_report(conn, source="live.sqlite")
    engine.dispose()
