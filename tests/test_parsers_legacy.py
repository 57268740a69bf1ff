from datetime import UTC, datetime

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse

from mali_news.cleaning.body import clean_blocks
from mali_news.cleaning.byline import split_byline
from mali_news.cleaning.highlights import clean_highlights
from mali_news.cleaning.timestamps import parse_iso_timestamp, parse_printed_timestamp
from mali_news.parsers import legacy, page_root
from tests.helpers import (
    SEED_EDITION_URL,
    SEED_KEY,
    SEED_WWW_URL,
    needs_shared,
    shared_page,
    site_response,
)


@pytest.fixture(scope="module")
def seed():
    response = site_response(SEED_EDITION_URL)
    return legacy.parse(response.selector, response.url)


@pytest.fixture(scope="module")
def seed_www():
    response = site_response(SEED_WWW_URL)
    return legacy.parse(response.selector, response.url)


def test_seed_identity(seed):
    assert seed.url == SEED_KEY
    assert seed.source_url == SEED_EDITION_URL
    assert seed.layout == "legacy"


def test_seed_title(seed):
    assert seed.title == "Malian security forces push into rebel territory"


def test_seed_byline(seed):
    assert seed.byline == "By Nima Elbagir and Ingrid Formanek, CNN"


def test_seed_timestamps(seed, seed_www):
    assert seed.timestamp_text == "January 25, 2013 -- Updated 2147 GMT (0547 HKT)"
    assert seed_www.timestamp_text == "updated 4:47 PM EST, Fri January 25, 2013"
    assert seed.published_meta == "2013-01-25T12:08:41Z"
    assert seed.modified_meta == "2013-01-25T21:47:53Z"


def test_seed_highlights(seed):
    assert seed.raw_highlights == [
        "NEW: Islamist extremists destroy a bridge near Tassiga, in southeastern Mali",
        "NEW: U.N. official warns the crisis has heightened the overall terrorism threat",
        "NEW: More than 150,000 people have fled Mali, while another 230,000 have been "
        "internally displaced",
    ]


def test_seed_paragraphs_are_story_paragraphs_only(seed):
    assert len(seed.paragraphs) == 19
    assert seed.paragraphs[0].startswith("(CNN) -- Malian security forces have made")
    assert seed.paragraphs[-1].endswith("three of its employees remain missing.")
    text = "\n".join(seed.paragraphs)
    for junk in ("Read more", "Diabaly on Wednesday", "Stopping al Qaeda", "Refugees tell",
                 "HIDE CAPTION", "Bamako airport", "SHARE THIS", "cnnad_createAd", "STORY HIGHLIGHTS",
                 "Part of complete coverage"):
        assert junk not in text


def test_seed_links(seed):
    kinds = [(link.kind, link.url) for link in seed.links]
    assert kinds[:4] == [
        ("read_more", "https://www.cnn.com/2012/10/21/world/africa/mali-q-a/index.html"),
        ("read_more", "https://www.cnn.com/2013/01/24/world/africa/algeria-al-qaeda-mali/index.html"),
        ("read_more", "https://www.cnn.com/2013/01/13/world/africa/mali-france-fighting/index.html"),
        ("coverage_hub", "https://www.cnn.com/SPECIALS/world/mali-conflict/index.html"),
    ]
    assert [k for k, _ in kinds[4:]] == ["complete_coverage"] * 5
    read_more = seed.links[0]
    assert read_more.anchor_text == "What's behind the instability in Mali?"
    assert read_more.href == "http://edition.cnn.com/2012/10/21/world/africa/mali-q-a/index.html"
    coverage = seed.links[4]
    assert coverage.anchor_text == "French president: 'We are winning in Mali'"
    assert coverage.listed_text == "January 29, 2013 -- Updated 2238 GMT (0638 HKT)"
    assert coverage.teaser.startswith("The offensive against Islamist militants")
    assert coverage.href.endswith("mali-military-offensive/index.html?iid=article_sidebar")
    assert seed.coverage_topic == "Conflict in Mali"


def test_seed_renderings_agree_except_timestamp(seed, seed_www):
    assert seed_www.url == seed.url
    for field in ("title", "byline", "raw_highlights", "paragraphs", "published_meta"):
        assert getattr(seed_www, field) == getattr(seed, field)


def test_editor_note_and_contributors_are_not_paragraphs():
    response = site_response("http://edition.cnn.com/2012/10/21/world/africa/mali-q-a/index.html")
    article = legacy.parse(response.selector, response.url)
    notes = [block.text for block in article.blocks if block.kind == "editor_note"]
    assert len(notes) == 1 and notes[0].startswith("Watch Erin Burnett OutFront")
    assert "contributor_note" in [block.kind for block in article.blocks]
    text = "\n".join(article.paragraphs)
    assert "OutFront" not in text
    assert "contributed to this report" not in text
    assert "What's the story behind the instability?" in article.paragraphs


