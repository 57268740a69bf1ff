import pytest
from parsel import Selector

from mali_news.parsers import structured


def page(*blocks: str) -> Selector:
    scripts = "".join(f"<script type='application/ld+json'>{b}</script>" for b in blocks)
    return Selector(text=f"<html><head>{scripts}</head><body></body></html>")


def test_news_article_found_among_other_objects_and_graphs():
    sel = page('{"@type": "WebPage", "name": "x"}', "{not json",
               '{"@graph": [{"@type": "Organization"}, {"@type": ["NewsArticle"], "headline": "H"}]}')
    assert structured.news_article(sel)["headline"] == "H"


def test_no_article():
    assert structured.news_article(page('{"@type": "VideoObject"}')) is None
    assert structured.json_ld(page()) == []


@pytest.mark.parametrize(("author", "names"), [
    ("Nima Elbagir", ["Nima Elbagir"]),
    ({"@type": "Person", "name": "Joan\u00a0Biskupic"}, ["Joan Biskupic"]),
    ([{"name": "A B"}, {"name": "C D"}, {"name": "A B"}, {"url": "x"}], ["A B", "C D"]),
    (None, []),
    (42, []),
])
def test_person_names(author, names):
    assert structured.person_names(author) == names


def test_text_value():
    assert structured.text_value({"headline": " A\n b "}, "headline") == "A b"
    assert structured.text_value({"headline": ["x"]}, "headline") == ""
    assert structured.text_value(None, "headline") == ""
