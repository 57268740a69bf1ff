"""The archived pages in ../shared: Wayback captures of 2010 stories and early-2015 zn pages saved
from a browser, checked against the benchmark author's hand-corrected text (corrected/*.txt)."""

import csv
import re
import sqlite3
import subprocess
import sys
from datetime import datetime

import pytest

from tests.extraction_helpers import DATELINE_RE, extract, token_f1
from tests.extraction_helpers import corrected as corrected_text
from tests.helpers import ROOT, SHARED_PAGES, needs_shared, shared_page

pytestmark = needs_shared

# Read off each page: the first publication (cnnFirstPub's Date in a 2010 page's script, the
# pubdate meta of a zn page) and the printed time (the script-written edition string, or
# .update-time in US Eastern time), both in UTC, to the minute.
TIMES = {
    "wayback2010_legacy_france-concorde-trial": ("2010-02-02 07:39", "2010-02-03 02:16"),
    "wayback2010_legacy_iran-protest-sentences": ("2010-02-02 13:05", "2010-02-02 13:35"),
    "wayback2010_legacy_us-pentagon-review": ("2010-02-01 05:02", "2010-02-02 00:01"),
    "wayback2010_legacy_nasa-constellation-reaction": ("2010-02-02 18:44", "2010-02-02 18:58"),
    "wayback2010_legacy_charlie-wilson-obit": ("2010-02-10 20:11", "2010-02-11 02:14"),
    "wayback2010_legacy_cuba-15": ("2010-02-09 22:04", "2010-02-09 22:04"),
    "zn2015early_earth-hottest-year": ("2015-01-16 16:01", "2015-01-16 17:31"),
    "zn2015early_europe-terrorism-threat": ("2015-01-18 08:18", "2015-01-18 23:36"),
    "zn2015early_iraq-yazidis": ("2015-01-18 10:11", "2015-01-18 18:50"),
    "zn2015early_philippines-pope-visit": ("2015-01-18 06:45", "2015-01-18 19:00"),
    "zn2015early_police-support-march": ("2015-01-17 22:38", "2015-01-18 18:44"),
    "zn2015early_syria-israeli-airstrike-hezbollah": ("2015-01-18 21:34", "2015-01-18 23:38"),
}
_WAYBACK_RE = re.compile(r"web\.archive\.org|/web/\d{14}|wm-ipp|Wayback Machine|archive\.org", re.IGNORECASE)


def _sources() -> dict[str, str]:
    if not SHARED_PAGES.is_dir():
        return {}
    with open(SHARED_PAGES / "SOURCES.tsv", encoding="utf-8") as handle:
        rows = [(row["file"].removesuffix(".html"), row["article_url"])
                for row in csv.DictReader(handle, delimiter="\t")]
    return {name: url for name, url in rows if name in TIMES}


URLS = _sources()


def corrected(name: str) -> tuple[str, list[str]]:
    return corrected_text(SHARED_PAGES / "corrected" / f"{name}.txt")


def minute(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M") if value else None


@pytest.fixture(scope="module", params=sorted(TIMES))
def page(request):
    name = request.param
    return name, extract(shared_page(f"{name}.html", URLS[name]))


def test_the_headline_is_the_corrected_one(page):
    name, article = page
    assert article.title == corrected(name)[0]


def test_first_publication_and_printed_time_to_the_minute(page):
    name, article = page
    assert (minute(article.published_at), article.published_precision, minute(article.updated_at)) == (
        TIMES[name][0], "minute", TIMES[name][1])


def test_the_story_is_whole(page):
    name, article = page
    ours = " ".join(DATELINE_RE.sub("", block.text) for block in article.blocks if block.in_story)
    assert token_f1(ours, " ".join(corrected(name)[1])) >= 0.99


def test_no_archive_artifact_in_any_field(page):
    _name, article = page
    texts = [article.title, article.byline, article.timestamp_text, article.description, article.dateline,
             *article.raw_highlights, *(block.text for block in article.blocks)]
    assert not [text for text in texts if text and _WAYBACK_RE.search(text)]
    assert not [link.href for link in article.links if _WAYBACK_RE.search(link.href or link.url)]


# A whole crawl: pytest -m "not slow" leaves it out.
@pytest.mark.slow
def test_a_crawl_stores_all_twelve(tmp_path):
    """The real spider, pipelines and SQLite file over a mirror of the twelve pages (replay)."""
    mirror = tmp_path / "mirror"
    for name, url in URLS.items():
        target = mirror / url.split("://", 1)[1]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((SHARED_PAGES / f"{name}.html").read_bytes())
    db = tmp_path / "archived.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "cnn_mali", "-a", f"start_urls={','.join(URLS.values())}",
         "-a", "depth=0", "-s", f"MALI_NEWS_REPLAY={mirror}", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}",
         "-s", "MALI_NEWS_FIND_BACKGROUND=False"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        stored = {row[0]: row[1:] for row in conn.execute(
            "SELECT url, title, published_at, published_precision, updated_at FROM articles")}
    assert len(stored) == 12
    for name, url in URLS.items():
        key = url.replace("http://", "https://")
        title, published, precision, updated = stored[key]
        assert (title, published[:16], precision, updated[:16]) == (
            corrected(name)[0], TIMES[name][0], "minute", TIMES[name][1])


@pytest.mark.parametrize(("host", "printed"), [
    ("edition.cnn.com", "February 9, 2010 -- Updated 2204 GMT (0604 HKT)"),
    ("www.cnn.com", "February 9, 2010 5:04 p.m. EST"),
])
def test_both_script_written_strings_are_the_same_instant(host, printed):
    url = f"http://{host}/2010/WORLD/americas/02/09/cuba.15/index.html"
    article = extract(shared_page("wayback2010_legacy_cuba-15.html", url))
    assert article.timestamp_text == printed
    assert minute(article.updated_at) == "2010-02-09 22:04"
