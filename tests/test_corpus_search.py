from datetime import date

import pytest

from mali_news.corpus.search import SearchError, format_hits, quote_terms, search
from mali_news.db.opening import open_corpus


@pytest.fixture(scope="module")
def conn(fixture_corpus):
    engine = open_corpus(str(fixture_corpus))
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def test_title_matches_rank_first_and_snippets_mark_the_match(conn):
    hits = search(conn, "manuscripts")
    assert hits[0].title == "Saved from Islamists, Timbuktu's manuscripts face new threat"
    assert all("[manuscripts]" in hit.snippet.lower() or "[manuscript" in hit.snippet.lower()
               for hit in hits)
    assert [hit.rank for hit in hits] == list(range(1, len(hits) + 1))
    assert [hit.score for hit in hits if not hit.in_title] == sorted(
        (hit.score for hit in hits if not hit.in_title), reverse=True)
    assert "\n" not in hits[0].snippet


def test_with_a_word_every_story_holds_title_matches_still_come_first_with_real_ranks(conn):
    # BM25 gives "Mali", in nearly every story of the sample, almost no weight: every score is
    # near 0. The title decides, and the ranks are places in the list.
    hits = search(conn, "Mali")
    in_title = [hit.in_title for hit in hits]
    assert in_title == sorted(in_title, reverse=True) and any(in_title) and not all(in_title)
    assert all("mali" in hit.title.lower() for hit in hits if hit.in_title)
    assert [hit.rank for hit in hits] == list(range(1, len(hits) + 1))
    assert all(repr(hit.score) != "-0.0" for hit in hits)


def test_highlights_are_searched(conn):
    (hit,) = search(conn, "Tassiga bridge")
    assert hit.url == "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"


def test_phrase_prefix_and_stemming(conn):
    assert {h.title for h in search(conn, '"gas plant"')} == {
        "Officials believe al Qaeda in Mali orchestrated Algeria attack",
        "Chad says its troops killed Mokhtar Belmokhtar"}
    assert search(conn, "Belmokh*")
    # porter stemming: "hostage" finds "hostages" (and "hostage-taking")
    assert {h.title for h in search(conn, "hostage")} == {
        "Malian security forces push into rebel territory"}


def test_date_filters(conn):
    all_hits = search(conn, "Mali", limit=50)
    early_2013 = search(conn, "Mali", since=date(2013, 1, 1), until=date(2013, 1, 31), limit=50)
    assert 0 < len(early_2013) < len(all_hits)
    assert all("2013-01-01" <= hit.published_at[:10] <= "2013-01-31" for hit in early_2013)
    assert search(conn, "Mali", since=date(2013, 1, 25), until=date(2013, 1, 25))[0].title == (
        "Malian security forces push into rebel territory")


def test_text_that_is_not_fts_syntax_is_searched_as_words(conn):
    assert search(conn, "U.N. official")  # "." is FTS5 syntax
    assert search(conn, 'Mali "Gao')


def test_no_matches_and_empty_query(conn):
    assert search(conn, "zeppelin") == []
    assert format_hits([]) == "no matches"
    with pytest.raises(SearchError, match="empty"):
        search(conn, "  ")


@pytest.mark.parametrize(("query", "quoted"), [
    ("U.S.-led forces", '"U" "S" "led" "forces"'),
    ("Timbuktu's manuscripts", '"Timbuktu\'s" "manuscripts"'),
    ('"open quote', '"open" "quote"'),
    ("()", ""),
])
def test_quote_terms(query, quoted):
    assert quote_terms(query) == quoted