@pytest.mark.parametrize(("byline_html", "expected"), [
    ("By <strong>Dana Ford </strong>and<strong> Tom Watkins, </strong>CNN",
     "By Dana Ford and Tom Watkins, CNN"),
    ("<strong>Phil Black, Boriana Milanova </strong>and<strong> Laura Smith-Spark,</strong> CNN",
     "Phil Black, Boriana Milanova and Laura Smith-Spark, CNN"),
    ("<b>By the CNN Wire Staff</b>", "By the CNN Wire Staff"),
    ('By  <b>Ed Hornick</b>, CNN<script>cnnAuthor = "By  Ed Hornick, CNN";</script>',
     "By Ed Hornick, CNN"),
])
def test_byline_text_joins_strong_tags_and_skips_scripts(byline_html, expected):
    html = f'<div id="cnnContentContainer"><div class="cnnByline">{byline_html}</div></div>'
    assert legacy.byline(Selector(text=html)) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("http://edition.cnn.com/2010/x/index.html", "August 13, 2010 -- Updated 2308 GMT (0708 HKT)"),
    ("http://www.cnn.com/2010/x/index.html", "August 13, 2010 7:08 p.m. EDT"),
])
def test_script_written_timestamp_depends_on_host(url, expected):
    html = ("<div class='cnn_strytmstmp'><script>if(location.hostname.indexOf('edition.') > -1) "
            "{document.write('August 13, 2010 -- Updated 2308 GMT (0708 HKT)');} else "
            "{document.write('August 13, 2010 7:08 p.m. EDT');}</script></div>")
    assert legacy.timestamp_text(Selector(text=html), url) == expected


def test_hub_bullet_lists_are_not_highlights():
    html = ("<div id='cnnContentContainer'><ul class='cnn_bulletbin'><li>Headline</li></ul>"
            "<ul class='cnn_bulletbin cnnStryHghLght'><li>Real</li></ul></div>")
    assert legacy.raw_highlights(Selector(text=html)) == ["Real"]


def test_paragraphs_in_boxes_are_not_body():
    html = ("<div id='cnnContentContainer'><div class='cnn_strycntntlft'><p>(CNN) -- One.</p>"
            "<div class='cnn_strylftcntnt'><p>Box text.</p></div>"
            "<p class='cnn_storypgraphtxt cnn_storypgraph2'>Two <a href='/x'>link</a> inline.</p>"
            "<p class='cnnInline'>Last real one.</p><p class='cnn_strycbftrtxt'>CNN's X contributed.</p>"
            "</div></div>")
    blocks, links = legacy.blocks(Selector(text=html), "http://www.cnn.com/")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "(CNN) -- One."), ("promo", "Box text."), ("paragraph", "Two link inline."),
        ("paragraph", "Last real one."), ("contributor_note", "CNN's X contributed.")]
    assert links == []


# Real legacy pages in ../shared: (file, url, title, authors, published, updated, highlights,
# story paragraphs after cleaning, links taken out of the body)
SHARED_CASES = [
    ("legacy2013_weather-thanksgiving.html",
     "http://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html",
     "After storm, forecasters see smooth sailing for Thanksgiving", ["Dana Ford", "Tom Watkins"],
     datetime(2013, 11, 27, 8, 36, 32, tzinfo=UTC), datetime(2013, 11, 28, 2, 3, tzinfo=UTC),
     [("The worst of holiday travel fears fail to materialize", True),
      ('"Tomorrow will be a quieter day," says CNN meteorologist', True),
      ("Fate of Macy's Thanksgiving Day Parade balloons still up in the air", False)],
     45, 4),
    ("legacy2010_democrats-social-security.html",
     "http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html",
     "Democrats to use Social Security against GOP this fall", ["Ed Hornick"],
     None, datetime(2010, 8, 13, 23, 8, tzinfo=UTC),
     [("The Social Security Act was signed into law on August 14, 1935", False),
      ("DNC Chairman Tim Kaine says Democrats will tout the program this fall", False),
      ("Republicans have called for a revamp of the program, including privatization", False)],
     27, 0),
    ("legacy2013_cnnarabic_syria-clashes.html",
     "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html",
     "معارضون يسيطرون على مخازن للصواريخ بريف دمشق", [], None,
     datetime(2013, 8, 3, 22, 21, tzinfo=UTC), [], 7, 0),
]


@needs_shared
@pytest.mark.parametrize(("name", "url", "title", "authors", "published", "updated", "highlights",
                          "n_paragraphs", "n_body_links"), SHARED_CASES)
def test_shared_legacy_pages(name, url, title, authors, published, updated, highlights,
                             n_paragraphs, n_body_links):
    response = shared_page(name, url)
    article = legacy.parse(response.selector, response.url)
    assert legacy.matches(response.selector)
    assert article.title == title
    assert split_byline(article.byline) == authors
    assert parse_iso_timestamp(article.published_meta) == published
    printed, _kind = parse_printed_timestamp(article.timestamp_text)
    assert printed == updated
    assert clean_highlights(article.raw_highlights) == highlights
    assert len(clean_blocks(article.blocks).story) == n_paragraphs
    assert len([link for link in article.links if link.kind in ("read_more", "related")]) == n_body_links


