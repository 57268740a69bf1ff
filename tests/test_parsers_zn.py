from datetime import UTC, datetime

import pytest
from parsel import Selector

from mali_news.parsers import zn
from tests.extraction_helpers import extract
from tests.helpers import needs_shared, shared_page, site_response

HOTEL_URL = "https://www.cnn.com/2015/11/20/africa/mali-hotel-attack/index.html"


@pytest.fixture(scope="module")
def hotel():
    return extract(site_response(HOTEL_URL))


def test_fixture_fields(hotel):
    assert hotel.layout == "zn"
    assert hotel.title == "Gunmen storm hotel in Mali's capital, take hostages"
    # Non-breaking space inside a name, three names with no Oxford comma
    assert hotel.authors == ["Faith Karimi", "Ralph Ellis", "Robyn Kriel"]
    assert hotel.timestamp_text == "Updated 1805 GMT (0205 HKT) November 20, 2015"
    assert hotel.updated_at == datetime(2015, 11, 20, 18, 5, tzinfo=UTC)
    assert hotel.published_at == datetime(2015, 11, 20, 9, 41, 12, tzinfo=UTC)
    assert [h.text for h in hotel.highlights] == [
        "Gunmen entered the hotel in Bamako shouting, a witness says",
        "Malian special forces freed dozens of guests floor by floor"]
    assert hotel.dateline == "Bamako, Mali (CNN)"


def test_fixture_body_has_no_note_footer_button_quote_or_boxes(hotel):
    assert hotel.editor_note == "Editor's note: This story is being updated as details emerge."
    assert hotel.body.startswith("Gunmen stormed a luxury hotel in Mali's capital on Friday")
    for junk in ("Editor's note", "contributed to this report", "Read More", "READ",
                 "diplomatic plates.\n", "Inside the Bamako hotel siege", "More Videos",
                 "Malian security forces push into rebel territory"):
        assert junk not in hotel.body
    assert hotel.body.count("\n\n") + 1 == 6
    assert "A country still at war" in hotel.body.split("\n\n")


def test_fixture_links(hotel):
    assert [(link.kind, link.url) for link in hotel.links] == [
        ("read_more", "https://www.cnn.com/2013/01/29/world/africa/mali-military-offensive/index.html"),
        ("related", "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"),
    ]
    assert hotel.links[0].anchor_text == "French president on military offensive: 'We are winning in Mali'"


def test_read_and_watch_link_paragraphs():
    html = ("<article class='pg-rail-tall'><div itemprop='articleBody'>"
            "<div class='zn-body__paragraph'>Text.</div>"
            "<div class='zn-body__paragraph'><a href='/2018/02/12/sport/a/index.html'>"
            "<strong>READ</strong>: A</a></div>"
            "<div class='zn-body__paragraph'><a href='/2018/02/12/sport/b/index.html'>"
            "<strong>WATCH</strong>: B</a></div>"
            "<div class='zn-body__paragraph'>More <a href='/x'>inline</a> text.</div></div></article>")
    blocks, links = zn.blocks(Selector(text=html), "https://edition.cnn.com/")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Text."), ("link_paragraph", "READ: A"), ("link_paragraph", "WATCH: B"),
        ("paragraph", "More inline text.")]
    assert [(link.kind, link.anchor_text) for link in links] == [("read_more", "A"), ("related", "B")]


# (file, url, title, authors, published, updated, highlights, paragraphs, dateline)
SHARED_CASES = [
    ("zn2015_edition_hamilton-crash.html",
     "http://edition.cnn.com/2015/11/13/motorsport/formula-one-lewis-hamilton-crashes-car-news/index.html",
     "Exhausted F1 star Lewis Hamilton crashes car after 'heavy partying'", [],
     datetime(2015, 11, 13, 12, 58, 18, tzinfo=UTC), datetime(2015, 11, 13, 13, 54, tzinfo=UTC),
     ["Lewis Hamilton reveals Monaco car accident on eve of Brazilian GP",
      "F1 world champion says he was exhausted and had a fever",
      "Hamilton organized surprise party for his Mum after Mexico GP"], 15, "(CNN)"),
    ("zn2018_edition_kelly-sildaru.html",
     "https://edition.cnn.com/2018/03/07/sport/kelly-sildaru-freestyle-skiing-siblings-estonia-henry-tonis-x-games-winter-olympics/index.html",
     "Meet teenager Kelly Sildaru, the star of the next Winter Olympics?", ["Henry Young"],
     datetime(2018, 3, 7, 11, 29, 19, tzinfo=UTC), datetime(2018, 3, 8, 9, 35, tzinfo=UTC),
     [], 67, "(CNN)"),
    ("zn2019_asian-market-latest.html",
     "https://www.cnn.com/2019/11/18/investing/asian-market-latest/index.html",
     "Investors don't seem to know what to make of the US-China trade war", ["Jill Disis"],
     datetime(2019, 11, 19, 2, 34, 30, tzinfo=UTC), datetime(2019, 11, 19, 3, 39, tzinfo=UTC),
     [], 8, "Hong Kong (CNN Business)"),
]


