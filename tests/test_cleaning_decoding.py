"""Every way a page's bytes and its charset declaration can disagree, read without loss."""

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from mali_news.cleaning.decoding import (
    BOM_OVER_DECLARED,
    DECLARED_UNKNOWN,
    DECLARED_WRONG,
    REPLACED_BYTES,
    UNDECLARED,
    decode_page,
)
from mali_news.parsers import page_root, read_page
from mali_news.parsers.common import visible_text

TEXT = "Timbuktu’s “manuscripts” survived, Ségou and Aguelhok — Á la une"


def page(text: str, charset: str | None = "", meta: str = "") -> str:
    head = meta or (f'<meta http-equiv="content-type" content="text/html; charset={charset}">'
                    if charset else "")
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(("body", "content_type", "text", "events"), [
    # UTF-8 bytes under a Latin-1 declaration ("Á" is C3 81: 0x81 has no cp1252 character).
    (page(TEXT, "iso-8859-1").encode(), None, TEXT, (DECLARED_WRONG,)),
    (page(TEXT, "windows-1252").encode(), None, TEXT, (DECLARED_WRONG,)),
    # Declared and true.
    (page(TEXT, "utf-8").encode(), None, TEXT, ()),
    (page("caf\u00e9 \u201cquoted\u201d", "windows-1252").encode("cp1252"), None,
     "caf\u00e9 \u201cquoted\u201d", ()),
    # Two stray bytes no codec maps, in a cp1252 page: U+FFFD, and the rest kept.
    (page("Gao\x81 and Kidal\x8d fell", "windows-1252").encode("latin-1"), None,
     "Gao\ufffd and Kidal\ufffd fell", (REPLACED_BYTES,)),
    # Stray bytes in a UTF-8 page declared Latin-1: still UTF-8, the strays replaced.
    (page(TEXT, "iso-8859-1").encode() + b"<p>x\xff\xfey</p>", None, TEXT, (DECLARED_WRONG, REPLACED_BYTES)),
    # A cp1252 page declared UTF-8: no UTF-8 sequence in it, so it is single-byte text.
    (page("S\u00e9gou\u2019s market", "utf-8").encode("cp1252"), None, "S\u00e9gou\u2019s market",
     (DECLARED_WRONG,)),
    # The byte order mark wins over a meta that says otherwise.
    (b"\xef\xbb\xbf" + page(TEXT, "iso-8859-1").encode(), None, TEXT, (BOM_OVER_DECLARED,)),
    # UTF-16 text: its meta cannot be read as ASCII, the mark alone decides.
    (b"\xff\xfe" + page(TEXT, "utf-8").encode("utf-16-le"), None, TEXT, ()),
    (b"\xff\xfe" + page(TEXT, None).encode("utf-16-le"), "text/html; charset=iso-8859-1", TEXT,
     (BOM_OVER_DECLARED,)),
    # A charset only in the HTTP header.
    (page("caf\u00e9", None).encode("cp1252"), "text/html; charset=ISO-8859-1", "caf\u00e9", ()),
    (page(TEXT, None).encode(), "text/html; charset=utf-8", TEXT, ()),
    # The header names one codec, the bytes are UTF-8.
    (page(TEXT, None).encode(), "text/html; charset=iso-8859-1", TEXT, (DECLARED_WRONG,)),
    # No declaration at all: UTF-8 when the bytes are, else windows-1252.
    (page(TEXT, None).encode(), None, TEXT, (UNDECLARED,)),
    (page("caf\u00e9 \u2014 Mopti", None).encode("cp1252"), "text/html", "caf\u00e9 \u2014 Mopti",
     (UNDECLARED,)),
    (page("plain ASCII", None).encode(), None, "plain ASCII", ()),
    # A label no codec knows: the bytes decide.
    (page(TEXT, "x-nonsense").encode(), None, TEXT, (DECLARED_UNKNOWN, UNDECLARED)),
    (page("caf\u00e9", None).encode("cp1252"), "text/html; charset=bogus", "caf\u00e9",
     (DECLARED_UNKNOWN, UNDECLARED)),
    # An HTML5 meta charset.
    (page(TEXT, meta='<meta charset="ISO-8859-1">').encode(), None, TEXT, (DECLARED_WRONG,)),
], ids=["utf8-declared-latin1", "utf8-declared-cp1252", "utf8-declared-utf8", "cp1252-declared-cp1252",
        "stray-bytes", "utf8-with-strays-declared-latin1", "cp1252-declared-utf8", "utf8-bom-over-meta",
        "utf16-bom", "utf16-bom-over-header", "header-only-latin1", "header-only-utf8", "header-wrong",
        "none-utf8", "none-cp1252", "none-ascii", "unknown-meta-label", "unknown-header-label",
        "html5-meta"])
def test_decode_page(body, content_type, text, events):
    decoded = decode_page(body, content_type)
    assert decoded.events == events
    response = HtmlResponse("https://www.cnn.com/2013/01/25/world/africa/x/index.html", body=body,
                            headers={"Content-Type": content_type} if content_type else {})
    assert visible_text(page_root(response).xpath("//p")[0]) == text


def test_nul_bytes_are_dropped_not_replaced():
    decoded = decode_page(page("Mali\x00 troops").encode())
    assert "\x00" not in decoded.text and "\ufffd" not in decoded.text
    assert not decoded.utf8_body


BLOG_POST = """<html><head><meta http-equiv="content-type" content="text/html; charset=iso-8859-1">
<title>Mali: Á Gao – This Just In - CNN.com Blogs</title></head><body>
<div class="cnnPostWrap"><h1 class="cnnBlogContentTitle"><a href="/2013/01/28/x/">Mali: Á Gao</a></h1>
<div class="cnnBlogContentDateHead">January 28th, 2013</div><div class="cnnGryTmeStmp">11:55 AM ET</div>
<div class="cnnBlogContentPost"><p>French troops reached Gao’s airport, officials in Bamako said.</p></div>
</div></body></html>"""


def test_a_utf8_post_declared_latin1_is_read_and_counted():
    crawler = get_crawler()
    crawler.stats.open_spider()
    url = "https://news.blogs.cnn.com/2013/01/28/x/"
    response = HtmlResponse(url, body=BLOG_POST.encode())
    page_ = read_page(response, crawler.stats)
    assert page_ is not None and page_.article is not None
    assert page_.article.title == "Mali: Á Gao"
    assert page_.article.paragraphs == ["French troops reached Gao’s airport, officials in Bamako said."]
    assert crawler.stats.get_value("mali_news/encoding/declared_wrong") == 1
    assert crawler.stats.get_value("mali_news/dropped/unparsable") is None
