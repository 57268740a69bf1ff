import pytest

from mali_news.cleaning.body import (
    clean_paragraphs,
    drop_repeated,
    drop_title_runs,
    is_boilerplate,
    is_doubled,
    is_link_line,
    split_dateline,
    word_count,
)


@pytest.mark.parametrize(("paragraph", "dateline", "rest"), [
    ("(CNN) -- Malian security forces have made their deepest gains",
     "(CNN)", "Malian security forces have made their deepest gains"),
    ("Moscow (CNN) -- A meteor exploded", "Moscow (CNN)", "A meteor exploded"),
    ("On the road to Timbuktu, Mali (CNN) -- The convoy", "On the road to Timbuktu, Mali (CNN)",
     "The convoy"),
    ("WASHINGTON (CNN) — The Pentagon", "WASHINGTON (CNN)", "The Pentagon"),
    ("Hong Kong (CNN Business) Asian markets", "Hong Kong (CNN Business)", "Asian markets"),
    ("London (CNN)Formula One", "London (CNN)", "Formula One"),
    ("A spokesman for the French defense ministry, speaking on condition of anonymity, told CNN "
     "(CNN) -- no", "",
     "A spokesman for the French defense ministry, speaking on condition of anonymity, told CNN "
     "(CNN) -- no"),
    ("Hombori is 150 miles away", "", "Hombori is 150 miles away"),
])
def test_split_dateline(paragraph, dateline, rest):
    assert split_dateline(paragraph) == (dateline, rest)


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("Read more: What's behind the instability in Mali?", True),
    ("READ: Six reasons events in Mali matter", True),
    ("NEW: New fears for Timbuktu in Mali conflict", True),
    ("Photos: Fighting Islamists in Mali", True),
    ("WATCH: Kelly Sildaru lands a first", True),
    ("Read more in the Two° series", False),
    ("New elections: the runoff is set for August 11.", False),
    ("He said: the troops will stay.", False),
])
def test_is_link_line(paragraph, expected):
    assert is_link_line(paragraph) is expected


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("Part of complete coverage on", True),
    ("Read a version of this story on CNN Arabic.", True),
    ("CNN  — ", True),
    ("JUST WATCHED", True),
    ("Preserving Timbuktu's treasures 02:14", True),
    ("03:16 - Source: CNN", True),
    ("The vote begins at 10:30", False),
    ("What led to the coup?", False),
])
def test_is_boilerplate(paragraph, expected):
    assert is_boilerplate(paragraph) is expected


def test_is_doubled():
    caption = "Residents of Gao celebrate. French troops arrive."
    assert is_doubled(f"{caption} {caption}")
    assert not is_doubled(caption)


def test_drop_title_runs_removes_video_lists_but_keeps_single_subheads():
    paragraphs = ["A long story paragraph that ends properly.", "Stopping al Qaeda in North Africa",
                  "Broken limbs, broken lives in Mali", "Another real paragraph.", "Twin rovers",
                  "The rovers landed in 2004."]
    assert drop_title_runs(paragraphs) == [
        "A long story paragraph that ends properly.", "Another real paragraph.", "Twin rovers",
        "The rovers landed in 2004."]


def test_drop_repeated_drops_both_copies_of_a_caption():
    caption = "Malian soldiers patrol in a street in Diabaly on Wednesday."
    assert drop_repeated([caption, caption, "(CNN) -- Text."]) == ["(CNN) -- Text."]


def test_clean_paragraphs_keeps_story_text_only():
    caption = "Malian soldiers patrol in a street in Diabaly on Wednesday."
    raw = [caption, caption, "(CNN) -- Malian forces took Hombori.", "Read more: Mali Q&A",
           "Stopping al Qaeda in North Africa", "Mali forces push back Islamic militants",
           " Hombori is  150 miles from Gao. ", "Part of complete coverage on", ""]
    assert clean_paragraphs(raw) == ("(CNN)", ["Malian forces took Hombori.",
                                               "Hombori is 150 miles from Gao."])


def test_clean_paragraphs_without_dateline():
    assert clean_paragraphs(["First.", "Second."]) == ("", ["First.", "Second."])


@pytest.mark.parametrize(("body", "count"), [("", 0), ("One two", 2), ("A.\n\nB c", 3)])
def test_word_count(body, count):
    assert word_count(body) == count
