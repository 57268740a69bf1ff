from datetime import UTC, datetime

import pytest
from parsel import Selector
from scrapy import Request
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from mali_news import meta
from mali_news.archives.capture import Capture
from mali_news.parsers import detect_layout, hub, parse_page, read_page
from tests.extraction_helpers import extract
from tests.helpers import (
    SEED_EDITION_URL,
    SEED_KEY,
    SEED_WWW_URL,
    SITE,
    file_response,
    needs_shared,
    shared_page,
    site_response,
)

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


@pytest.mark.parametrize(("path", "url", "layout"), [
    ("site/edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", SEED_EDITION_URL, "legacy"),
    ("site/www.cnn.com/2015/11/20/africa/mali-hotel-attack/index.html",
     "https://www.cnn.com/2015/11/20/africa/mali-hotel-attack/index.html", "zn"),
    ("site/www.cnn.com/2013/02/06/world/africa/mali-conflict/index.html",
     "https://www.cnn.com/2013/02/06/world/africa/mali-conflict/index.html", "modern"),
    ("site/edition.cnn.com/2013/03/02/world/africa/mali-belmokhtar-chad/index.html",
     "http://edition.cnn.com/2013/03/02/world/africa/mali-belmokhtar-chad/index.html", "fallback"),
    ("site/edition.cnn.com/SPECIALS/world/mali-conflict/index.html", HUB_URL, "hub"),
    ("site/edition.cnn.com/index.html", "http://edition.cnn.com/", "hub"),
    ("site/money.cnn.com/2013/01/15/news/economy/mali-gold/index.html",
     "http://money.cnn.com/2013/01/15/news/economy/mali-gold/index.html", "out_of_scope"),
    ("site/edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",
     "http://edition.cnn.com/video/data/2.0/video/world/2013/01/24/x.cnn.html", "video"),
    ("site/edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",
     "http://edition.cnn.com/2013/01/15/world/gallery/mali-fighting/index.html", "gallery"),
])
def test_detect_layout(path, url, layout):
    response = file_response(path, url)
    assert detect_layout(response.selector, response.url) == layout


@pytest.mark.parametrize("url", [
    "http://money.cnn.com/2013/01/15/news/economy/mali-gold/index.html",
    "http://edition.cnn.com/video/data/2.0/video/world/2013/01/24/x.cnn.html",
])
def test_non_article_pages_store_nothing_and_follow_nothing(url):
    response = file_response("site/money.cnn.com/2013/01/15/news/economy/mali-gold/index.html", url)
    page = parse_page(response.selector, response.url)
    assert page.article is None
    assert page.follow == []


def test_same_story_in_three_templates():
    legacy = extract(site_response(SEED_EDITION_URL))
    zn = extract(file_response("pages/seed_zn.html", SEED_EDITION_URL))
    modern = extract(file_response("pages/seed_modern.html", SEED_WWW_URL))
    assert [a.layout for a in (legacy, zn, modern)] == ["legacy", "zn", "modern"]
    for other in (zn, modern):
        assert other.url == SEED_KEY
        assert other.title == legacy.title
        assert other.authors == legacy.authors == ["Nima Elbagir", "Ingrid Formanek"]
        assert other.published_at == legacy.published_at
        assert other.updated_at == legacy.updated_at
        assert other.body == legacy.body
        assert other.dateline == legacy.dateline == "(CNN)"
    # The 2022+ template prints no highlights.
    assert zn.highlights == legacy.highlights
    assert modern.highlights == []


@needs_shared
@pytest.mark.parametrize(("name", "url", "layout"), [
    ("legacy2013_weather-thanksgiving.html",
     "http://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html", "legacy"),
    ("legacy2010_democrats-social-security.html",
     "http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html", "legacy"),
    # CNN Arabic uses the legacy template but is outside this English corpus.
    ("legacy2013_cnnarabic_syria-clashes.html",
     "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html", "out_of_scope"),
    ("zn2015_edition_hamilton-crash.html",
     "http://edition.cnn.com/2015/11/13/motorsport/formula-one-lewis-hamilton-crashes-car-news/index.html",
     "zn"),
    ("zn2018_edition_kelly-sildaru.html",
     "https://edition.cnn.com/2018/03/07/sport/kelly-sildaru/index.html", "zn"),
    ("zn2019_asian-market-latest.html",
     "https://www.cnn.com/2019/11/18/investing/asian-market-latest/index.html", "zn"),
    ("modern2023_alito-prelogar.html",
     "https://www.cnn.com/2023/11/06/politics/alito-prelogar-supreme-court-analysis/index.html",
     "modern"),
    ("modern_trump-wont-change-2016story_mercury.html",
     "https://www.cnn.com/2016/11/29/politics/donald-trump-transition-presidency/index.html", "modern"),
    ("other2016_money_poverty-inequality.html",
     "http://money.cnn.com/2016/02/01/news/economy/poverty-inequality-united-states/index.html",
     "out_of_scope"),
    ("hub2013_edition_homepage.html", "http://edition.cnn.com/", "hub"),
])
def test_shared_pages_are_detected(name, url, layout):
    response = shared_page(name, url)
    assert detect_layout(response.selector, response.url) == layout


