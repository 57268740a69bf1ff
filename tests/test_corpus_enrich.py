"""Mentions and recycled background on the fixture corpus: as the crawl stored them, and as
`enrich` finds them again."""

import sqlite3

import pytest

from mali_news.corpus.enrich import enrich
from mali_news.db.engine import make_engine
from tests.corpus_helpers import copy_corpus

STORY = "https://www.cnn.com/{}/index.html"
# Which fixture stories name each place, read off fixtures/build_site.py.
NAMED_IN = {
    "timbuktu": {"2013/01/29/world/africa/mali-military-offensive",
                 "2013/01/24/world/africa/algeria-al-qaeda-mali", "2012/10/21/world/africa/mali-q-a",
                 "2013/08/12/world/africa/mali-presidential-election",
                 "2013/01/28/world/africa/mali-timbuktu-airport",
                 "2013/05/28/world/africa/timbuktu-manuscripts"},
    "gao": {"2013/01/25/world/africa/mali-unrest", "2013/01/29/world/africa/mali-military-offensive",
            "2013/01/24/world/africa/algeria-al-qaeda-mali", "2012/10/21/world/africa/mali-q-a",
            "2013/08/12/world/africa/mali-presidential-election"},
    "kidal": {"2013/01/29/world/africa/mali-military-offensive", "2012/10/21/world/africa/mali-q-a",
              "2013/08/12/world/africa/mali-presidential-election",
              "2013/01/28/world/africa/mali-timbuktu-airport", "2013/02/06/world/africa/mali-conflict"},
    "konna": {"2013/01/25/world/africa/mali-unrest", "2013/01/13/world/africa/mali-france-fighting",
              "2013/01/28/world/africa/mali-timbuktu-airport"},
}
SEED = STORY.format("2013/01/25/world/africa/mali-unrest")
RECYCLED_FIRST = STORY.format("2013/01/28/world/africa/mali-timbuktu-airport")
RECYCLED_AGAIN = STORY.format("2013/01/29/world/africa/mali-military-offensive")
DERIVED = {
    "place_mentions": "SELECT a.url, place_id, count, first_position FROM place_mentions "
                      "JOIN articles a ON a.id = article_id ORDER BY 1, 2",
    "actor_mentions": "SELECT a.url, actor_id, count FROM actor_mentions JOIN articles a "
                      "ON a.id = article_id ORDER BY 1, 2",
    "members": "SELECT a.url, position, background, similarity FROM paragraph_cluster_members "
               "JOIN articles a ON a.id = article_id ORDER BY 1, 2",
}


