import json

from sqlalchemy import create_engine

from mali_news.cli import main
from mali_news.corpus.coverage import KnownStory, checklist, coverage, format_coverage
from tests.test_crawl_end_to_end import crawl
from tests.test_discovery_crawl import mirror  # noqa: F401 (a fixture)


def test_the_bundled_checklist_names_stories_posts_and_transcripts():
    known = checklist()
    assert len(known) == 15 and {s.kind for s in known} == {"story", "blog_post", "transcript"}
    assert known[0].title == "Malian security forces push into rebel territory"


def test_coverage_by_kind_and_month_and_the_checklist_recall(mirror, tmp_path, capsys):  # noqa: F811
    db = tmp_path / "corpus.sqlite"
    crawl(db, "-s", f"MALI_NEWS_REPLAY={mirror}", "-a", "discover=sitemaps")
    known = [KnownStory("http://edition.cnn.com/2013/01/28/world/africa/mali-timbuktu-airport/index.html?hpt=hp_t1",
                        "story", "", "2013-01-28"),
             KnownStory("http://www.cnn.com/2013/01/30/world/africa/mali-refugees/index.html", "story",
                        "Refugees", "2013-01-30")]
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        report = coverage(conn, known)
    engine.dispose()
    assert report["by_kind_and_month"] == [{
        "kind": "story", "month": "2013-01", "found": 5, "stored": 3, "dropped": {"off_topic": 1},
        "failed": {"not_in_replay": 1}, "queued": 0}]
    assert report["checklist"] == {"known": 2, "stored": 1, "recall": 0.5, "missing": [
        {"url": "http://www.cnn.com/2013/01/30/world/africa/mali-refugees/index.html", "kind": "story",
         "title": "Refugees"}]}

    assert main(["coverage", "--db", str(db), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["checklist"]["known"] == 15 and printed["by_kind_and_month"] == report["by_kind_and_month"]
    assert main(["coverage", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "story       2013-01       5      3      0  off_topic 1, failed not_in_replay 1" in text
    assert "Checklist: 0 of 15 known pages stored (recall 0.000)" in text
    # Nothing came from an archive: no archive table.
    assert not text.startswith("archive")
    assert report["archives"] == {name: {"found": 0, "stored": 0, "failed": 0, "left": 0, "queries_left": 0}
                                  for name in ("wayback", "commoncrawl")}


def test_each_archive_shows_what_its_index_found_and_what_was_stored_from_it():
    report = {"archives": {
        "wayback": {"found": 12, "stored": 9, "failed": 2, "left": 1, "queries_left": 3},
        "commoncrawl": {"found": 4, "stored": 4, "failed": 0, "left": 0, "queries_left": 0}},
              "by_kind_and_month": [], "checklist": {"known": 15, "stored": 0, "recall": 0.0, "missing": []}}
    lines = format_coverage(report).splitlines()
    assert lines[:4] == ["archive      found stored failed   left  index queries left",
                         "wayback         12      9      2      1  3",
                         "commoncrawl      4      4      0      0  0",
                         ""]
