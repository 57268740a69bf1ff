from datetime import UTC, datetime

import pytest
from parsel import Selector

from mali_news.parsers import modern, structured
from tests.extraction_helpers import extract, token_f1
from tests.helpers import needs_shared, shared_page, site_response

CONFLICT_URL = "https://www.cnn.com/2013/02/06/world/africa/mali-conflict/index.html"


@pytest.fixture(scope="module")
def conflict():
    return extract(site_response(CONFLICT_URL))


def test_fixture_fields(conflict):
    assert conflict.layout == "modern"
    assert conflict.title == "French troops kill ‘hundreds’ of Islamist fighters in Mali"
    # From the printed byline, not meta[name=author] ("Douglas Wood" on this page)
    assert conflict.authors == ["Saad Abedine", "Joe Sterling"]
    assert conflict.published_at == datetime(2013, 2, 6, 9, 12, 40, tzinfo=UTC)
    assert conflict.updated_at == datetime(2013, 2, 6, 15, 53, tzinfo=UTC)
    assert conflict.timestamp_text == "Updated 10:53 AM EST, Wed February 6, 2013"
    assert conflict.dateline == "Paris (CNN)"
    assert conflict.highlights == []


def test_fixture_body_keeps_paragraphs_and_subheads_only(conflict):
    assert conflict.body.split("\n\n") == [
        "French forces have killed “hundreds” of Islamist fighters in Mali since the start of their "
        "intervention last month, France’s defense minister said Wednesday.",
        "The minister said air strikes had hit fuel depots and training camps around Kidal and "
        "Tessalit, in the far north near the Algerian border.",
        "Handing over",
        "France has said it wants to begin withdrawing troops in March and hand over to African "
        "forces and a possible U.N. mission.",
    ]


def test_fixture_related_box_is_a_link(conflict):
    assert [(link.kind, link.url, link.anchor_text) for link in conflict.links] == [
        ("related", "https://www.cnn.com/2013/01/29/world/africa/mali-military-offensive/index.html",
         "French president on military offensive")]


def test_byline_falls_back_to_json_ld_authors():
    html = ("<h1 class='headline__text'>T</h1><div class='article__content'><p class='paragraph'>P.</p>"
            "</div><script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": "
            "[{\"@type\": \"Person\", \"name\": \"Joan\\u00a0Biskupic\"}]}</script>")
    sel = Selector(text=html)
    assert modern.byline(sel) == ""
    assert modern.author_names(structured.news_article(sel)) == ["Joan Biskupic"]


# (file, url, title, authors, published, updated, paragraphs)
SHARED_CASES = [
    ("modern2023_alito-prelogar.html",
     "https://www.cnn.com/2023/11/06/politics/alito-prelogar-supreme-court-analysis/index.html",
     "The nonstop sparring match between the conservative justice and liberal Biden attorney at the "
     "Supreme Court", ["Joan Biskupic"],
     datetime(2023, 11, 6, 13, 0, 15, tzinfo=UTC), datetime(2023, 11, 7, 2, 22, tzinfo=UTC), 66),
    ("modern_trump-wont-change-2016story_mercury.html",
     "https://www.cnn.com/2016/11/29/politics/donald-trump-transition-presidency/index.html",
     "Why Donald Trump won’t change", ["Stephen Collinson"],
     datetime(2016, 11, 29, 10, 39, 35, tzinfo=UTC), datetime(2016, 11, 30, 4, 22, tzinfo=UTC), 39),
]


@needs_shared
@pytest.mark.parametrize(("name", "url", "title", "authors", "published", "updated",
                          "n_paragraphs"), SHARED_CASES)
def test_shared_modern_pages(name, url, title, authors, published, updated, n_paragraphs):
    article = extract(shared_page(name, url))
    assert article.layout == "modern"
    assert article.title == title
    assert article.authors == authors
    assert article.published_at == published
    assert article.updated_at == updated
    assert article.highlights == []
    assert article.body.count("\n\n") + 1 == n_paragraphs
    assert article.dateline == "(CNN)"