@needs_shared
def test_shared_money_page_is_not_an_article():
    response = shared_page(
        "other2016_money_poverty-inequality.html",
        "http://money.cnn.com/2016/02/01/news/economy/poverty-inequality-united-states/index.html")
    page = parse_page(response.selector, response.url)
    assert page.article is None


STORY_2009 = """<html><head><title>Mali coup leader vows elections - CNN.com</title></head><body>
<div id="cnnContentContainer"><div class="cnnTopNav"><a href="/">Home</a> <a href="/WORLD/">World</a></div>
<h1>Mali coup leader vows elections</h1>
<div class="cnnByline">By <strong>Faith Karimi</strong>, CNN</div>
<div class="cnnStoryContent"><div class="cnnStoryPhotoBox"><img src="x.jpg"><p>Soldiers in Bamako.</p></div>
<p><strong>Bamako, Mali (CNN)</strong> -- The leader of the coup promised elections on Friday, a week after
soldiers stormed the presidential palace and suspended the constitution of the West African nation.</p>
<p>Key players</p><p>Ansar Dine</p><p>MNLA</p>
<p>He spoke on state television on Friday evening, flanked by officers of the junta, and said the soldiers
would hand power back to civilians once the rebellion in the north had been put down.</p>
<div class="cnnStoryElementBox"><h4>Don't Miss</h4><ul class="cnnRelated">
<li><a href="/2009/WORLD/africa/03/20/mali.rebels/index.html">Tuareg rebels seize towns in the north of Mali</a></li>
<li><a href="/2009/WORLD/africa/03/21/mali.army/index.html">Mali's army retreats from the desert garrisons</a></li>
<li><a href="/2009/WORLD/africa/03/22/ecowas.summit/index.html">West African leaders meet on the crisis in Mali</a></li>
</ul></div>
<p>Neighboring countries and the African Union condemned the coup and threatened sanctions against the
junta unless constitutional order was restored within days.</p>
<p class="cnnTopics">All About <a href="/topics/mali/">Mali</a> &bull; <a href="/topics/coups/">Coups and Coup Attempts</a>
&bull; <a href="/topics/ecowas/">ECOWAS</a></p></div>
<div class="cnnShareTools"><p>Share this on Facebook</p></div></div></body></html>"""


def test_template_without_story_text_falls_through_to_the_fallback(caplog):
    url = "http://edition.cnn.com/2009/WORLD/africa/03/27/mali.coup/index.html"
    response = HtmlResponse(url, body=STORY_2009.encode())
    assert detect_layout(response.selector, url) == "legacy"
    article = extract(response)
    assert article.layout == "fallback"
    assert article.title == "Mali coup leader vows elections"
    assert article.authors == ["Faith Karimi"]
    assert article.dateline == "Bamako, Mali (CNN)"
    # A list, a subhead or a short line is story text; the "Don't Miss" box and the "All About"
    # topics line are not, though they sit in the same container.
    assert [text[:30] for text in article.body.split("\n\n")] == [
        "The leader of the coup promise", "Key players", "Ansar Dine", "MNLA",
        "He spoke on state television o", "Neighboring countries and the "]
    assert "Don't Miss" not in article.body and "All About" not in article.body
    assert "Tuareg rebels seize" not in article.body
    assert f"legacy template keeps it at {url}" in caplog.text


@pytest.mark.parametrize("column", [
    # An empty story column beside a weather widget's placeholder (zn), and the same in a <p>.
    "<section id='body-text'><div class='l-container'></div></section>"
    "<div class='el-weather__header'><h3>Loading weather data ...</h3></div>",
    "<section id='body-text'><div class='l-container'></div></section>"
    "<div class='el-weather'><p>Loading weather data ...</p></div>",
])
def test_an_empty_story_column_is_missing_body_not_a_widget(column):
    url = "https://www.cnn.com/2015/03/02/world/africa/mali-vote/index.html"
    html = ("<html><head><title>Mali vote - CNN.com</title></head><body><article class='pg-rail-tall'>"
            "<h1 class='pg-headline'>Mali vote</h1><div class='pg-rail-tall__body' itemprop='articleBody'>"
            f"{column}</div><div class='pg-rail'><h3>Don't Miss</h3><ul><li><a href='/2015/03/01/x/index.html'>"
            "Mali's president speaks out on a long road to elections</a></li></ul></div></article></body></html>")
    with pytest.raises(DropItem, match="missing body"):
        extract(HtmlResponse(url, body=html.encode()))


