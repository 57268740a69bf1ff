from parsel import Selector

from mali_news.cleaning.timestamps import parse_printed_timestamp
from mali_news.parsers import blog, detect_layout, parse_page
from tests.helpers import needs_shared, shared_page

URL = "https://news.blogs.cnn.com/2013/01/28/french-led-forces-in-mali-take-timbuktu-airport-enter-city/?hpt=hp_t1"
# A post written for this test in the structure of CNN's 2013 WordPress blogs (DISCOVERY.md).
PAGE = """<html><head>
<title>French-led forces now 'control' Timbuktu, France says &#8211; This Just In - CNN.com Blogs</title>
<meta name="title" content="French-led forces now 'control' Timbuktu, France says">
<meta name="keywords" content="africa, mali">
<link rel="canonical" href="http://news.blogs.cnn.com/2013/01/28/french-led-forces-in-mali-take-timbuktu-airport-enter-city/">
<script>var cnnSubSectionName = "This Just In"; var cnnContentType = "blog";</script>
</head><body>
<div class="cnnPostWrap cnn_wh1600_post_separator">
 <div class="cnnLeftPost"><div class="cnnShareThisBox">Share this on: Facebook Twitter</div></div>
 <div class="cnnRightPost">
  <div class="cnnBlogContentDateHead">January 28th, 2013</div>
  <div class="cnnGryTmeStmp">11:55 AM ET</div>
  <h1 class="cnnBlogContentTitle"><a href="/2013/01/28/french-led/" rel="bookmark">French-led forces now 'control' Timbuktu, France says</a></h1>
  <div class="cnnBlogContentPost">
   <p>French and Malian troops control access to Timbuktu, the French defense ministry said Monday.</p>
   <div class="wp-caption aligncenter"><img src="x.jpg"><p class="wp-caption-text">French soldiers near the airport.</p></div>
   <h3>What happened overnight</h3>
   <ul><li>Paratroopers dropped north of the city</li><li>The airport was taken</li></ul>
   <p>The troops met no resistance, a ministry spokesman said. <a href="http://www.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html?hpt=hp_t1">Read the full story</a>.</p>
  </div>
  <div class="cnnPostFooter"><span class="cnnBlogFiledBy">Filed under: <a href="/category/world/africa/" rel="category tag">Africa</a> &bull; <a href="/category/mali/" rel="category tag">Mali</a></span>
   <a href="/tag/timbuktu/" rel="tag">Timbuktu</a></div>
 </div>
</div>
<div class="cnn_special_comment"><p>This comment is not part of the post about Mali.</p></div>
</body></html>"""


def test_a_blog_post_is_detected_and_read():
    sel = Selector(text=PAGE)
    assert detect_layout(sel, URL) == "blog"
    article = blog.parse(sel, URL)
    assert (article.kind, article.layout, article.section) == ("blog_post", "blog", "This Just In")
    assert article.url == ("https://news.blogs.cnn.com/2013/01/28/"
                           "french-led-forces-in-mali-take-timbuktu-airport-enter-city/")
    assert article.title == "French-led forces now 'control' Timbuktu, France says"
    assert article.timestamp_text == "January 28th, 2013 / 11:55 AM ET"
    assert parse_printed_timestamp(article.timestamp_text)[0].isoformat() == "2013-01-28T16:55:00+00:00"
    assert article.categories == ["Africa", "Mali"] and article.tags == ["Timbuktu"]
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "French and Malian troops control access to Timbuktu, the French defense ministry said Monday."),
        ("caption", "French soldiers near the airport."),
        ("subhead", "What happened overnight"),
        ("list_item", "Paratroopers dropped north of the city"),
        ("list_item", "The airport was taken"),
        ("paragraph", "The troops met no resistance, a ministry spokesman said. Read the full story."),
    ]
    assert [(link.url, link.kind) for link in article.links] == [
        ("https://www.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html", "related")]


def test_the_post_is_followed_by_its_links_and_keyed_by_its_canonical_address():
    page = parse_page(Selector(text=PAGE), URL)
    assert page.layout == "blog"
    assert page.follow == ["http://www.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html?hpt=hp_t1"]
    assert "comment" not in page.article.body and "comment" not in page.topic_text


@needs_shared
def test_the_real_2010_blog_head():
    # Expected values read off the page's head by eye (the page's body is empty).
    url = "http://news.blogs.cnn.com/2010/10/15/red-sox-owner-confirms-he-bought-liverpool-club/"
    response = shared_page("blog2010_thisjustin-red-sox-liverpool_head-only.html", url)
    assert detect_layout(response.selector, url) == "blog"
    article = blog.parse(response.selector, url)
    assert article.title == "Red Sox owner confirms he bought Liverpool club"
    assert article.section == "This Just In"
    assert article.categories == ["sports", "the cnn wire"]
    assert article.url == "https://news.blogs.cnn.com/2010/10/15/red-sox-owner-confirms-he-bought-liverpool-club/"
    assert article.description.startswith("Boston Red Sox Owner and Head of New England Sport Ventures")
    assert article.blocks == [] and article.timestamp_text == ""
