"""The sitemaps route end to end: the real spider and pipelines over a mirror with CNN's sitemaps."""

import shutil

import pytest

from tests.helpers import FAST_ARCHIVE, SITE
from tests.test_crawl_end_to_end import crawl, last_stats, rows

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xmlns:xhtml="http://www.w3.org/1999/xhtml">
{urls}
</urlset>"""
URL = """<url><loc>{loc}</loc><lastmod>2013-01-31T10:00:00.000000+00:00</lastmod>
<image:image><image:loc>https://i2.cdn.turner.com/cnn/x.jpg</image:loc><image:caption>{caption}</image:caption></image:image>
<xhtml:link rel="alternate" hreflang="en-gb" href="{loc}"/></url>"""
INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://www.cnn.com/sitemaps/article-2013-01.xml</loc></sitemap>
<sitemap><loc>https://www.cnn.com/sitemaps/article-2015-11.xml</loc></sitemap>
<sitemap><loc>https://www.cnn.com/sitemaps/video-index.xml</loc></sitemap>
</sitemapindex>"""
LISTED = [
    ("http://edition.cnn.com/2013/01/13/world/africa/mali-france-fighting/index.html", "French jets over Gao"),
    ("http://edition.cnn.com/2013/01/24/world/africa/algeria-al-qaeda-mali/index.html", "In Amenas gas plant"),
    ("http://www.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html", "Timbuktu airport"),
    # A caption that names Mali on a story that does not: fetched, then judged off topic.
    ("http://edition.cnn.com/2013/01/17/travel/dreamliner-grounded/index.html", "A 787 flies over Mali"),
    # Listed but missing from the mirror: failed.
    ("http://www.cnn.com/2013/01/30/world/africa/mali-refugees/index.html", "Refugees from Mali"),
    # Neither slug, caption nor section: never fetched.
    ("http://www.cnn.com/2013/01/20/sport/tennis-open/index.html", "Melbourne"),
]


