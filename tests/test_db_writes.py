from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from mali_news.db.engine import init_db, make_engine
from mali_news.db.models import Article, ArticleAuthor, ArticleRevision, Author, Fetch, Highlight, Link
from mali_news.db.writes import content_hash, page_hash, write_articles
from mali_news.items import Block, Credit
from mali_news.items import Highlight as HighlightItem
from mali_news.items import Link as LinkItem
from tests.pipeline_helpers import article

T1 = datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC)
T2 = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def sessions(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/db/test.sqlite")
    yield init_db(engine)
    engine.dispose()


def cleaned(**fields):
    defaults = {
        "byline": "By Nima Elbagir and Ingrid Formanek, CNN",
        "authors": ["Nima Elbagir", "Ingrid Formanek"],
        "highlights": [HighlightItem("A bridge falls", True)],
        "links": [LinkItem(url="https://www.cnn.com/2012/10/21/world/africa/mali-q-a/index.html",
                           kind="read_more", anchor_text="What's behind the instability in Mali?")],
        "body": "Malian security forces have made their deepest gains yet.",
        "word_count": 9,
        "dateline": "(CNN)",
        "updated_at": datetime(2013, 1, 25, 21, 47, tzinfo=UTC),
        "timestamp_text": "January 25, 2013 -- Updated 2147 GMT (0547 HKT)",
    }
    defaults.update(fields)
    return article(**defaults)


def write(sessions, items, now=T1):
    with sessions() as session, session.begin():
        return write_articles(session, items, now)


def counts(sessions):
    with sessions() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (Article, Author, ArticleAuthor, Highlight, Link)}


def test_first_write_stores_article_and_children(sessions, tmp_path):
    result = write(sessions, [cleaned()])
    assert (result.new, result.updated, result.unchanged) == (1, 0, 0)
    assert counts(sessions) == {"articles": 1, "authors": 2, "article_authors": 2,
                                "highlights": 1, "links": 1}
    with sessions() as session:
        stored = session.scalars(select(Article)).one()
        assert stored.updated_at == datetime(2013, 1, 25, 21, 47, tzinfo=UTC)
        assert stored.first_seen_at == T1.replace(microsecond=0)
        names = session.execute(
            select(Author.name).join(ArticleAuthor).order_by(ArticleAuthor.position)).scalars().all()
        assert names == ["Nima Elbagir", "Ingrid Formanek"]
        # Stored as text SQLite's date functions read, with no fractional seconds.
        raw = session.connection().exec_driver_sql(
            "SELECT updated_at, date(updated_at), first_seen_at FROM articles").one()
        assert tuple(raw) == ("2013-01-25 21:47:00", "2013-01-25", "2026-01-01 12:00:00")


def snapshot(sessions):
    with sessions() as session:
        conn = session.connection()
        return {table: conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY 1, 2").all()
                for table in ("articles", "authors", "article_authors", "highlights", "links",
                              "article_revisions")}


def test_same_page_again_writes_nothing_but_its_fetch_time(sessions):
    write(sessions, [cleaned()])
    before = snapshot(sessions)
    result = write(sessions, [cleaned()], now=T2)
    assert (result.new, result.updated, result.refreshed, result.unchanged) == (0, 0, 0, 1)
    assert snapshot(sessions) == before
    with sessions() as session:
        assert session.scalars(select(Fetch.last_fetched_at)).one() == T2


def test_changed_story_keeps_the_previous_version(sessions):
    write(sessions, [cleaned()])
    result = write(sessions, [cleaned(authors=["Nima Elbagir"], highlights=[], links=[],
                                      body="A new version.")], now=T2)
    assert (result.new, result.updated, result.unchanged) == (0, 1, 0)
    assert counts(sessions) == {"articles": 1, "authors": 2, "article_authors": 1,
                                "highlights": 0, "links": 0}
    with sessions() as session:
        stored = session.scalars(select(Article)).one()
        assert (stored.body, stored.version, stored.version_at) == ("A new version.", 2, T2)
        assert stored.first_seen_at == T1.replace(microsecond=0)
        revision = session.scalars(select(ArticleRevision)).one()
        assert revision.version == 1
        assert revision.body == "Malian security forces have made their deepest gains yet."
        assert revision.authors == ["Nima Elbagir", "Ingrid Formanek"]
        assert revision.highlights == ["A bridge falls"]
        assert revision.version_at == T1.replace(microsecond=0)
        assert revision.replaced_at == T2


