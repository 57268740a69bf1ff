import pytest
from lxml import etree

from mali_news.parsers import parse_page
from mali_news.parsers.common import (
    DESCEND,
    STOP,
    BlockWalker,
    document_base,
    is_subhead,
    tag_action,
    visible_text,
)


def element(html: str):
    return etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser()).find("body")[0]


def walk(html: str, rule=None):
    def default(e):
        return tag_action(e) or DESCEND
    walker = BlockWalker(rule or default, "http://edition.cnn.com/")
    return [(b.kind, b.marker, b.text) for b in walker.walk(element(html)).blocks]


def test_loose_text_between_blocks_becomes_paragraphs_without_stray_spaces():
    assert walk("<div>Loose <a href='/x'>link</a>. More<br>Next line<p>P</p>tail</div>") == [
        ("paragraph", "", "Loose link. More"), ("paragraph", "", "Next line"), ("paragraph", "", "P"),
        ("paragraph", "", "tail")]


def test_lists_keep_their_numbering_and_tables_give_a_paragraph_per_row():
    assert walk("<div><ol start='3'><li>Kidal</li><li>Gao</li></ol>"
                "<table><tr><td>Gao</td><td>2013</td></tr><tr><td>Kidal</td></tr></table></div>") == [
        ("list_item", "3.", "Kidal"), ("list_item", "4.", "Gao"), ("paragraph", "", "Gao 2013"),
        ("paragraph", "", "Kidal")]


def test_stop_ends_the_story():
    def rule(e):
        return STOP if e.get("class") == "end" else tag_action(e) or DESCEND
    assert walk("<div><p>One.</p><div class='end'></div><p>Comments.</p></div>", rule) == [
        ("paragraph", "", "One.")]


@pytest.mark.parametrize(("html", "expected"), [
    ("<p><strong>Twin rovers</strong></p>", True),
    ("<p><strong>... </strong><strong>a</strong><strong>nd automobiles</strong></p>", True),
    ("<p><b>Key players</b><br></p>", True),
    ("<p><strong>Moscow (CNN)</strong> -- A meteor</p>", False),
    ("<p>Plain <strong>bold</strong></p>", False),
    ("<p></p>", False),
])
def test_is_subhead(html, expected):
    assert is_subhead(element(html)) is expected


def test_visible_text_skips_scripts_and_separates_blocks():
    assert visible_text(element("<div>A<script>x()</script><p>B</p>C<br>D</div>")) == "A B C D"


@pytest.mark.parametrize(("head", "base"), [
    ("", "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"),
    ('<base href="http://www.cnn.com/2013/">', "http://www.cnn.com/2013/"),
    ('<base href="/WORLD/africa/">', "http://edition.cnn.com/WORLD/africa/"),
    # The archive rewrites <base> like every link: unwrapped to the original.
    ('<base href="/web/20130126000000/http://www.cnn.com/2013/">', "http://www.cnn.com/2013/"),
    ('<base href="javascript:void(0)">', "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"),
])
def test_document_base(head, base):
    root = etree.fromstring(f"<html><head>{head}</head><body></body></html>", etree.HTMLParser())
    url = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
    assert document_base(root, url) == base


def test_links_resolve_against_base_href():
    url = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
    html = ('<html><head><base href="http://www.cnn.com/2013/01/28/"></head><body><div id="cnnContentContainer">'
            '<h1>Mali</h1><div class="cnn_strycntntlft"><p>(CNN) -- French troops reached Timbuktu.</p>'
            '<p><a href="world/africa/mali-timbuktu-airport/index.html">Read more: Timbuktu airport</a></p>'
            '</div></div></body></html>')
    page = parse_page(etree.fromstring(html, etree.HTMLParser()), url)
    assert page.follow == ["http://www.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html"]
