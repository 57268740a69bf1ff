import pytest
from parsel import Selector

from mali_news.cleaning.timestamps import parse_printed_timestamp
from mali_news.parsers import blog, detect_layout, parse_page
from mali_news.parsers.common import Metas
from tests.extraction_helpers import clean
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


# Posts written for these tests in the structure of CNN's other WordPress themes, 2009-2014.
THEME_2010 = """<html><head><title>Mali coup leader speaks &#8211; This Just In - CNN.com Blogs</title>
<script>var cnnSubSectionName = "This Just In"; var cnnContentType = "blog";</script></head><body>
<div class="cnnBlogContentDateHead">March 22nd, 2012</div>
<div class="cnnPostWrap"><div class="cnnRightPost">
 <div class="cnnBlogContentTitle"><h1><a href="/2012/03/22/mali-coup/" rel="bookmark">Mali coup leader speaks</a></h1></div>
 <div class="cnnGryTmeStmp">08:19 PM ET</div>
 <div class="cnnBlogContentPost">
  <div class="wp-caption alignleft"><img src="sanogo.jpg"><p class="wp-caption-text">Capt. Amadou Sanogo in Kati.</p></div>
  The leader of Mali's coup went on state television Thursday.
  <p>He said the soldiers acted over the handling of the rebellion in the north.</p>
  <p class="postmetadata">Filed under: Africa &bull; Mali</p>
 </div>
 <div class="cnnBlogContentPostInfo">Post by: <a href="/author/jlevs/">CNN's Josh Levs</a> Filed under: <span class="cnnBlogFiledBy"><a href="/category/africa/" rel="category tag">Africa</a></span></div>
 <div class="cnnBlogShareBar">Share this on: Facebook Twitter Digg</div>
 <div id="comments"><h3 class="soundoff">soundoff (4 Responses)</h3><ol><li>Great post! October 21, 2012 at 9:10 am | Report abuse |</li></ol></div>
</div></div></body></html>"""

THEME_AC360 = """<html><head><title>Keeping them honest in Mali &#8211; Anderson Cooper 360 - CNN.com Blogs</title>
<script>var cnnSubSectionName = "Anderson Cooper 360"; var cnnContentType = "blog";</script></head><body>
<div id="cnnAC360_blogBodyLeft">
 <h2 class="cnnAC360_BlogTitle"><a href="/2013/01/15/keeping-them-honest/" rel="bookmark">Keeping them honest in Mali</a></h2>
 <div class="cnnAC360_BlogAuthor">Posted: 02:33 PM ET</div>
 <div class="cnnBlogContentPost"><p>French forces pushed toward Diabaly on Tuesday.</p>
  <div class="sharedaddy">Share this: Email</div>
  <p class="cnnBlogTags">Tags: Mali, France</p></div>
</div></body></html>"""

THEME_HATOM = """<html><head><title>Timbuktu's libraries &#8211; Global Public Square - CNN.com Blogs</title>
<script>var cnnSubSectionName = "Global Public Square"; var cnnContentType = "blog";</script></head><body>
<div class="post hentry" id="post-51">
 <h2 class="entry-title"><a href="/2013/02/01/timbuktus-libraries/" rel="bookmark">Timbuktu's libraries</a></h2>
 <p class="byline">Posted by <span class="author vcard">Fareed Zakaria</span></p>
 <abbr class="published" title="2013-02-01T09:30:00-05:00">February 1st, 2013 09:30 AM ET</abbr>
 <div class="entry-content"><p>The manuscripts of Timbuktu survived the occupation.</p>
  <div class="cnnPostTags">Tags: Timbuktu</div></div>
 <div class="comments"><a href="#respond">soundoff (12 Responses)</a></div>
</div></body></html>"""


def test_the_2010_theme_credit_first_sentence_and_what_is_not_the_post():
    url = "http://news.blogs.cnn.com/2012/03/22/mali-coup/"
    page = parse_page(Selector(text=THEME_2010), url)
    article = clean(page.article)
    assert article.title == "Mali coup leader speaks"
    assert [(c.name, c.kind, c.outlet) for c in article.credits] == [("Josh Levs", "person", "CNN")]
    # The first sentence sits outside any <p>, after the image box: it is story text.
    assert [(b.kind, b.text) for b in article.blocks if b.kind != "promo"] == [
        ("caption", "Capt. Amadou Sanogo in Kati."),
        ("paragraph", "The leader of Mali's coup went on state television Thursday."),
        ("paragraph", "He said the soldiers acted over the handling of the rebellion in the north."),
    ]
    assert not [b for b in article.blocks if b.kind == "promo" and b.in_story]
    assert article.timestamp_text == "March 22nd, 2012 / 08:19 PM ET"
    assert (article.published_at.isoformat(), article.published_precision) == ("2012-03-23T00:19:00+00:00", "minute")
    for clutter in ("Filed under", "soundoff", "Share this", "Report abuse"):
        assert clutter not in article.body and clutter not in page.topic_text