def _rows(db, sql, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def _derived(db):
    return {name: _rows(db, sql) for name, sql in DERIVED.items()}


@pytest.mark.parametrize("place", sorted(NAMED_IN))
def test_a_place_is_mentioned_where_named_and_nowhere_else(fixture_corpus, place):
    found = {url for (url,) in _rows(fixture_corpus, """
        SELECT a.url FROM place_mentions pm JOIN articles a ON a.id = pm.article_id
        WHERE pm.place_id = ?""", place)}
    assert found == {STORY.format(path) for path in NAMED_IN[place]}


def test_the_gazetteer_is_in_the_database(fixture_corpus):
    (n, ), = _rows(fixture_corpus, "SELECT count(*) FROM places")
    assert n >= 60
    assert _rows(fixture_corpus, "SELECT latitude, longitude, country FROM places WHERE name = 'Kidal'") == [
        (18.44, 1.41, "ML")]


def test_the_seed_names_the_malian_army_and_the_islamist_groups(fixture_corpus):
    actors = {actor for (actor,) in _rows(fixture_corpus, """
        SELECT am.actor_id FROM actor_mentions am JOIN articles a ON a.id = am.article_id
        WHERE a.url = ?""", SEED)}
    assert {"malian_army", "islamist_militants", "al_qaeda", "mnla", "tuareg_rebels"} <= actors
    # Its first mention of the army is in the body's first sentence.
    assert _rows(fixture_corpus, """
        SELECT first_position FROM actor_mentions am JOIN articles a ON a.id = am.article_id
        WHERE a.url = ? AND actor_id = 'malian_army'""", SEED)[0][0] < 40


def test_the_crawl_marks_the_recycled_paragraph_and_only_it(fixture_corpus):
    members = _rows(fixture_corpus, """
        SELECT a.url, m.background, b.text FROM paragraph_cluster_members m
        JOIN articles a ON a.id = m.article_id
        JOIN article_blocks b ON b.article_id = m.article_id AND b.position = m.position
        ORDER BY m.background""")
    assert [(url, background) for url, background, _ in members] == [
        (RECYCLED_FIRST, 0), (RECYCLED_AGAIN, 1)]
    assert all(text.startswith("France sent troops to Mali at the request") for *_, text in members)
    (share,), = _rows(fixture_corpus, "SELECT background_share FROM article_background "
                                      "JOIN articles a ON a.id = article_id WHERE a.url = ?", RECYCLED_AGAIN)
    assert 0.15 < share < 0.25
    # Both stories tell of the burnt manuscripts in their own words: nothing recycled there.
    assert _rows(fixture_corpus, "SELECT count(*) FROM paragraph_clusters") == [(1,)]


def test_enrich_finds_the_same_again_and_repairs_a_corpus(fixture_corpus, tmp_path):
    db = tmp_path / "corpus.sqlite"
    copy_corpus(fixture_corpus, db)
    stored = _derived(db)
    with sqlite3.connect(db) as conn:
        conn.executescript("DELETE FROM place_mentions; DELETE FROM actor_mentions; "
                           "DELETE FROM paragraph_cluster_members; DELETE FROM paragraph_clusters;")
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        summary = enrich(conn)
    with engine.begin() as conn:
        again = enrich(conn)
    engine.dispose()
    assert _derived(db) == stored
    assert summary == again
    assert summary.articles == 11
    assert summary.place_mentions == len(stored["place_mentions"])
    assert summary.background.clusters == 1 and summary.background.background_paragraphs == 1


def test_enrich_cites_a_corpus_built_before_the_citation_rules_again(fixture_corpus, tmp_path):
    db = tmp_path / "corpus.sqlite"
    copy_corpus(fixture_corpus, db)
    cited = dict(_rows(db, "SELECT url, citation FROM articles"))
    q_a = next(url for url in cited if "mali-q-a" in url)
    # As the crawl cited it before: the update's printed day, and "?." after the title.
    old = ("Karimi, F., & Burnett, E. (2012, October 24). A ticking time bomb: What's behind the "
           "instability in Mali?. CNN.")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET citation = ? WHERE url = ?", (old, q_a))
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        summary = enrich(conn)
    engine.dispose()
    assert summary.citations == 1
    assert dict(_rows(db, "SELECT url, citation FROM articles")) == cited
    assert "(2012, October 21)" in cited[q_a] and "Mali? CNN." in cited[q_a]


# The seed story's attributed statements, read from its text: who, of which kind, how, by which verb.
SEED_QUOTES = [
    ("a military official", "government", "indirect", "told"),
    ("a military spokesman", "government", "indirect", "told"),
    ("the French-based International Federation for Human Rights", "civil_society", "mixed", "said"),
    ("Victoria Nuland", "government", "indirect", "said"),
    ("Victoria Nuland", "government", "indirect", "said"),  # "she said"
    ("militants", "armed_group", "indirect", "said"),
    ("Said Djinnit", "international", "direct", "said"),
    ("Said Djinnit", "international", "mixed", "stressed"),  # "He stressed"
    ("the latest U.N. estimates", "international", "indirect", "according to"),
    ("An al Qaeda-linked group", "armed_group", "indirect", "said"),
    ("Statoil", "business", "indirect", "said"),
    ("Statoil", "business", "indirect", "said"),  # "the company said"
]


def test_the_crawl_finds_every_statement_of_the_seed_story(fixture_corpus):
    assert _rows(fixture_corpus, """
        SELECT q.speaker, q.category, q.kind, q.verb FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE a.url LIKE '%/2013/01/25/world/africa/mali-unrest/%' ORDER BY q.position""") == SEED_QUOTES
    nuland = "SELECT DISTINCT role, actor_id FROM quotes WHERE speaker = 'Victoria Nuland'"
    assert _rows(fixture_corpus, nuland) == [("U.S. State Department spokeswoman", "united_states")]


def test_a_corpus_built_before_quotes_gets_them_from_enrich(fixture_corpus, tmp_path):
    db = tmp_path / "corpus.sqlite"
    copy_corpus(fixture_corpus, db)
    found = _rows(db, "SELECT * FROM quotes ORDER BY article_id, position")
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM quotes")
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        summary = enrich(conn)
    engine.dispose()
    assert summary.quotes == len(found) > 20
    assert _rows(db, "SELECT * FROM quotes ORDER BY article_id, position") == found
