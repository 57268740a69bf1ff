import pytest
from parsel import Selector

from mali_news.parsers import detect_layout, hub, parse_page
from tests.helpers import SEED_EDITION_URL, needs_shared, shared_page, site_response

HUB_URL = "http://edition.cnn.com/SPECIALS/world/mali-conflict/index.html"


def test_seed_is_a_legacy_article():
    response = site_response(SEED_EDITION_URL)
    page = parse_page(response.selector, response.url)
    assert page.layout == "legacy"
    assert page.article is not None
    assert page.title == "Malian security forces push into rebel territory"
    assert "http://edition.cnn.com/2012/10/21/world/africa/mali-q-a/index.html" in page.follow
    assert "Hombori" in page.topic_text


def test_coverage_hub_offers_its_story_links_and_stores_nothing():
    response = site_response(HUB_URL)
    page = parse_page(response.selector, response.url)
    assert page.layout == "hub"
    assert page.article is None
    assert page.title == "Conflict in Mali"
    election = "http://edition.cnn.com/2013/08/12/world/africa/mali-presidential-election/index.html"
    assert f"{election}?hpt=sp_c2" in page.follow
    assert not any("/video/" in url or "/gallery/" in url or "ireport" in url for url in page.follow)


def test_unknown_page_has_no_layout():
    sel = Selector(text="<html><body><h1>Hello</h1><p>Nothing CNN about it.</p></body></html>")
    assert detect_layout(sel, "http://edition.cnn.com/about/index.html") is None
    assert parse_page(sel, "http://edition.cnn.com/about/index.html") is None


def test_hub_links_are_absolute_and_unique():
    html = ("<body><a href='/2013/01/25/world/africa/a/index.html'>A</a>"
            "<a href='/2013/01/25/world/africa/a/index.html'>A again</a>"
            "<a href='javascript:void(0)'>js</a><a href='mailto:x@cnn.com'>mail</a><a href='#top'>top</a>"
            "<a href='http://example.com/2013/01/25/world/b/index.html'>other site</a></body>")
    assert hub.article_links(Selector(text=html), "http://edition.cnn.com/") == [
        ("http://edition.cnn.com/2013/01/25/world/africa/a/index.html", "A")]


@needs_shared
def test_shared_2013_front_page_is_a_hub():
    response = shared_page("hub2013_edition_homepage.html", "http://edition.cnn.com/")
    page = parse_page(response.selector, response.url)
    assert page.layout == "hub"
    assert page.article is None
    assert len(page.follow) > 100


@needs_shared
@pytest.mark.parametrize(("name", "url"), [
    ("legacy2013_weather-thanksgiving.html",
     "http://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html"),
    ("legacy2010_democrats-social-security.html",
     "http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html"),
    ("legacy2013_cnnarabic_syria-clashes.html",
     "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"),
])
def test_shared_legacy_pages_are_detected(name, url):
    response = shared_page(name, url)
    assert detect_layout(response.selector, response.url) == "legacy"
