from mali_news.corpus.stats import corpus_stats, format_stats
from mali_news.db.opening import open_corpus


def test_corpus_stats(fixture_corpus):
    engine = open_corpus(str(fixture_corpus))
    with engine.connect() as conn:
        stats = corpus_stats(conn, top_authors=3)
    engine.dispose()
    assert stats["articles"] == 11
    assert stats["first_published"] == "2012-03-22 06:30:00"
    assert stats["last_published"] == "2013-08-12 20:05:00"
    assert stats["layouts"] == {"legacy": 8, "fallback": 1, "modern": 1, "zn": 1}
    assert stats["authors"] == {"Faith Karimi": 3, "Nima Elbagir": 2, "Andrea de Georgio": 1}
    assert stats["staff_and_agencies"] == {"CNN Wire Staff (staff)": 1}
    assert stats["articles_without_authors"] == 0
    assert stats["links"] == {"read_more": 5, "complete_coverage": 5, "related": 3,
                              "coverage_hub": 1}
    assert stats["revisions"] == 0
    assert stats["last_crawl"]["finish_reason"] == "finished"
    # Who is quoted: the seed story's twelve statements among them.
    quoted = stats["quotes"]
    assert quoted["statements"] == sum(quoted["by_category"].values()) == sum(
        n for month in quoted["by_month"].values() for n in month.values())
    assert quoted["by_month"]["2013-01"]["international"] >= 3
    assert quoted["speakers"]["Said Djinnit (international)"] == 1
    assert "he (unknown)" not in quoted["speakers"]
    text = format_stats(stats)
    assert "quoted, by kind of source (statements)" in text and "Statoil (business)" in text
    assert "articles        11" in text
    # Every sample story is credited: no "(no author) 0" row.
    assert stats["articles_without_authors"] == 0
    assert "Faith Karimi" in text and "(no author)" not in text and "CNN Wire Staff (staff)" in text