def test_the_ac360_theme_prints_the_time_where_others_print_the_author():
    url = "http://ac360.blogs.cnn.com/2013/01/15/keeping-them-honest/"
    article = clean(parse_page(Selector(text=THEME_AC360), url).article)
    assert article.title == "Keeping them honest in Mali"
    assert article.credits == []
    assert article.timestamp_text == "Posted: 02:33 PM ET"
    # The day from the address, the time from the page: to the minute.
    assert (article.published_at.isoformat(), article.published_precision) == ("2013-01-15T19:33:00+00:00", "minute")
    assert article.paragraphs == ["French forces pushed toward Diabaly on Tuesday."]


def test_a_wordpress_hatom_theme():
    url = "http://globalpublicsquare.blogs.cnn.com/2013/02/01/timbuktus-libraries/"
    page = parse_page(Selector(text=THEME_HATOM), url)
    assert page.layout == "blog"
    article = clean(page.article)
    assert (article.title, article.section) == ("Timbuktu's libraries", "Global Public Square")
    assert [c.name for c in article.credits] == ["Fareed Zakaria"]
    assert article.published_at.isoformat() == "2013-02-01T14:30:00+00:00"
    assert article.paragraphs == ["The manuscripts of Timbuktu survived the occupation."]
    assert "soundoff" not in article.body and "Tags" not in article.body


@pytest.mark.parametrize(("title", "blog", "expected"), [
    ("<title>Mali &#8211; Security Clearance - CNN.com Blogs</title>", "Security Clearance", "Mali"),
    ("<title>Mali - CNN.com Blogs</title>", "", "Mali"),
])
def test_a_post_with_only_its_head_title(title, blog, expected):
    script = f'<script>var cnnSubSectionName = "{blog}"; var cnnContentType = "blog";</script>' if blog else ""
    html = f"<html><head>{title}{script}</head><body><div class='cnnBlogContentPost'><p>x</p></div></body></html>"
    assert blog_parser_title(html) == expected


def blog_parser_title(html: str) -> str:
    sel = Selector(text=html)
    return blog.title(sel.root, Metas(sel.root))


# The credit as a tag link after its label (2010 posts), and the early 2010 theme's credit and
# "Filed under" paragraph after the post's text: written for these tests in that structure.
THEME_TAG_CREDIT = """<html><head><title>Mali's army regroups &#8211; This Just In - CNN.com Blogs</title>
<script>var cnnSubSectionName = "This Just In";</script></head><body>
<div class="cnnPostWrap"><div class="cnnRightPost">
 <h1 class="cnnBlogContentTitle"><a href="/2010/03/02/mali-army/" rel="bookmark">Mali's army regroups</a></h1>
 <div class="cnnBlogContentPost"><p>Mali's army moved troops north on Tuesday.</p></div>
 <div class="cnnPostFooter"><span class="cnnBlogFiledBy">Post by:</span> <a href="/tag/jason-hanna/" rel="tag">CNN's Jason Hanna</a>
  <br><span class="cnnBlogFiledBy">Filed under: <a href="/category/mali/" rel="category tag">Mali</a></span></div>
</div></div></body></html>"""

THEME_EARLY_2010 = """<html><head><title>Timbuktu festival &#8211; Marquee Blog - CNN.com Blogs</title>
<script>var cnnSubSectionName = "Marquee Blog";</script></head><body>
<div class="cnnPostWrap"><div class="cnnRightPost">
 <h1 class="cnnBlogContentTitle"><a href="/2010/01/08/timbuktu-festival/" rel="bookmark">Timbuktu festival</a></h1>
 <div class="cnnBlogContentPost">
  <p>The Festival in the Desert opened near Timbuktu on Thursday.</p>
  <p>Posted by: CNN.com writer Lisa Respers France<br>Filed under: <a href="/category/music/" rel="category tag">Music</a></p>
 </div>
</div></div></body></html>"""


def test_a_credit_printed_as_a_tag_link_after_its_label():
    article = clean(parse_page(Selector(text=THEME_TAG_CREDIT), "http://news.blogs.cnn.com/2010/03/02/mali-army/").article)
    assert article.byline == "Post by: CNN's Jason Hanna"
    assert [(c.name, c.kind, c.outlet) for c in article.credits] == [("Jason Hanna", "person", "CNN")]
    assert article.paragraphs == ["Mali's army moved troops north on Tuesday."]


def test_the_early_2010_credit_paragraph_after_the_post_is_not_its_text():
    url = "http://marquee.blogs.cnn.com/2010/01/08/timbuktu-festival/"
    article = clean(parse_page(Selector(text=THEME_EARLY_2010), url).article)
    assert article.paragraphs == ["The Festival in the Desert opened near Timbuktu on Thursday."]
    assert "Posted by" not in article.body and "Filed under" not in article.body
    assert [(c.name, c.role) for c in article.credits] == [("Lisa Respers France", "CNN.com writer")]
