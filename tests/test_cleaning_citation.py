"""CSL-JSON items and APA citations: names, the first publication's day, the archived copy, no invention."""

import sqlite3
from datetime import UTC, datetime

import pytest

from mali_news.cleaning.citation import SAMPLE_NOTE, apa, csl_item, person_name, replay_address
from tests.corpus_helpers import citation_problems

URL = "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
CAPTURE = "https://web.archive.org/web/20130126003000id_/http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
REPLAY = CAPTURE.replace("id_/", "/")
WARC = ("crawl-data/CC-MAIN-2013-20/segments/1368696381249/warc/"
        "CC-MAIN-20130516092621-00011-ip-10-60-113-184.ec2.internal.warc.gz")


@pytest.mark.parametrize(("name", "parts"), [
    ("Faith Karimi", {"family": "Karimi", "given": "Faith"}),
    ("Lisa Respers France", {"family": "France", "given": "Lisa Respers"}),
    ("Jean-Marc de la Sabliere", {"family": "de la Sabliere", "given": "Jean-Marc"}),
    ("Martin Luther King Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("Madonna", {"literal": "Madonna"}),
])
def test_person_name(name, parts):
    assert person_name(name) == parts


def story(**fields):
    return {"url": URL, "kind": "story", "title": "Malian security forces push into rebel territory",
            "credits": [("Nima Elbagir", "person"), ("CNN Wire Staff", "staff")], **fields}


def test_the_first_publication_not_the_update():
    # Published on the 21st, updated (and printed "October 24") three days later.
    item = csl_item(story(published_at=datetime(2012, 10, 21, 9, 15, tzinfo=UTC),
                          updated_at=datetime(2012, 10, 24, 1, 47, tzinfo=UTC),
                          timestamp_text="October 24, 2012 -- Updated 0147 GMT (0947 HKT)"))
    assert item["issued"] == {"date-parts": [[2012, 10, 21]]}
    assert item["custom"] == {"updated": "2012-10-24T01:47:00+00:00"}
    assert "(2012, October 21)" in apa(item)
    # Stored as UTC; an export's text reads the same.
    late = csl_item(story(published_at="2013-01-26 03:17:00"))
    assert late["issued"] == {"date-parts": [[2013, 1, 26]]}
    # A page that printed only its update is cited by that update's day.
    assert csl_item(story(updated_at=datetime(2013, 8, 13, 2, 28, tzinfo=UTC)))["issued"] == {
        "date-parts": [[2013, 8, 13]]}


@pytest.mark.parametrize(("title", "shown"), [
    ("What's behind the instability in Mali?", "What's behind the instability in Mali? CNN."),
    ("Mali: 'We are winning!'", "Mali: 'We are winning!' CNN."),
    ("Is Mali next?’", "Is Mali next?’ CNN."),
    ("Malian forces push into rebel territory", "Malian forces push into rebel territory. CNN."),
])
def test_a_title_ending_in_its_own_mark_takes_no_period(title, shown):
    assert shown in apa(csl_item(story(title=title)))


def test_a_sample_story_says_so_in_its_citation():
    item = csl_item(story(origin="sample"))
    assert item["note"] == SAMPLE_NOTE
    assert apa(item).endswith(f"[{SAMPLE_NOTE}]")
    assert "note" not in csl_item(story(origin="wayback"))


def test_nothing_the_page_did_not_give():
    item = csl_item({"url": URL, "kind": "blog_post", "title": "Untitled", "credits": []})
    assert item == {"id": URL, "type": "post-weblog", "title": "Untitled", "container-title": "CNN",
                    "publisher": "CNN", "URL": URL}
    assert "(n.d.)" in apa(item)


def test_the_apa_citation_names_the_archived_copy():
    item = csl_item(story(published_at=datetime(2013, 1, 25, 12, 8, tzinfo=UTC), published_precision="minute",
                          origin="wayback", capture_url=CAPTURE, last_crawled_at="2026-12-05 14:00:00"))
    assert (item["archive"], item["archive_location"]) == ("Internet Archive Wayback Machine", REPLAY)
    assert item["accessed"] == {"date-parts": [[2026, 12, 5]]}
    assert apa(item) == (
        "Elbagir, N., & CNN Wire Staff. (2013, January 25). Malian security forces push into rebel "
        f"territory. CNN. Internet Archive Wayback Machine ({REPLAY}). {URL}")


@pytest.mark.parametrize(("capture", "replay"), [
    (CAPTURE, REPLAY),
    ("https://web.archive.org/web/20130126003000/http://edition.cnn.com/x",
     "https://web.archive.org/web/20130126003000/http://edition.cnn.com/x"),
    ("http://127.0.0.1:8080/web/2013id_/http://edition.cnn.com/x", "http://127.0.0.1:8080/web/2013/http://edition.cnn.com/x"),
])
def test_the_replay_address_a_reader_follows(capture, replay):
    assert replay_address(capture) == replay


def test_a_common_crawl_copy_is_cited_by_its_record():
    item = csl_item(story(origin="commoncrawl", capture_url=f"https://data.commoncrawl.org/{WARC}",
                          capture_crawl="CC-MAIN-2013-20",
                          warc_filename=WARC, warc_record_offset=81234, warc_record_length=9120))
    assert (item["archive"], item["archive_location"]) == (
        "Common Crawl", f"CC-MAIN-2013-20: {WARC}, offset 81234, length 9120")


def test_every_stored_citation_of_the_sample_follows_the_rules(fixture_corpus):
    assert citation_problems(fixture_corpus) == []
    with sqlite3.connect(fixture_corpus) as conn:
        (cited,) = conn.execute("SELECT citation FROM articles WHERE url LIKE '%mali-q-a%'").fetchone()
    # Published on the 21st, updated on the 24th (the day its page prints).
    assert cited.startswith("Karimi, F., & Burnett, E. (2012, October 21). A ticking time bomb: "
                            "What's behind the instability in Mali? CNN. ")


def test_remembering_the_styles_macros_changes_no_reference():
    from citeproc.model import CitationStylesElement

    item = csl_item(story(published_at=datetime(2013, 1, 25, 12, 8, tzinfo=UTC), capture_url=CAPTURE,
                          title="What's behind the instability in Mali?"))
    remembered = apa(item)
    assert CitationStylesElement.get_macro.remembered  # the crawl's path
    original = CitationStylesElement.get_macro.original
    patched, CitationStylesElement.get_macro = CitationStylesElement.get_macro, original
    try:
        assert apa(item) == remembered
    finally:
        CitationStylesElement.get_macro = patched
