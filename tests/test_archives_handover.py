"""A page one archive cannot give is asked of the next archive its request names."""

from scrapy import Request
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from mali_news import meta
from mali_news.archives.handover import archives_of, first_archive, next_archive
from mali_news.meta import ARCHIVE_REQUEST

STORY = "http://www.cnn.com/2013/01/25/world/africa/mali-violence/index.html"


def stats() -> MemoryStatsCollector:
    return MemoryStatsCollector(get_crawler())


def attempt(archives: list[str] | None) -> Request:
    wanted = {"captured_at": "20130126"} | ({"archives": archives} if archives is not None else {})
    return Request(
        f"https://web.archive.org/web/20130126000000id_/{STORY}",
        meta={ARCHIVE_REQUEST: wanted, meta.ORIGINAL: STORY, "download_slot": "web.archive.org",
              "retry_times": 2, "mali_news_wayback_stage": "capture", "mali_news_lane_token": 3,
              meta.CAPTURE: "a capture", "depth": 2, "mali_news_found_by": "links"})


def test_the_archives_asked_are_those_named_or_the_wayback_machine_alone():
    assert archives_of(None) == []
    assert archives_of({}) == []
    assert archives_of({"captured_at": ""}) == ["wayback"]
    assert archives_of({"archives": ["commoncrawl", "wayback"]}) == ["commoncrawl", "wayback"]
    assert first_archive(Request(STORY)) == ""
    assert first_archive(attempt(["commoncrawl", "wayback"])) == "commoncrawl"


def test_the_next_archive_gets_the_original_address_and_none_of_the_last_attempt():
    collected = stats()
    handed = next_archive(attempt(["wayback", "commoncrawl"]), collected, "no_capture", "no capture")
    assert handed is not None
    assert handed.url == STORY
    assert handed.dont_filter
    assert handed.meta[ARCHIVE_REQUEST] == {"captured_at": "20130126", "archives": ["commoncrawl"]}
    # The first archive's slot, retries, stage and lane token would misplace the next attempt.
    assert {"download_slot", "retry_times", "mali_news_wayback_stage", "mali_news_lane_token",
            meta.CAPTURE}.isdisjoint(handed.meta)
    assert (handed.meta["depth"], handed.meta["mali_news_found_by"]) == (2, "links")
    assert collected.get_stats() == {"mali_news/archive/wayback/handed_over/no_capture": 1}


def test_the_last_archive_hands_nothing_over_and_counts_nothing():
    collected = stats()
    assert next_archive(attempt(["commoncrawl"]), collected, "unreachable", "refused") is None
    assert next_archive(attempt(None), collected, "unreachable", "refused") is None
    assert collected.get_stats() == {}
