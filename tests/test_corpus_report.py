import sqlite3

from parsel import Selector

from mali_news.corpus.database import open_corpus
from mali_news.corpus.report import build_report


def test_report_is_one_self_contained_page(fixture_corpus):
    engine = open_corpus(str(fixture_corpus))
    with engine.connect() as conn:
        html = build_report(conn, source="corpus.sqlite")
    engine.dispose()
    page = Selector(text=html)
    charts = page.css("img.chart")
    assert [img.attrib["alt"] for img in charts] == [
        "Stories per week", "Stories per author", "Coverage graph"]
    assert all(img.attrib["src"].startswith("data:image/png;base64,") for img in charts)
    # Nothing to fetch: no external scripts, styles or images.
    assert not page.css("script, link[rel=stylesheet]")
    assert not [src for src in page.css("img::attr(src)").getall() if not src.startswith("data:")]
    rows = page.css("table#stories tbody tr")
    with sqlite3.connect(fixture_corpus) as db:
        titles = {title for (title,) in db.execute("SELECT title FROM articles")}
    assert len(rows) == len(titles) == 11
    assert {row.css("td:nth-child(2) a::text").get() for row in rows} == titles
    assert "11 stories" in page.css("p.meta").get()
