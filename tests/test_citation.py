"""CSL-JSON items and APA citations: names, dates as printed, the archived copy, nothing invented."""

from datetime import UTC, datetime

import pytest

from mali_news.citation import apa, csl_item, person_name

URL = "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
CAPTURE = "https://web.archive.org/web/20130126003000id_/http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"


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


def test_the_printed_day_not_the_utc_day():
    # 10:17 PM EST on the 25th is the 26th in UTC: a reader saw the 25th.
    item = csl_item(story(published_at=datetime(2013, 1, 26, 3, 17, tzinfo=UTC), published_precision="minute",
                          timestamp_text="updated 10:17 PM EST, Fri January 25, 2013"))
    assert item["issued"] == {"date-parts": [[2013, 1, 25]]}
    no_print = csl_item(story(published_at=datetime(2013, 1, 26, 3, 17, tzinfo=UTC),
                              published_precision="minute"))
    assert no_print["issued"] == {"date-parts": [[2013, 1, 25]]}
    day_only = csl_item(story(published_at=datetime(2013, 1, 25, tzinfo=UTC), published_precision="day"))
    assert day_only["issued"] == {"date-parts": [[2013, 1, 25]]}


def test_nothing_the_page_did_not_give():
    item = csl_item({"url": URL, "kind": "blog_post", "title": "Untitled", "credits": []})
    assert item == {"id": URL, "type": "post-weblog", "title": "Untitled", "container-title": "CNN",
                    "publisher": "CNN", "URL": URL}
    assert "(n.d.)" in apa(item)


def test_the_apa_citation_names_the_archived_copy():
    item = csl_item(story(published_at=datetime(2013, 1, 25, 12, 8, tzinfo=UTC), published_precision="minute",
                          capture_url=CAPTURE, last_crawled_at="2026-12-05 14:00:00"))
    assert (item["archive"], item["archive_location"]) == ("Internet Archive Wayback Machine", CAPTURE)
    assert item["accessed"] == {"date-parts": [[2026, 12, 5]]}
    assert apa(item) == (
        "Elbagir, N., & CNN Wire Staff. (2013, January 25). Malian security forces push into rebel "
        f"territory. CNN. Internet Archive Wayback Machine ({CAPTURE}). {URL}")
