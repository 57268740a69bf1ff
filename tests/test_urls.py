from datetime import UTC, datetime

import pytest

from mali_news.urls import canonical_url, date_from_url, is_cnn_host, url_kind

SEED = "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"


@pytest.mark.parametrize("url", [
    "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",
    "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html?hpt=hp_t3",
    "http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html?iid=article_sidebar",
    "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",
    "https://WWW.CNN.COM/2013/01/25/world/africa/mali-unrest/index.html#em0",
    "http://cnn.com/2013/01/25/world/africa/mali-unrest/",
    "http://us.cnn.com/2013/01/25/world/africa/mali-unrest",
    "https://edition.cnn.com//2013/01/25/world/africa/mali-unrest/index.html?hpt=wo_mid&sr=fb",
    "HTTP://Edition.CNN.com/2013/01/25/world/africa/mali-unrest/index.htm",
    "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html/",
    "http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html;jsessionid=8F2A1C0D?hpt=hp_t3",
    "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html?utm_source=twitter&iref=x#em1",
])
def test_variants_collapse_to_one_key(url):
    assert canonical_url(url) == SEED


@pytest.mark.parametrize(("url", "expected"), [
    ("http://money.cnn.com/2016/02/01/news/economy/x/index.html?iid=EL",
     "https://money.cnn.com/2016/02/01/news/economy/x/index.html"),
    ("http://edition.cnn.com/SPECIALS/world/mali-conflict/index.html?iid=article_sidebar",
     "https://www.cnn.com/SPECIALS/world/mali-conflict/index.html"),
    ("http://www.cnn.com/search/?q=mali&utm_source=x", "https://www.cnn.com/search/?q=mali"),
    ("http://www.cnn.com/search/?q=mali%20gao&b=1", "https://www.cnn.com/search/?b=1&q=mali+gao"),
    ("http://edition.cnn.com/TRANSCRIPTS/1301/17/cnr.07.html?iref=allsearch",
     "https://transcripts.cnn.com/TRANSCRIPTS/1301/17/cnr.07.html"),
    ("http://transcripts.cnn.com/TRANSCRIPTS/1301/17/cnr.07.html",
     "https://transcripts.cnn.com/TRANSCRIPTS/1301/17/cnr.07.html"),
    ("http://edition.cnn.com/SPECIALS/world/mali-conflict/index.htm;jsessionid=AB12",
     "https://www.cnn.com/SPECIALS/world/mali-conflict/index.html"),
    ("http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html",
     "https://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html"),
])
def test_canonical_keeps_what_identifies_the_page(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(("url", "kind"), [
    ("http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html?hpt=hp_t3", "article"),
    ("http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html", "article"),
    ("http://edition.cnn.com/video/data/2.0/video/world/2013/01/14/x.cnn.html", "video"),
    ("http://edition.cnn.com/video/?hpt=hp_c2#/video/world/2013/01/14/x.cnn", "video"),
    ("http://edition.cnn.com/2013/01/15/world/gallery/mali-fighting/index.html", "gallery"),
    ("http://edition.cnn.com/SPECIALS/world/mali-conflict/index.html", "hub"),
    ("https://edition.cnn.com/specials/africa/inside-africa", "hub"),
    ("http://edition.cnn.com/", "hub"),
    ("http://money.cnn.com/2016/02/01/news/economy/poverty/index.html", "out_of_scope"),
    ("http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html", "out_of_scope"),
    ("http://edition.cnn.com/TRANSCRIPTS/1208/06/ampr.01.html", "transcript"),
    ("https://transcripts.cnn.com/show/ampr/date/2012-08-10/segment/01", "transcript"),
    ("http://edition.cnn.com/TRANSCRIPTS/", "other"),
    ("https://news.blogs.cnn.com/2012/10/21/whats-behind-the-instability-in-mali/", "blog_post"),
    ("https://security.blogs.cnn.com/2013/01/18/", "hub"),
    ("https://security.blogs.cnn.com/category/terrorism/", "other"),
    ("http://www.bbc.co.uk/news/world-africa-21148371", "other"),
    ("http://notcnn.com/2013/01/25/world/africa/x/index.html", "other"),
    ("ftp://www.cnn.com/2013/01/25/world/africa/x/index.html", "other"),
])
def test_url_kind(url, kind):
    assert url_kind(url) == kind


@pytest.mark.parametrize(("host", "expected"), [
    ("www.cnn.com", True), ("edition.cnn.com", True), ("cnn.com", True), ("CNN.COM.", True),
    ("evilcnn.com", False), ("cnn.com.evil.org", False), ("", False), (None, False),
])
def test_is_cnn_host(host, expected):
    assert is_cnn_host(host) is expected


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("url", "expected"), [
    ("http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html", _utc(2013, 1, 25)),
    ("http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html", _utc(2010, 8, 13)),
    ("http://www.cnn.com/2010/WORLD/africa/02/10/nigeria.jonathan/index.html", _utc(2010, 2, 10)),
    ("http://www.cnn.com/2010/HEALTH/02/02/x/", _utc(2010, 2, 2)),
    ("http://news.blogs.cnn.com/2010/10/13/some-post/", _utc(2010, 10, 13)),
    ("http://transcripts.cnn.com/TRANSCRIPTS/1301/15/acd.01.html", _utc(2013, 1, 15)),
    ("http://www.cnn.com/SPECIALS/2013/mali/", None),
    ("http://www.cnn.com/2010/WORLD/africa/13/45/x/", None),
])
def test_every_address_form_with_a_day(url, expected):
    assert date_from_url(url) == expected
