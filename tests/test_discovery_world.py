"""Known truth in a generated offline CNN: every route alone, all routes together, and a re-run."""

import pytest

from tests import cnnworld
from tests.archiveworld import World
from tests.cdxserver import cdx_server
from tests.commoncrawlstandin import CommonCrawlStandIn, commoncrawl_standin
from tests.helpers import FAST_ARCHIVE
from tests.mockserver import mirror_server
from tests.test_crawl_end_to_end import ON_TOPIC, crawl, rows

# Whole crawls, each in its own process: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

FAST = ("-s", "MALI_NEWS_SITEMAP_ROBOTS=http://www.cnn.com/robots.txt", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "MALI_NEWS_ARCHIVE_PAGE_SIZE=5", *FAST_ARCHIVE)
ALGERIA = "https://www.cnn.com/2013/01/18/world/africa/algeria-hostages/index.html"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = cnnworld.build(tmp_path_factory.mktemp("world") / "site")
    # "all" asks Common Crawl's indexes too: here they hold none of these pages.
    nothing = CommonCrawlStandIn(World(), tmp_path_factory.mktemp("commoncrawl"), frozenset())
    with (mirror_server(root) as proxy, cdx_server(cnnworld.archive_index(root)) as (archive, _),
          commoncrawl_standin(nothing) as commoncrawl):
        yield proxy, archive, commoncrawl


def run(world, db, discover: str, *args: str) -> set[str]:
    proxy, archive, commoncrawl = world
    crawl(db, "-a", f"discover={discover}", "-s", f"MALI_NEWS_WAYBACK_URL={archive}", *FAST, *commoncrawl,
          *args, env={"http_proxy": proxy, "no_proxy": "127.0.0.1"})
    return {url for (url,) in rows(db, "SELECT url FROM articles")}


def test_each_route_alone_finds_what_it_should(world, tmp_path):
    assert run(world, tmp_path / "links.sqlite", "links") == ON_TOPIC
    assert run(world, tmp_path / "sitemaps.sqlite", "sitemaps") == ON_TOPIC | {ALGERIA}
    assert run(world, tmp_path / "archive.sqlite", "archive") == cnnworld.on_topic(ON_TOPIC)


def test_all_routes_give_recall_and_precision_one_and_a_rerun_adds_nothing(world, tmp_path):
    db = tmp_path / "all.sqlite"
    truth = cnnworld.on_topic(ON_TOPIC)
    stored = run(world, db, "all")
    recall, precision = len(stored & truth) / len(truth), len(stored & truth) / len(stored)
    assert (recall, precision) == (1.0, 1.0)
    assert rows(db, "SELECT kind, count(*) FROM articles GROUP BY kind ORDER BY kind") == [
        ("blog_post", 2), ("story", len(ON_TOPIC) + 1), ("transcript", 1)]
    # Common Crawl's indexes were read to their end and found nothing ("No Captures found").
    assert rows(db, "SELECT DISTINCT status FROM discovery_listings WHERE source = 'commoncrawl'") == [("done",)]
    # The traps: a Mr. Gao in China and Niger's Sahel are never stored; the one Mali segment of a
    # many-subject transcript is what its matched turns say.
    reasons = dict(rows(db, "SELECT url, reason FROM candidates WHERE status = 'dropped'"))
    assert reasons["https://www.cnn.com/2013/01/22/world/africa/niger-sahel-drought/index.html"] == "off_topic"
    assert rows(db, "SELECT count(*) FROM articles WHERE url LIKE '%china-official-gao%'") == [(0,)]
    assert rows(db, """SELECT t.matched, count(*) FROM transcript_turns t JOIN articles a ON a.id = t.article_id
                       GROUP BY t.matched ORDER BY t.matched""") == [(0, 2), (1, 2)]
    before = rows(db, "SELECT count(*) FROM candidates") + rows(db, "SELECT count(*) FROM articles")
    assert run(world, db, "all", "-s", "MALI_NEWS_RECRAWL_AFTER=0") == stored
    assert rows(db, "SELECT count(*) FROM candidates") + rows(db, "SELECT count(*) FROM articles") == before
