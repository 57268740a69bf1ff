from datetime import UTC, datetime

from parsel import Selector

from mali_news.parsers import detect_layout, fallback, parse_page, structured
from tests.extraction_helpers import extract
from tests.helpers import site_response

CHAD_URL = "http://edition.cnn.com/2013/03/02/world/africa/mali-belmokhtar-chad/index.html"


def test_unknown_template_is_stored_from_json_ld(caplog):
    response = site_response(CHAD_URL)
    assert detect_layout(response.selector, response.url) == "fallback"
    article = extract(response)
    assert article.layout == "fallback"
    assert article.title == "Chad says its troops killed Mokhtar Belmokhtar"
    assert article.authors == ["Nima Elbagir"]
    assert article.published_at == datetime(2013, 3, 2, 21, 15, tzinfo=UTC)
    assert article.updated_at == datetime(2013, 3, 3, 8, 40, tzinfo=UTC)
    assert article.body.count("\n\n") == 2
    assert CHAD_URL in caplog.text


def test_microdata_body_and_metas_without_json_ld():
    html = ("<html><head><meta property='og:type' content='article'>"
            "<meta property='og:title' content='Mali votes'>"
            "<meta property='article:published_time' content='2013-07-28T08:00:00Z'></head><body>"
            "<div itemprop='author' itemscope><span itemprop='name'>Faith Karimi</span></div>"
            "<div itemprop='articleBody'><p>Malians voted on Sunday in the first presidential election since"
            " the coup of March 2012 and the French-led intervention against the Islamists in the north.</p>"
            "<p></p><p>Turnout was high in Bamako and in the southern towns, election officials said, and"
            " voting passed off peacefully in Gao and Timbuktu under the eyes of UN peacekeepers.</p>"
            "</div></body></html>")
    sel = Selector(text=html)
    article = fallback.parse(sel, "https://www.cnn.com/2013/07/28/world/africa/mali-vote/index.html",
                             structured.news_article(sel))
    assert article.title == "Mali votes"
    assert article.author_names == ["Faith Karimi"]
    assert article.published_meta == "2013-07-28T08:00:00Z"
    assert [text[:24] for text in article.paragraphs] == [
        "Malians voted on Sunday ", "Turnout was high in Bama"]


def test_page_without_structured_data_is_not_an_article():
    sel = Selector(text="<html><body><div>Just text</div></body></html>")
    assert not fallback.matches(sel)
    assert parse_page(sel, "https://www.cnn.com/2013/07/28/world/africa/x/index.html") is None
