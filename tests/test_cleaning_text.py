import pytest

from mali_news.cleaning.text import duration, normalize_space


@pytest.mark.parametrize(("raw", "expected"), [
    ("  Joan\xa0Biskupic ", "Joan Biskupic"),
    ("Updated\n        9:22 PM EST,\tMon", "Updated 9:22 PM EST, Mon"),
    ("a\u200bb", "a b"),
    ("\ufeffTitle", "Title"),
    # U+FFFD stays: it stands for bytes no codec maps (decoding.py drops NULs before parsing).
    ("Mali\x00 troops\ufffd advanced\x0b", "Mali troops\ufffd advanced"),
    ("", ""),
    (None, ""),
])
def test_normalize_space(raw, expected):
    assert normalize_space(raw) == expected


@pytest.mark.parametrize(("seconds", "said"), [
    (45, "45 s"), (1800, "30 min"), (6 * 3600, "6 h"), (86400, "1 day"),
    (2 * 86400 + 3 * 3600, "2 days 3 h"), (0, "0 s"),
])
def test_duration(seconds, said):
    assert duration(seconds) == said
