import gzip

import pytest

from mali_news.discovery.sitemaps import (
    CandidateRule,
    Entry,
    entries,
    from_robots,
    month_of,
    read,
    section_of,
    sitemap_body,
    wanted_sitemap,
)
from mali_news.reference.topic import DateWindow, TopicRule
from tests.helpers import SHARED, needs_shared

WINDOW = DateWindow("2012-01-01..2013-12-31")
RULE = CandidateRule(TopicRule(["Mali", "Timbuktu", "Ansar Dine"]).strong_re, ["world/africa"], WINDOW)


@needs_shared
def test_the_real_monthly_sitemap_gives_address_lastmod_caption_and_alternates():
    xml = (SHARED / "cnn" / "archive" / "sitemap_article_2024-10_fragment.xml").read_bytes()
    kind, found = read(xml)
    [entry] = list(entries(found))
    assert kind == "urlset"
    assert entry.loc == "https://www.cnn.com/2024/10/25/us/taylor-swift-new-orleans-superdome-homeless/index.html"
    assert entry.lastmod == "2024-10-27T14:32:11.019000+00:00"
    assert entry.captions[0].startswith("Louisiana State police give instructions")
    assert len(entry.alternates) == 4 and entry.alternates[0].startswith("https://edition.cnn.com/")
    # Outside the window, and about New Orleans: no candidate.
    assert RULE.why(entry) == ""


def test_robots_lines_and_gzipped_sitemaps():
    robots = b"User-agent: *\nDisallow: /cnn/.element/ssi/\nSitemap: /sitemaps/cnn/index.xml\nsitemap: http://www.cnn.com/sitemaps/sitemap-news.xml\n"
    assert from_robots(robots, "https://www.cnn.com/robots.txt") == [
        "https://www.cnn.com/sitemaps/cnn/index.xml", "http://www.cnn.com/sitemaps/sitemap-news.xml"]
    xml = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>x</loc></sitemap></sitemapindex>'
    assert sitemap_body(gzip.compress(xml)) == xml == sitemap_body(xml)
    kind, found = read(xml)
    assert kind == "sitemapindex" and [e.loc for e in entries(found)] == ["x"]
    with pytest.raises(ValueError):
        read(b"")


@pytest.mark.parametrize(("url", "month", "wanted"), [
    ("https://www.cnn.com/sitemaps/article-2013-01.xml", (2013, 1), True),
    ("https://www.cnn.com/sitemaps/sitemap-articles-2011-12.xml", (2011, 12), False),
    ("https://www.cnn.com/sitemaps/article-2014-01.xml.gz", (2014, 1), False),
    ("https://www.cnn.com/sitemaps/article-2012-01.xml", (2012, 1), True),
    ("https://www.cnn.com/sitemaps/cnn/index.xml", None, True),
    ("https://www.cnn.com/sitemaps/cnn/news.xml", None, False),
    ("https://www.cnn.com/sitemaps/video-index.xml", None, False),
])
def test_monthly_sitemaps_are_read_inside_the_window(url, month, wanted):
    assert month_of(url) == month
    assert wanted_sitemap(url, WINDOW) is wanted


@pytest.mark.parametrize(("entry", "why"), [
    (Entry("https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"), "slug"),
    (Entry("https://www.cnn.com/2013/01/14/world/africa/france-troops/index.html"), "section"),
    (Entry("https://www.cnn.com/2013/01/14/world/europe/france-troops/index.html",
           captions=("French troops leave for Mali from Istres.",)), "caption"),
    (Entry("https://www.cnn.com/2013/01/14/world/asia/ansar-dine-link/index.html"), "slug"),
    (Entry("https://www.cnn.com/2013/01/14/world/africa/somalia-piracy/index.html"), "section"),
    (Entry("https://www.cnn.com/2013/01/14/world/somalia-piracy/index.html"), ""),
    (Entry("https://www.cnn.com/2013/01/17/travel/dreamliner-grounded/index.html"), ""),
    (Entry("https://www.cnn.com/2015/11/20/africa/mali-hotel-attack/index.html"), ""),
    (Entry("https://www.cnn.com/video/data/2.0/video/world/2013/01/25/mali.cnn.html"), ""),
    (Entry("https://news.blogs.cnn.com/2013/01/28/french-led-forces-in-mali/"), "slug"),
])
def test_candidates_by_slug_caption_or_section(entry, why):
    assert RULE.why(entry) == why


def test_section_of_a_story_address():
    assert section_of("https://www.cnn.com/2013/01/14/world/africa/france-troops/index.html") == "world/africa"
    assert section_of("https://www.cnn.com/2013/01/14/africa/x/index.html") == "africa"