@pytest.fixture
def mirror(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    (root / "www.cnn.com" / "robots.txt").write_text(
        "User-agent: *\nDisallow: /cnn/.element/ssi/\nSitemap: https://www.cnn.com/sitemaps/cnn/index.xml\n")
    sitemaps = root / "www.cnn.com" / "sitemaps"
    (sitemaps / "cnn").mkdir(parents=True)
    (sitemaps / "cnn" / "index.xml").write_text(INDEX)
    (sitemaps / "article-2013-01.xml").write_text(URLSET.format(
        urls="\n".join(URL.format(loc=loc, caption=caption) for loc, caption in LISTED)))
    return root


def test_the_sitemaps_route_alone_finds_judges_and_records_its_candidates(mirror, tmp_path):
    db = tmp_path / "corpus.sqlite"
    crawl(db, "-s", f"MALI_NEWS_REPLAY={mirror}", "-a", "discover=sitemaps")
    assert sorted(rows(db, "SELECT url, source, status, reason FROM candidates")) == [
        ("https://www.cnn.com/2013/01/13/world/africa/mali-france-fighting/index.html", "sitemaps", "stored", None),
        ("https://www.cnn.com/2013/01/17/travel/dreamliner-grounded/index.html", "sitemaps", "dropped", "off_topic"),
        ("https://www.cnn.com/2013/01/24/world/africa/algeria-al-qaeda-mali/index.html", "sitemaps", "stored", None),
        ("https://www.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html", "sitemaps", "stored", None),
        ("https://www.cnn.com/2013/01/30/world/africa/mali-refugees/index.html", "sitemaps", "failed", "not_in_replay"),
    ]
    # Only the candidates: no seed, no links followed, no sitemap outside the window.
    assert {url for (url,) in rows(db, "SELECT url FROM articles")} == {
        url for (url,) in rows(db, "SELECT url FROM candidates WHERE status = 'stored'")}
    stats = last_stats(db)
    assert stats["mali_news/discovery/sitemaps/read"] == 2  # the index from robots.txt, its one month in the window
    assert stats["mali_news/discovery/sitemaps/outside_window"] == 2
    assert stats["mali_news/candidates/found"] == 5
    assert stats["mali_news/discovery/sitemaps/not_candidates"] == 1

    crawl(db, "-s", f"MALI_NEWS_REPLAY={mirror}", "-a", "discover=sitemaps", "-s", "MALI_NEWS_RECRAWL_AFTER=0")
    assert rows(db, "SELECT count(*) FROM candidates") == [(5,)]
    stats = last_stats(db)
    assert "mali_news/candidates/found" not in stats and stats["mali_news/candidates/known"] == 5


def test_links_and_sitemaps_together_record_a_story_found_both_ways_once(mirror, tmp_path):
    db = tmp_path / "corpus.sqlite"
    crawl(db, "-s", f"MALI_NEWS_REPLAY={mirror}", "-a", "discover=links,sitemaps")
    stored = {url for (url,) in rows(db, "SELECT url FROM articles")}
    assert "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html" in stored
    assert rows(db, "SELECT status FROM candidates WHERE url LIKE '%mali-timbuktu-airport%'") == [("stored",)]


def archive_index() -> list[tuple[str, str, str, object]]:
    """What the stand-in archive holds for January 2013: the fixture stories under the address
    a link gave them, a line repeated, a redirect, and stories the filters must keep out."""
    def page(path: str) -> object:
        return SITE / path

    fighting = "edition.cnn.com/2013/01/13/world/africa/mali-france-fighting/index.html"
    algeria = "edition.cnn.com/2013/01/24/world/africa/algeria-al-qaeda-mali/index.html"
    airport = "www.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html"
    dreamliner = "edition.cnn.com/2013/01/17/travel/dreamliner-grounded/index.html"
    return [
        ("20130114020000", f"http://{fighting}?hpt=hp_t2", "200", page(fighting)),
        ("20130114020000", f"http://{fighting}?hpt=hp_t2", "200", page(fighting)),
        ("20130114030000", f"http://{fighting}?hpt=hp_t2", "302", None),
        ("20130125020000", f"http://{algeria}", "200", page(algeria)),
        ("20130129020000", f"http://{airport}", "200", page(airport)),
        ("20130118020000", f"http://{dreamliner}", "200", page(dreamliner)),
        ("20130118020000", "http://www.cnn.com/2013/01/18/world/somalia-piracy/index.html", "200", None),
        ("20150101000000", "http://www.cnn.com/2015/11/20/africa/mali-hotel-attack/index.html", "200", None),
    ]


def test_the_wayback_route_alone_pages_through_the_index_and_stores_what_it_finds(tmp_path):
    from tests.cdxserver import cdx_server

    db = tmp_path / "corpus.sqlite"
    with cdx_server(archive_index()) as (base, requests):
        # The route's old name, as an older crontab gives it.
        args = ("-a", "discover=archive", "-s", f"MALI_NEWS_WAYBACK_URL={base}",
                "-s", "MALI_NEWS_DATE_RANGE=2013-01-01..2013-01-31", "-s", "MALI_NEWS_ARCHIVE_PAGE_SIZE=1",
                "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", *FAST_ARCHIVE,
                "-s", "MALI_NEWS_LIVE_TRIAGE=0")  # no cnn.com stand-in here: never reach the internet
        crawl(db, *args)
        queries = [r for r in requests if r.startswith("/cdx/")]
        crawl(db, *args, "-s", "MALI_NEWS_RECRAWL_AFTER=0")
    assert sorted(rows(db, "SELECT url, source, status FROM candidates")) == [
        ("https://www.cnn.com/2013/01/13/world/africa/mali-france-fighting/index.html", "wayback", "stored"),
        ("https://www.cnn.com/2013/01/24/world/africa/algeria-al-qaeda-mali/index.html", "wayback", "stored"),
        ("https://www.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html", "wayback", "stored"),
    ]
    assert rows(db, "SELECT source_url, capture_url IS NOT NULL FROM articles WHERE url LIKE '%fighting%'") == [
        ("http://edition.cnn.com/2013/01/13/world/africa/mali-france-fighting/index.html?hpt=hp_t2", 1)]
    # One month: two story hosts, six blogs, three transcript hosts, and the resume-key pages.
    assert sum("resumeKey" not in q for q in queries) == 11
    assert any("resumeKey=" in q for q in queries)
    assert "mali_news/candidates/found" not in last_stats(db)