@needs_shared
def test_shared_modern_body_matches_json_ld_article_body():
    response = shared_page("modern2023_alito-prelogar.html",
                           "https://www.cnn.com/2023/11/06/politics/alito-prelogar/index.html")
    reference = structured.news_article(response.selector)["articleBody"]
    assert token_f1(extract(response).body, reference) >= 0.99


@needs_shared
def test_shared_modern_link_paragraphs_and_related_boxes_are_links_not_text():
    trump = extract(shared_page(
        "modern_trump-wont-change-2016story_mercury.html",
        "https://www.cnn.com/2016/11/29/politics/donald-trump-transition-presidency/index.html"))
    assert "Sanders calls for assessment of Electoral College" not in trump.body
    assert "contributed to this story" not in trump.body
    assert len(trump.links) == 6
    alito = extract(shared_page("modern2023_alito-prelogar.html",
                                "https://www.cnn.com/2023/11/06/politics/alito-prelogar/index.html"))
    assert [link.url for link in alito.links] == [
        "https://www.cnn.com/2023/09/08/politics/alito-durbin-supreme-court-ethics/index.html"]
    assert "Video Ad Feedback" not in alito.body


def article_content(inner: str) -> str:
    return ("<html><body><h1 class='headline__text'>Groups</h1>"
            f"<div class='article__content' itemprop='articleBody'>{inner}</div></body></html>")


def test_ranked_list_subhead_run_and_blockquote_are_story_blocks():
    html = article_content(
        "<div class='source inline-placeholder'><cite class='source__cite'>"
        "<span class='source__location'>Bamako, Mali</span><span class='source__text'>CNN</span>"
        "</cite></div>"
        "<p class='paragraph inline-placeholder' data-component-name='paragraph'>The groups:</p>"
        "<div class='list' data-component-name='list'><ol class='list__items'>"
        "<li class='list__item'>Ansar Dine</li><li class='list__item'>MUJAO</li></ol></div>"
        "<h2 class='subheader' data-component-name='subheader'>Key players</h2>"
        "<h2 class='subheader' data-component-name='subheader'>Ansar Dine</h2>"
        "<h3>MNLA</h3>"
        "<div class='pull-quote' data-component-name='pull-quote'><blockquote>We fight.</blockquote></div>"
        "<blockquote class='block-quote'>We will fight on, a spokesman said.</blockquote>"
        "<div class='image' data-component-name='image'><div class='image__caption'>Gao, Mali</div></div>"
        "<div class='video-resource' data-component-name='video-resource'>"
        "<div class='video-resource__headline'>Mali forces push back</div></div>"
        "<div class='related-content related-content--article'><a class='related-content__link' "
        "href='/2013/01/25/world/africa/mali-unrest/index.html'><span "
        "class='related-content__headline-text'>Malian forces push on</span></a></div>"
        "<p class='paragraph inline-placeholder' data-component-name='paragraph'>Last.</p>"
        "<p class='footnote'>CNN's Robyn Kriel contributed.</p>")
    sel = Selector(text=html)
    blocks, _ = modern.blocks(sel, "https://www.cnn.com/")
    assert [(b.kind, b.marker, b.text) for b in blocks] == [
        ("paragraph", "", "The groups:"),
        ("list_item", "1.", "Ansar Dine"), ("list_item", "2.", "MUJAO"),
        ("subhead", "", "Key players"), ("subhead", "", "Ansar Dine"), ("subhead", "", "MNLA"),
        ("promo", "", "We fight."),
        ("blockquote", "", "We will fight on, a spokesman said."),
        ("caption", "", "Gao, Mali"), ("video_title", "", "Mali forces push back"),
        ("link_paragraph", "", "Malian forces push on"),
        ("paragraph", "", "Last."),
        ("contributor_note", "", "CNN's Robyn Kriel contributed.")]
    assert modern.dateline(sel) == "Bamako, Mali (CNN)"
