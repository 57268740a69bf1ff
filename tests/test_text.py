import pytest

from mali_news.text import normalize_space


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