@needs_shared
def test_shared_weather_page_keeps_subheads_and_drops_gallery():
    response = shared_page("legacy2013_weather-thanksgiving.html",
                           "http://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html")
    article = legacy.parse(response.selector, response.url)
    assert "Will winds whip parade balloons?" in article.paragraphs
    text = "\n".join(article.paragraphs)
    assert "Police officers adjust a barricade" not in text
    assert "Are you in the grips" not in text
    assert article.coverage_topic == "Severe weather"
    assert len([link for link in article.links if link.kind == "complete_coverage"]) == 10
    assert all(link.listed_at is None for link in article.links)


@needs_shared
def test_shared_2010_page_keeps_its_last_cnninline_paragraph():
    response = shared_page("legacy2010_democrats-social-security.html",
                           "http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html")
    article = legacy.parse(response.selector, response.url)
    assert article.paragraphs[-1].startswith("Reid's campaign hit back hard")
    assert article.byline == "By Ed Hornick, CNN"


def story_column(inner: str) -> str:
    return ("<html><body><div id='cnnContentContainer' class='cnn_storyarea'><h1>Names</h1>"
            f"<div class='cnn_strycntntlft'>{inner}</div></div></body></html>")


def test_ranked_list_in_short_paragraphs_is_story_text():
    names = ["Jacob and Sophia", "Mason and Isabella", "William and Emma", "Jayden and Olivia",
             "Noah and Ava", "Michael and Emily", "Ethan and Abigail", "Alexander and Madison",
             "Aiden and Mia", "Daniel and Chloe"]
    lines = "".join(f"<p class='cnn_storypgraphtxt cnn_storypgraph{i + 3}'>{i + 1}. {name}</p>"
                    for i, name in enumerate(names))
    html = story_column("<p><strong>(CNN)</strong> -- The most popular baby names of 2012:</p>"
                        f"<p class='cnn_storypgraphtxt cnn_storypgraph2'>Here they are.</p>{lines}")
    blocks, _ = legacy.blocks(Selector(text=html), "http://edition.cnn.com/")
    cleaned = clean_blocks(blocks)
    assert [b.text for b in cleaned.story][2:] == [f"{i + 1}. {n}" for i, n in enumerate(names)]


def test_list_subhead_run_and_blockquote_are_story_blocks():
    html = story_column(
        "<p>(CNN) -- The groups in northern Mali:</p>"
        "<ol><li>Ansar Dine</li><li>MUJAO</li><li><a href='/x'>MNLA</a></li></ol>"
        "<p class='cnn_storypgraphtxt cnn_storypgraph3'><strong>Key players</strong></p>"
        "<p class='cnn_storypgraphtxt cnn_storypgraph4'><strong>Ansar Dine</strong></p>"
        "<p class='cnn_storypgraphtxt cnn_storypgraph5'><b>MNLA</b></p>"
        "<blockquote>We will not negotiate, a spokesman said.</blockquote>"
        "<ul><li>Timbuktu</li><li>Gao</li></ul>"
        "<div class='cnn_strylftcntnt cnn_strylftcexpbx'><div class='cnnStryVidCont'>"
        "Stopping al Qaeda in North Africa</div></div>"
        "<p class='cnn_strycbftrtxt'>CNN's Nima Elbagir contributed to this report.</p>")
    blocks, _ = legacy.blocks(Selector(text=html), "http://edition.cnn.com/")
    assert [(b.kind, b.marker, b.text) for b in blocks] == [
        ("paragraph", "", "(CNN) -- The groups in northern Mali:"),
        ("list_item", "1.", "Ansar Dine"), ("list_item", "2.", "MUJAO"), ("list_item", "3.", "MNLA"),
        ("subhead", "", "Key players"), ("subhead", "", "Ansar Dine"), ("subhead", "", "MNLA"),
        ("blockquote", "", "We will not negotiate, a spokesman said."),
        ("list_item", "•", "Timbuktu"), ("list_item", "•", "Gao"),
        ("video_title", "", "Stopping al Qaeda in North Africa"),
        ("contributor_note", "", "CNN's Nima Elbagir contributed to this report.")]


def test_deeply_nested_markup_does_not_exhaust_recursion():
    # Deeper than Python's recursion limit (1000), within what libxml2 keeps (about 2000).
    nested = "<span>" * 1500 + "deep text" + "</span>" * 1500
    html = story_column(f"<p>(CNN) -- Start.</p><p>{nested}</p>")
    response = HtmlResponse("http://edition.cnn.com/", body=html.encode())
    blocks, _ = legacy.blocks(page_root(response), response.url)
    assert blocks[-1].text == "deep text"
