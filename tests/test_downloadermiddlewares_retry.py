from datetime import UTC, datetime

import pytest

from mali_news.downloadermiddlewares.retry import backoff_delay, retry_after_seconds


@pytest.mark.parametrize(("retry", "base", "cap", "retry_after", "delay"), [
    (1, 2.0, 60.0, None, 2.0),
    (2, 2.0, 60.0, None, 4.0),
    (3, 2.0, 60.0, None, 8.0),
    (10, 2.0, 60.0, None, 60.0),
    (1, 2.0, 60.0, 30.0, 30.0),
    # Retry-After is honoured in full beyond the backoff's own cap, up to its own maximum.
    (1, 2.0, 60.0, 600.0, 600.0),
    (1, 2.0, 60.0, 3600.0, 3600.0),
    (1, 2.0, 60.0, 86400.0, 3600.0),
    (1, 0.0, 60.0, None, 0.0),
    (1, 0.0, 60.0, 5.0, 5.0),
])
def test_backoff_delay(retry, base, cap, retry_after, delay):
    assert backoff_delay(retry, base, cap, retry_after, retry_after_cap=3600.0) == delay


NOW = datetime(2013, 1, 25, 21, 47, tzinfo=UTC)


@pytest.mark.parametrize(("header", "seconds"), [
    (b"120", 120.0),
    (b" 7 ", 7.0),
    (b"Fri, 25 Jan 2013 21:48:00 GMT", 60.0),
    (b"Fri, 25 Jan 2013 21:40:00 GMT", 0.0),
    (b"soon", None),
    (b"", None),
    (None, None),
])
def test_retry_after_seconds(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds
