import pytest

from mali_news.cleaning.highlights import clean_highlight, clean_highlights


@pytest.mark.parametrize(("bullet", "expected"), [
    ("NEW: Islamist extremists destroy a bridge near Tassiga, in southeastern Mali",
     ("Islamist extremists destroy a bridge near Tassiga, in southeastern Mali", True)),
    ("  • NEW: U.N. official warns the crisis has heightened the overall terrorism threat",
     ("U.N. official warns the crisis has heightened the overall terrorism threat", True)),
    ("NEW : The storm moves east", ("The storm moves east", True)),
    ("new:  lower case marker", ("lower case marker", True)),
    ("Fate of Macy's Thanksgiving Day Parade balloons still up in the air ",
     ("Fate of Macy's Thanksgiving Day Parade balloons still up in the air", False)),
    ("\xa0·\xa0Soldiers\u00a0take Hombori", ("Soldiers take Hombori", False)),
    ("NEWS: not the marker", ("NEWS: not the marker", False)),
    ("•", ("", False)),
    ("", ("", False)),
])
def test_clean_highlight(bullet, expected):
    assert clean_highlight(bullet) == expected


def test_clean_highlights_drops_empty_and_repeated_bullets():
    assert clean_highlights(["NEW: A", " ", "• B", "A", "B"]) == [("A", True), ("B", False)]