def test_every_version_is_one_query_away(sessions):
    write(sessions, [cleaned()])
    write(sessions, [cleaned(body="Second.")], now=T2)
    write(sessions, [cleaned(body="Third.")], now=datetime(2026, 1, 3, tzinfo=UTC))
    with sessions() as session:
        versions = session.connection().exec_driver_sql(
            "SELECT version, body FROM article_versions WHERE url = ? ORDER BY version",
            (cleaned().url,)).all()
    assert [tuple(v) for v in versions] == [
        (1, "Malian security forces have made their deepest gains yet."), (2, "Second."),
        (3, "Third.")]


def test_page_change_around_the_same_story_is_refreshed_without_a_revision(sessions):
    write(sessions, [cleaned()])
    result = write(sessions, [cleaned(timestamp_text="updated 4:47 PM EST, Fri January 25, 2013",
                                      links=[])], now=T2)
    assert (result.updated, result.refreshed) == (0, 1)
    with sessions() as session:
        stored = session.scalars(select(Article)).one()
        assert stored.timestamp_text == "updated 4:47 PM EST, Fri January 25, 2013"
        assert (stored.version, stored.last_crawled_at) == (1, T2)
        assert session.scalars(select(ArticleRevision)).all() == []
    assert counts(sessions)["links"] == 0


def test_batch_with_two_copies_of_one_story_keeps_the_last(sessions):
    result = write(sessions, [cleaned(), cleaned(body="Later copy.")])
    assert result.new == 1
    with sessions() as session:
        assert session.scalars(select(Article.body)).one() == "Later copy."


def test_hashes_tell_a_new_version_from_a_refreshed_page():
    assert content_hash(cleaned()) == content_hash(cleaned(source_url="http://www.cnn.com/x"))
    assert content_hash(cleaned()) != content_hash(cleaned(body="Other"))
    assert content_hash(cleaned()) != content_hash(cleaned(authors=["Ingrid Formanek"]))
    assert content_hash(cleaned()) == content_hash(cleaned(links=[], timestamp_text="x"))
    assert page_hash(cleaned()) != page_hash(cleaned(links=[]))
    assert page_hash(cleaned()) == page_hash(cleaned(source_url="http://www.cnn.com/x"))


def rows(sessions, sql):
    with sessions() as session:
        return [tuple(row) for row in session.connection().exec_driver_sql(sql).all()]


def test_blocks_credits_and_addresses_are_stored(sessions):
    item = cleaned(
        credits=[Credit("Nima Elbagir", outlet="CNN"), Credit("Erin Burnett", role="Host"),
                 Credit("Reuters", "agency"), Credit("CNN Wire Staff", "staff")],
        blocks=[Block("caption", "Soldiers in Diabaly."), Block("paragraph", "Malian forces advanced."),
                Block("subhead", "Key players"), Block("list_item", "Ansar Dine", "1.")],
        addresses=["http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html?hpt=hp_t3"],
        published_at=datetime(2013, 1, 25, tzinfo=UTC), published_precision="day")
    write(sessions, [item])
    assert rows(sessions, "SELECT au.name, au.kind, aa.role, aa.outlet FROM article_authors aa "
                          "JOIN authors au ON au.id = aa.author_id ORDER BY aa.position") == [
        ("Nima Elbagir", "person", None, "CNN"), ("Erin Burnett", "person", "Host", None),
        ("Reuters", "agency", None, None), ("CNN Wire Staff", "staff", None, None)]
    assert rows(sessions, "SELECT position, kind, text, marker FROM article_blocks") == [
        (0, "caption", "Soldiers in Diabaly.", None), (1, "paragraph", "Malian forces advanced.", None),
        (2, "subhead", "Key players", None), (3, "list_item", "Ansar Dine", "1.")]
    assert rows(sessions, "SELECT url FROM article_urls ORDER BY url") == [
        ("http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",),
        ("http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html?hpt=hp_t3",),
        ("https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html",)]
    assert rows(sessions, "SELECT published_at, published_precision FROM articles") == [
        ("2013-01-25 00:00:00", "day")]
    # A link made to any of the story's addresses joins to it.
    assert rows(sessions, "SELECT a.title FROM article_urls u JOIN articles a ON a.id = u.article_id "
                          "WHERE u.url = 'http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/"
                          "index.html?hpt=hp_t3'") == [("Malian security forces push into rebel territory",)]