@needs_shared
@pytest.mark.parametrize(("name", "url", "title", "authors", "published", "updated", "highlights",
                          "n_paragraphs", "dateline"), SHARED_CASES)
def test_shared_zn_pages(name, url, title, authors, published, updated, highlights, n_paragraphs,
                         dateline):
    article = extract(shared_page(name, url))
    assert article.layout == "zn"
    assert article.title == title
    assert article.authors == authors
    assert article.published_at == published
    assert article.updated_at == updated
    assert [h.text for h in article.highlights] == highlights
    assert article.body.count("\n\n") + 1 == n_paragraphs
    assert article.dateline == dateline


@needs_shared
def test_shared_zn_related_links_and_subheads():
    article = extract(shared_page(
        "zn2018_edition_kelly-sildaru.html",
        "https://edition.cnn.com/2018/03/07/sport/kelly-sildaru-freestyle-skiing/index.html"))
    paragraphs = article.body.split("\n\n")
    assert "Skiing siblings" in paragraphs and "New horizons" in paragraphs
    assert [link.kind for link in article.links] == ["read_more"] * 3 + ["related"] * 2
    assert article.links[0].anchor_text.startswith("Chloe Kim, America's 17-year-old")
    asian = extract(shared_page("zn2019_asian-market-latest.html",
                                "https://www.cnn.com/2019/11/18/investing/asian-market-latest/index.html"))
    assert [(link.kind, link.anchor_text) for link in asian.links] == [
        ("related", "The United States once again kicks the Huawei can down the road")]


def zn_body(inner: str) -> str:
    return ("<html><body><article class='pg-rail-tall'><h1 class='pg-headline'>Groups</h1>"
            "<div class='pg-rail-tall__body' itemprop='articleBody'><section id='body-text' "
            f"class='zn-body-text'><div class='l-container'>{inner}</div></section>"
            "<div class='pg-rail'><p>Most popular</p></div></div></article></body></html>")


def test_ranked_list_subhead_run_and_blockquote_are_story_blocks():
    html = zn_body(
        "<div class='el__leafmedia el__leafmedia--sourced-paragraph'><p class='zn-body__paragraph'>"
        "<cite class='el-editorial-source'>Bamako, Mali (CNN)</cite>The groups:</p></div>"
        "<div class='zn-body__paragraph'>1. Ansar Dine</div>"
        "<div class='zn-body__paragraph'>2. MUJAO</div>"
        "<div class='zn-body__paragraph'>3. MNLA</div>"
        "<div class='zn-body__paragraph'><h3>Trump hits Rubio on immigration</h3></div>"
        "<h3>Key players</h3>"
        "<div class='zn-body__paragraph'><ul><li>Iyad Ag Ghaly</li><li>Mokhtar Belmokhtar</li></ul></div>"
        "<div class='zn-body__read-more'><div class='read-more-button'>Read More</div></div>"
        "<div class='zn-body__read-all'>"
        "<div class='el__leafmedia el__leafmedia--pullquote'><p>We will fight on.</p></div>"
        "<blockquote>We will fight on, a spokesman said.</blockquote>"
        "<div class='el__embedded el__embedded--standard'><div class='el__video--standard'>"
        "JUST WATCHED Mali forces push back Islamic militants 02:12</div></div>"
        "<div class='zn-body__paragraph'>Last.</div></div>"
        "<p class='zn-body__paragraph zn-body__footer'>CNN's Robyn Kriel contributed.</p>")
    blocks, _ = zn.blocks(Selector(text=html), "https://www.cnn.com/")
    assert [(b.kind, b.marker, b.text) for b in blocks] == [
        ("paragraph", "", "Bamako, Mali (CNN) The groups:"),
        ("paragraph", "", "1. Ansar Dine"), ("paragraph", "", "2. MUJAO"), ("paragraph", "", "3. MNLA"),
        ("subhead", "", "Trump hits Rubio on immigration"), ("subhead", "", "Key players"),
        ("list_item", "•", "Iyad Ag Ghaly"), ("list_item", "•", "Mokhtar Belmokhtar"),
        ("promo", "", "Read More"), ("promo", "", "We will fight on."),
        ("blockquote", "", "We will fight on, a spokesman said."),
        ("video_title", "", "JUST WATCHED Mali forces push back Islamic militants 02:12"),
        ("paragraph", "", "Last."),
        ("contributor_note", "", "CNN's Robyn Kriel contributed.")]