def test_page_with_no_story_text_anywhere_is_dropped_as_missing_body():
    url = "http://edition.cnn.com/2009/WORLD/africa/03/27/empty/index.html"
    html = ("<html><body><div id='cnnContentContainer'><h1>A title</h1>"
            "<div class='cnn_strycntntlft'><div class='cnn_strylftcntnt'>Ad</div></div></div></body></html>")
    with pytest.raises(DropItem, match="missing body"):
        extract(HtmlResponse(url, body=html.encode()))


def test_a_page_naming_its_own_story_address_is_stored_under_it():
    # Re-served under a short address (after a redirect, say), the page names its story.
    fetched = "https://edition.cnn.com/2018/03/07/sport/kelly-sildaru/index.html"
    html = site_response(SEED_EDITION_URL).body.replace(
        b'<link rel="canonical" href="http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"/>',
        b'<link rel="canonical" href="/2013/01/25/world/africa/mali-unrest/"/>')
    page = parse_page(HtmlResponse(fetched, body=html).selector, fetched)
    assert page.article.url == SEED_KEY
    assert page.article.addresses[0] == fetched
    assert "https://edition.cnn.com/2013/01/25/world/africa/mali-unrest/" in page.article.addresses


def test_a_canonical_link_to_a_non_story_page_does_not_rename_the_story():
    html = site_response(SEED_EDITION_URL).body.replace(
        b'href="http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"/>',
        b'href="http://edition.cnn.com/SPECIALS/world/mali-conflict/"/>').replace(
        b'content="http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html" itemprop="url"',
        b'content="http://edition.cnn.com/" itemprop="url"').replace(
        b'<meta property="vr:canonical" content="http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html">',
        b"")
    page = parse_page(HtmlResponse(SEED_EDITION_URL, body=html).selector, SEED_EDITION_URL)
    assert page.article.url == SEED_KEY
    assert page.article.addresses == [SEED_EDITION_URL]


CAPTURE = Capture("wayback", SEED_WWW_URL, "https://web.archive.org/web/20130126000000id_/x",
                  datetime(2013, 1, 26, tzinfo=UTC), 200, "crawl-2013/IA-1.warc.gz")


def test_read_page_gives_the_story_the_addresses_and_capture_it_was_fetched_under():
    crawler = get_crawler()
    crawler.stats.open_spider()
    redirected = "http://www.cnn.com/2013/01/25/world/africa/mali-unrest"
    fetched = file_response(SITE / "www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", SEED_WWW_URL,
                            meta={"redirect_urls": ["https://web.archive.org/x", redirected],
                                  meta.CAPTURE: CAPTURE})
    article = read_page(fetched, crawler.stats).article
    assert article.addresses[:2] == [redirected, SEED_WWW_URL]
    assert "https://web.archive.org/x" not in article.addresses
    # The archive middleware's capture, carried as it is.
    assert article.capture is CAPTURE


def test_read_page_reads_a_page_with_no_request():
    crawler = get_crawler()
    crawler.stats.open_spider()
    unknown = HtmlResponse("https://www.cnn.com/2013/01/01/world/x/index.html", body=b"<html><body>hi</body></html>")
    assert read_page(unknown, crawler.stats) is None
    assert crawler.stats.get_value("mali_news/pages/unknown_layout") == 1
    story = HtmlResponse(SEED_WWW_URL, body=site_response(SEED_WWW_URL).body)
    assert read_page(story, crawler.stats).article.addresses[0] == SEED_WWW_URL


def test_a_front_page_under_a_storys_address_is_not_the_story_nor_a_hub_to_follow():
    crawler = get_crawler()
    crawler.stats.open_spider()
    front = (b'<html><head><title>CNN.com - Breaking News</title></head><body><h1>CNN</h1>'
             b'<ul class="cnn_bulletbin"><li><a href="/2013/01/26/world/africa/mali-other/index.html">'
             b'Mali</a></li></ul></body></html>')
    request = Request(SEED_WWW_URL)
    fetched = HtmlResponse(SEED_WWW_URL, body=front, request=request)
    assert read_page(fetched, crawler.stats) is None
    assert fetched.meta[meta.FAILURE] == "not_the_story"
    assert crawler.stats.get_value("mali_news/pages/not_the_story") == 1
    # The same page under its own address is a hub whose links are followed.
    hub_page = HtmlResponse("http://edition.cnn.com/", body=front, request=Request("http://edition.cnn.com/"))
    assert read_page(hub_page, crawler.stats).follow == [
        "http://edition.cnn.com/2013/01/26/world/africa/mali-other/index.html"]


def test_read_page_keeps_the_addresses_an_archived_redirect_went_through():
    crawler = get_crawler()
    crawler.stats.open_spider()
    moved = "https://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
    fetched = file_response(SITE / "www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", SEED_WWW_URL,
                            meta={meta.ADDRESSES: [SEED_WWW_URL, moved]})
    article = read_page(fetched, crawler.stats).article
    assert moved in article.addresses