CHILDREN = ("article_authors", "highlights", "links", "article_blocks")


def child_rows(sessions):
    return {table: rows(sessions, f"SELECT rowid, * FROM {table} ORDER BY rowid") for table in CHILDREN}


def test_date_only_change_updates_in_place_without_rewriting_parts(sessions):
    write(sessions, [cleaned()])
    before = child_rows(sessions)
    # The www rendering of the same story: other printed format, a later update time.
    result = write(sessions, [cleaned(timestamp_text="updated 4:47 PM EST, Fri January 25, 2013",
                                      updated_at=datetime(2013, 1, 25, 22, 0, tzinfo=UTC))], now=T2)
    assert (result.updated, result.refreshed) == (0, 1)
    assert child_rows(sessions) == before
    assert rows(sessions, "SELECT version, updated_at, timestamp_text FROM articles") == [
        (1, "2013-01-25 22:00:00", "updated 4:47 PM EST, Fri January 25, 2013")]
    assert rows(sessions, "SELECT count(*) FROM article_revisions") == [(0,)]


def test_story_text_change_is_a_new_version_but_dateline_and_dates_are_not():
    assert content_hash(cleaned()) == content_hash(cleaned(dateline="Bamako (CNN)",
                                                           updated_at=None, byline="By N. Elbagir"))
    assert content_hash(cleaned()) != content_hash(cleaned(title="Another title"))
    assert content_hash(cleaned()) != content_hash(cleaned(highlights=[]))
    assert page_hash(cleaned()) != page_hash(cleaned(blocks=[Block("caption", "New caption")]))


def test_rows_from_before_blocks_are_rewritten_in_place_by_the_next_crawl(sessions):
    write(sessions, [cleaned()])
    with sessions() as session, session.begin():
        # What migration 0006 leaves: no blocks yet, hashes emptied.
        session.connection().exec_driver_sql("DELETE FROM article_blocks")
        session.connection().exec_driver_sql("UPDATE articles SET content_hash = '', page_hash = ''")
    result = write(sessions, [cleaned(body="The text as the new parsers read it.")], now=T2)
    assert (result.updated, result.refreshed) == (0, 1)
    assert rows(sessions, "SELECT version, body FROM articles") == [
        (1, "The text as the new parsers read it.")]
    assert rows(sessions, "SELECT count(*) FROM article_revisions") == [(0,)]
    assert rows(sessions, "SELECT count(*) FROM article_blocks") == [(1,)]


def test_the_record_is_the_earliest_archived_capture_then_the_newest_page_of_today():
    from datetime import UTC, datetime

    from mali_news.archives.record import record_rank

    published = datetime(2013, 1, 25, 12, tzinfo=UTC)
    now = datetime(2026, 12, 5, tzinfo=UTC)
    first = record_rank("wayback", datetime(2013, 1, 26, tzinfo=UTC), published, now)
    later = record_rank("commoncrawl", datetime(2013, 2, 3, tzinfo=UTC), published, now)
    too_early = record_rank("wayback", datetime(2013, 1, 24, tzinfo=UTC), published, now)
    today = record_rank("live", None, published, now)
    yesterday = record_rank("live", None, published, datetime(2026, 12, 4, tzinfo=UTC))
    assert first < later < too_early < today < yesterday
