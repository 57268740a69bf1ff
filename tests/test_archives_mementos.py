import pytest
from scrapy.http import Headers

from mali_news.archives.mementos import (
    address,
    archive_source,
    is_memento,
    is_playback_redirect,
    judge,
    location,
    memento_time,
    redirect_verdict,
    stamp,
)
from tests.recorded import every, load

STORY = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
BASE = "http://127.0.0.1:9"


def headers(name: str) -> Headers:
    return Headers(load(name).headers)


@pytest.mark.parametrize(("name", "memento"), [
    ("wayback_archived_301", True), ("wayback_archived_301_path", True), ("wayback_archived_404", True),
    ("wayback_archived_429", True), ("wayback_archived_303_loop", True), ("wayback_memento_200", True),
    ("wayback_playback_redirect", False), ("wayback_own_429", False), ("wayback_no_memento_404", False),
])
def test_whose_answer_it_is_is_read_from_memento_datetime_in_any_case(name, memento):
    assert is_memento(headers(name)) is memento


def test_every_recording_names_where_it_was_recorded_and_what_the_crawl_does():
    for recorded in every():
        assert recorded.source["repository"] and recorded.source["path"], recorded.name
        assert recorded.what and recorded.crawl_does, recorded.name
        assert recorded.request.startswith("https://"), recorded.name


def test_the_memento_time_is_the_archives_own_word():
    assert stamp(memento_time(headers("wayback_archived_429"))) == "20150129034904"
    assert memento_time(headers("wayback_own_429")) is None
    assert memento_time(Headers({"Memento-Datetime": "not a date"})) is None
    assert archive_source(headers("wayback_memento_200")).endswith(".warc.gz")
    assert archive_source(headers("wayback_own_429")) == ""


@pytest.mark.parametrize(("name", "expected"), [
    ("wayback_archived_301", "https://web.archive.org/web/20180808094144id_/https://www.epa.gov/ghgreporting/"),
    # Path-based: against the capture's own address.
    ("wayback_archived_301_path", "https://web.archive.org/web/20201027215555id_/https://www.whitehouse.gov/ostp/"),
])
def test_a_location_is_made_absolute(name, expected):
    recorded = load(name)
    assert location(recorded.request, headers(name)).startswith(expected)


def test_the_archives_own_playback_redirect_is_told_from_a_pages_recorded_one():
    playback = load("wayback_playback_redirect")
    target = location(playback.request, headers(playback.name))
    assert is_playback_redirect(headers(playback.name), playback.request, target)
    archived = load("wayback_archived_301")
    assert not is_playback_redirect(headers(archived.name), archived.request,
                                    location(archived.request, headers(archived.name)))
    # Without Memento-Datetime or a reason: the archive's own only when it keeps the same page.
    same = f"{BASE}/web/20130126000000id_/{STORY}"
    assert is_playback_redirect(Headers(), f"{BASE}/web/20130125id_/{STORY}", same)
    assert not is_playback_redirect(Headers(), f"{BASE}/web/20130125id_/{STORY}",
                                    f"{BASE}/web/20130125id_/http://edition.cnn.com/")


@pytest.mark.parametrize(("status", "content_type", "body", "original", "reason"), [
    (200, "text/html; charset=utf-8", b"<html>story</html>", STORY, ""),
    (200, "", b"<html>story</html>", STORY.replace("edition", "www").replace("http:", "https:"), ""),
    (404, "text/html", b"<html>Page not found</html>", STORY, "archived_404"),
    (410, "text/html", b"gone", STORY, "archived_404"),
    (429, "text/html", b"slow down", STORY, "archived_429"),
    (500, "text/html", b"error", STORY, "archived_5xx"),
    (503, "text/html", b"unavailable", STORY, "archived_5xx"),
    (403, "text/html", b"forbidden", STORY, "archived_4xx"),
    (200, "text/html", b"  \n", STORY, "empty_memento"),
    (200, "application/pdf", b"%PDF-1.4", STORY, "not_html_memento"),
    (200, "text/html", b"<html>front page</html>", "http://edition.cnn.com/", "archived_redirect_elsewhere"),
])
def test_what_a_memento_is_to_the_story(status, content_type, body, original, reason):
    assert judge(status, content_type, body, original, STORY).reason == reason


@pytest.mark.parametrize(("target", "chain", "reason"), [
    # The same story on the other host, or with https: followed.
    (STORY.replace("edition.", "www."), [address(STORY)], ""),
    (STORY.replace("http:", "https:"), [address(STORY)], ""),
    # A login page may lead back: followed, and judged where the chain ends.
    ("http://audience.cnn.com/services/cnn/login?redirect_uri=x", [address(STORY)], ""),
    # Back at an address already visited: a loop.
    (STORY, [address(STORY), "http://audience.cnn.com/login"], "redirect_loop"),
    # Seven hops without reaching the story.
    ("http://edition.cnn.com/a", [f"http://edition.cnn.com/{n}" for n in range(7)], "redirect_loop"),
    # The front page or a section: no redirect leads from there to the story.
    ("http://edition.cnn.com/", [address(STORY)], "archived_redirect_elsewhere"),
    ("http://www.cnn.com/world/africa/index.html", [address(STORY)], "archived_redirect_elsewhere"),
])
def test_where_an_archived_redirect_may_lead(target, chain, reason):
    assert redirect_verdict(target, chain, STORY).reason == reason


def test_the_guides_table_of_the_archives_answers_is_the_recordings():
    from pathlib import Path

    from tests.recorded import markdown_table

    guide = (Path(__file__).parent.parent / "docs" / "crawling.md").read_text()
    assert markdown_table() in guide
