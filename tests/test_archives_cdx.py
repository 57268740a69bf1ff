"""The one reader of CDX answers: JSON and plain text, resume keys, malformed rows counted and skipped."""

import json

import pytest

from mali_news.archives.cdx import CdxAnswer, parse_cdx
from mali_news.archives.wayback import Snapshot

URL = "http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
HEADER = ["urlkey", "timestamp", "original", "statuscode"]


def row(timestamp: str, status: str = "200", original: str = URL) -> list[str]:
    return ["com,cnn)/2013/01/25/world/africa/mali-unrest/index.html", timestamp, original, status]


def test_json_rows_with_only_status_200_kept():
    answer = parse_cdx(json.dumps([HEADER, row("20130126000000"), row("20130214000000", "302"),
                                   row("20130401000000")]))
    assert answer == CdxAnswer([Snapshot("20130126000000", URL), Snapshot("20130401000000", URL)])


def test_json_with_a_resume_key():
    key = "com%2Ccnn%29%2F2013%2F01+20130126000000%3A"
    answer = parse_cdx(json.dumps([HEADER, row("20130126000000"), [], [key]]))
    assert answer.captures == [Snapshot("20130126000000", URL)] and answer.resume_key == key


@pytest.mark.parametrize("bad", [
    ["com,cnn)/x", "20130126000000"],  # a short row: an IndexError before
    row("2013-01-26"),  # a timestamp that is not one
    row("20130126000000", original=""),
    row("201301260000001234"),
])
def test_malformed_json_rows_are_counted_and_skipped(bad):
    answer = parse_cdx(json.dumps([HEADER, row("20130126000000"), bad, row("20130401000000")]))
    assert [c.timestamp for c in answer.captures] == ["20130126000000", "20130401000000"]
    assert answer.malformed == 1


def test_plain_text_answers():
    text = (f"com,cnn)/x 20130126000000 {URL} text/html 200 ABC 1234\n"
            f"com,cnn)/x 20130214000000 {URL} text/html 302 DEF 234\n"
            "com,cnn)/x\n"
            f"com,cnn)/x notatime {URL} text/html 200 GHI 99\n"
            "\ncom%2Ccnn%29%2Fx+20130214000000\n")
    answer = parse_cdx(text)
    assert answer.captures == [Snapshot("20130126000000", URL)]
    assert (answer.malformed, answer.resume_key) == (2, "com%2Ccnn%29%2Fx+20130214000000")


def test_empty_answers():
    assert parse_cdx("") == CdxAnswer() and parse_cdx("[]") == CdxAnswer()
    assert parse_cdx(json.dumps([HEADER])) == CdxAnswer()


@pytest.mark.parametrize("text", ['{"error": "x"}', "java.lang.RuntimeException: blocked site", "[1, 2",
                                  json.dumps([["urlkey", "digest"], ["a", "b"]])])
def test_what_is_no_cdx_answer_at_all(text):
    with pytest.raises(ValueError):
        parse_cdx(text)


def test_a_recorded_answer_with_revisit_rows_and_a_resume_key():
    from tests.recorded import load

    answer = parse_cdx(load("cdx_revisits_resume_key").body)
    # The line the index repeats is read as it comes; a revisit is no capture to read.
    assert [c.timestamp for c in answer.captures] == ["20010410213930", "20010410213930", "20010413234448"]
    assert (answer.revisits, answer.malformed) == (1, 0)
    assert answer.resume_key == "com%2Ccnn%29%2F+20010413234448%3A"
